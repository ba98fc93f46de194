/** The reminder rules of docs/domain.md as pure functions (server/src/services/reminders/stages.ts). */
import { addDays, daysBetween, todayIn } from '../../shared/days';
import { dueStage } from '../../server/src/services/reminders/stages';
import { cronRule } from '../../server/src/services/daily';
import { renderDigest } from '../../server/src/services/reminders/digest';

const OFFSETS = [90, 30, 7, 0];

describe('dueStage', () => {
  it.each([
    ['2029-12-30', null],
    ['2029-12-31', 90],
    ['2030-02-28', 90],
    ['2030-03-01', 30],
    ['2030-03-24', 7],
    ['2030-03-30', 7],
    ['2030-03-31', 0],
    ['2030-04-01', null],
  ])('for a date of 2030-03-31, on %s the stage due is %p', (on, offset) => {
    expect(dueStage('2030-03-31', on, OFFSETS)?.offset ?? null).toBe(offset);
  });

  it('counts the days left, across a leap day', () => {
    expect(dueStage('2028-03-01', '2028-02-28', OFFSETS)).toEqual({ offset: 7, daysLeft: 2 });
  });

  it('gives none without a date or when no offset is reached', () => {
    expect(dueStage(null, '2030-01-01', OFFSETS)).toBeNull();
    expect(dueStage('2030-03-31', '2030-03-20', [7])).toBeNull();
  });
});

describe('days', () => {
  it('adds and counts calendar days', () => {
    expect(addDays('2030-12-30', 3)).toBe('2031-01-02');
    expect(daysBetween('2030-12-30', '2031-01-02')).toBe(3);
    expect(daysBetween('2031-01-02', '2030-12-30')).toBe(-3);
  });

  it("takes today in the settings' time zone", () => {
    const instant = new Date('2030-06-30T23:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2030-06-30');
    expect(todayIn('Europe/Paris', instant)).toBe('2030-07-01');
    expect(todayIn('America/New_York', instant)).toBe('2030-06-30');
  });

  it('writes HH:MM as a daily cron rule', () => {
    expect(cronRule('07:00')).toBe('0 7 * * *');
    expect(cronRule('23:59')).toBe('59 23 * * *');
  });
});

describe('the reminder e-mail', () => {
  const line = (daysLeft: number, name = 'Office') => ({
    licenseDocumentId: 'abc',
    name,
    software: 'Office 2021',
    kind: 'expiration' as const,
    dueDate: '2026-12-10',
    daysLeft,
    seats: { total: 5, used: 2 },
  });

  it('says when once, in words', () => {
    const { text, html } = renderDigest([line(5), line(1, 'Visio'), line(0, 'Access')], 'https://cms.example.com/admin');
    expect(text).toContain('Office (Office 2021): License expires on 2026-12-10, in 5 days. Seats: 2 of 5 used.');
    expect(text).toContain('Visio (Office 2021): License expires on 2026-12-10, in 1 day.');
    expect(text).toContain('Access (Office 2021): License expires on 2026-12-10, today.');
    expect(`${text}${html}`).not.toMatch(/days? left/i);
    expect(html).toContain('<td>in 5 days</td>');
  });
});
