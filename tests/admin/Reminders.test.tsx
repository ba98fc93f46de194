/**
 * The Reminders part of the settings page in jsdom: the form's values to and from the API, the
 * server's field errors on their fields, the preview with "Run now", and the record page by page.
 */
import './support/jsdom';
import * as React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { REMINDER_DEFAULTS } from '../../shared/constants';
import { fieldErrorsOf } from '../../admin/src/api/errors';
import type { Reminder, ReminderPreviewItem } from '../../admin/src/api/types';
import { ReminderLog } from '../../admin/src/components/reminders/ReminderLog';
import { ReminderPreview } from '../../admin/src/components/reminders/ReminderPreview';
import { ReminderSettingsFields } from '../../admin/src/components/reminders/ReminderSettingsFields';
import { ReminderTable } from '../../admin/src/components/reminders/ReminderTable';
import { toReminderForm, toReminderPayload, type ReminderForm } from '../../admin/src/components/reminders/values';
import { page } from './support/fixtures';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

beforeEach(() => resetStrapiAdmin());

const due = (name: string, overrides: Partial<ReminderPreviewItem> = {}): ReminderPreviewItem => ({
  license: { documentId: `lic-${name}`, name },
  kind: 'expiration',
  offset: 30,
  dueDate: '2026-12-28',
  daysLeft: 30,
  recipients: ['it@example.com'],
  attempt: 1,
  ...overrides,
});

const sent = (name: string, overrides: Partial<Reminder> = {}): Reminder => ({
  documentId: `rem-${name}`,
  ...due(name),
  state: 'sent',
  attempts: 1,
  sentAt: '2026-11-28T07:00:00.000Z',
  error: null,
  createdAt: '2026-11-28T07:00:00.000Z',
  ...overrides,
});

const cellsOf = (testId: string) => screen.getAllByTestId(testId).map((row) => [...row.querySelectorAll('td')].map((c) => c.textContent));

describe('the form values', () => {
  test('lists become text and back; whole numbers are sent as numbers, anything else as typed for the server to name', () => {
    const form = toReminderForm({
      enabled: false,
      offsets: [60, 14],
      kinds: ['support'],
      recipients: ['a@example.com', 'b@example.com'],
      time: '08:30',
      timezone: 'Europe/Paris',
    });
    expect(form).toEqual({
      enabled: false,
      offsets: '60, 14',
      kinds: ['support'],
      recipients: 'a@example.com\nb@example.com',
      time: '08:30',
      timezone: 'Europe/Paris',
    });
    expect(toReminderPayload({ ...form, offsets: '90,30 , 7, soon', recipients: 'a@example.com, b@example.com\n\nc@example.com' })).toEqual({
      enabled: false,
      offsets: [90, 30, 7, 'soon'],
      kinds: ['support'],
      recipients: ['a@example.com', 'b@example.com', 'c@example.com'],
      time: '08:30',
      timezone: 'Europe/Paris',
    });
  });

  test("settings stored before reminders existed get the server's defaults (shared/constants)", () => {
    expect(toReminderPayload(toReminderForm(undefined))).toEqual(REMINDER_DEFAULTS);
    // And those are the defaults docs/api.md gives.
    expect(REMINDER_DEFAULTS).toEqual({
      enabled: true,
      offsets: [90, 30, 7, 0],
      kinds: ['expiration', 'support'],
      recipients: [],
      time: '07:00',
      timezone: 'UTC',
    });
  });
});

describe('ReminderSettingsFields', () => {
  const Harness = ({ errors = {}, onChange }: { errors?: Record<string, string>; onChange?: (f: ReminderForm) => void }) => {
    const [values, setValues] = React.useState(toReminderForm(undefined));
    return (
      <ReminderSettingsFields
        values={values}
        errors={errors}
        disabled={false}
        onChange={(next) => {
          setValues(next);
          onChange?.(next);
        }}
      />
    );
  };

  test("the 400's entries show on their fields, an entry of a list on the list's field", () => {
    const error = serverError(400, '2 errors occurred', {
      errors: [
        { path: ['reminders', 'offsets', 1], message: 'must be a whole number from 0 to 365' },
        { path: ['reminders', 'recipients', 0], message: 'must be an e-mail address' },
        { path: ['reminders', 'timezone'], message: 'must be an IANA time zone' },
      ],
    });
    renderWithProviders(<Harness errors={fieldErrorsOf(error.response!.data!.error)} />);
    expect(document.getElementById('lm-reminders.offsets-error')?.textContent).toBe('must be a whole number from 0 to 365');
    expect(document.getElementById('lm-reminders.recipients-error')?.textContent).toBe('must be an e-mail address');
    expect(document.getElementById('lm-reminders.timezone-error')?.textContent).toBe('must be an IANA time zone');
    expect(document.getElementById('lm-reminders.time-error')).toBeNull();
  });

  test('unticking a kind and typing offsets change the values', () => {
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Support end' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ kinds: ['expiration'] }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Days before the date' }), { target: { value: '60, 7' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ offsets: '60, 7', kinds: ['expiration'] }));
  });
});

describe('ReminderPreview', () => {
  const renderPreview = (canRun = true) =>
    renderWithProviders(
      <MemoryRouter>
        <ReminderPreview canRun={canRun} />
      </MemoryRouter>,
    );

  test('lists what a run would send today, each license linked', async () => {
    fetchClient.get.mockImplementation(async (url: string) => {
      if (url === '/license-manager/reminders/preview') {
        return { data: { data: [due('Office'), due('Acrobat', { kind: 'support', offset: 0, recipients: [] })], meta: { on: '2026-11-28' } } };
      }
      throw new Error(`unexpected GET ${url}`);
    });
    renderPreview();
    await screen.findAllByTestId('reminder-due');
    expect(cellsOf('reminder-due')).toEqual([
      ['Office', 'License expiration', '30 days before', 'Dec 28, 2026', 'it@example.com'],
      ['Acrobat', 'Support end', 'On the day', 'Dec 28, 2026', 'No recipient'],
    ]);
    expect(screen.getByRole('link', { name: 'Office' }).getAttribute('href')).toBe('/plugins/license-manager/licenses/lic-Office');
  });

  test('Run now asks first, then runs, says what was sent and refreshes the preview', async () => {
    let run = false;
    fetchClient.get.mockImplementation(async () => ({ data: { data: run ? [] : [due('Office')], meta: { on: '2026-11-28' } } }));
    fetchClient.post.mockImplementation(async (url: string) => {
      expect(url).toBe('/license-manager/reminders/run');
      run = true;
      return { data: { data: { on: '2026-11-28', sent: 1, alreadySent: 2, failed: 0, messages: 1 }, meta: {} } };
    });
    renderPreview();
    await screen.findAllByTestId('reminder-due');
    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Send the reminders due today now?');
    expect(fetchClient.post).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: '1 reminder was sent in 1 e-mail. 2 had been sent before.' }),
    );
    await screen.findByText('No reminder is due today.');
  });

  test('a run whose deliveries failed says so in plain words', async () => {
    // The server counts the e-mails it tried (messages: 2): none of them carried a reminder that was sent.
    fetchClient.get.mockImplementation(async () => ({ data: { data: [due('Office')], meta: { on: '2026-11-28' } } }));
    fetchClient.post.mockResolvedValue({ data: { data: { on: '2026-11-28', sent: 0, alreadySent: 0, failed: 2, messages: 2 }, meta: {} } });
    renderPreview();
    await screen.findAllByTestId('reminder-due');
    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(toggleNotification).toHaveBeenCalledWith({
        type: 'warning',
        message: 'No reminder was sent. 2 could not be delivered: the record below says why.',
      }),
    );
  });

  test('without the settings permission there is no Run now', async () => {
    fetchClient.get.mockResolvedValue({ data: { data: [], meta: { on: '2026-11-28' } } });
    renderPreview(false);
    await screen.findByText('No reminder is due today.');
    expect(screen.queryByRole('button', { name: 'Run now' })).toBeNull();
  });
});

describe('ReminderLog', () => {
  test('shows state, attempts and sending time, and pages through the record', async () => {
    fetchClient.get.mockImplementation(async (url: string, options?: unknown) => {
      expect(url).toBe('/license-manager/reminders');
      const { page: n } = (options as { params: { page: number } }).params;
      return n === 1
        ? page([sent('Office'), sent('Visio', { state: 'failed', attempts: 3, sentAt: null, error: '550 Mailbox unavailable' })], 1, 2)
        : page([sent('Acrobat', { kind: 'support', offset: 7 })], 2, 2);
    });
    renderWithProviders(
      <MemoryRouter>
        <ReminderLog />
      </MemoryRouter>,
    );
    await screen.findAllByTestId('reminder-sent');
    const first = cellsOf('reminder-sent');
    // The attempts under the state (a column of their own cut the last header at 1440 px).
    expect(first.map((r) => [r[0], r[5]])).toEqual([
      ['Office', 'Sent1 attempt'],
      ['Visio', 'Failed550 Mailbox unavailable3 attempts'],
    ]);
    // The reason under the state: the mail server's answer.
    expect(screen.getAllByTestId('reminder-error').map((e) => e.textContent)).toEqual(['550 Mailbox unavailable']);
    expect(first[1][6]).toBe('-');
    expect(first[1]).toHaveLength(7);
    expect(screen.getByTestId('reminder-log-page').textContent).toBe('Page 1 of 2');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Acrobat');
    expect(cellsOf('reminder-sent').map((r) => r.slice(0, 3))).toEqual([['Acrobat', 'Support end', '7 days before']]);
    expect(screen.getByTestId('reminder-log-page').textContent).toBe('Page 2 of 2');
    expect(fetchClient.get).toHaveBeenLastCalledWith('/license-manager/reminders', { params: { page: 2, pageSize: 10 } });
  });
});

describe('ReminderTable', () => {
  test('shows each recipient on a line of its own, broken only after its @', () => {
    renderWithProviders(
      <MemoryRouter>
        <ReminderTable rows={[due('Office', { recipients: ['visio-owner.mx0ll661@example.com', 'it@example.com'] })]} testId="row" />
      </MemoryRouter>,
    );
    const [cells] = cellsOf('row');
    expect(cells[4]).toBe('visio-owner.mx0ll661@example.comit@example.com');
    const lines = [...screen.getAllByTestId('row')[0].querySelectorAll('td')[4].children];
    expect(lines.map((l) => l.textContent)).toEqual(['visio-owner.mx0ll661@example.com', 'it@example.com']);
    // Each part unbreakable, with a break opportunity (<wbr>) after the @ only.
    expect(
      lines.map((l) => [...l.childNodes].map((n) => (n.nodeName === 'WBR' ? '<wbr>' : `${n.textContent}:${(n as HTMLElement).style.whiteSpace}`))),
    ).toEqual([
      ['visio-owner.mx0ll661@:nowrap', '<wbr>', 'example.com:nowrap'],
      ['it@:nowrap', '<wbr>', 'example.com:nowrap'],
    ]);
  });
});
