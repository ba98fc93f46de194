/**
 * The reminder rules of docs/domain.md ("Renewal reminders") as pure functions over days
 * ("YYYY-MM-DD"): which stage of a license's date is due on a day.
 */
import { DateTime } from 'luxon';

const dayOf = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });

/** Whole days from `from` to `to` (negative when `to` is before). */
export const daysBetween = (from: string, to: string): number => Math.round(dayOf(to).diff(dayOf(from), 'days').days);

/** `day` plus `days`, as "YYYY-MM-DD". */
export const addDays = (day: string, days: number): string => dayOf(day).plus({ days }).toISODate()!;

/** Today in a time zone: the day the daily job and the routes' default `on` mean. */
export const todayIn = (timezone: string, now: Date = new Date()): string => DateTime.fromJSDate(now).setZone(timezone).toISODate()!;

/**
 * The stage of `date` due on `on`: a stage is due from `date − offset` until `date`, and of the
 * stages reached only the latest (smallest offset) counts, so a run after downtime sends one
 * reminder, not a burst of older ones. None once the date has passed.
 */
export const dueStage = (date: string | null, on: string, offsets: readonly number[]): { offset: number; daysLeft: number } | null => {
  if (!date) return null;
  const daysLeft = daysBetween(on, date);
  if (daysLeft < 0) return null;
  const reached = offsets.filter((offset) => daysLeft <= offset);
  if (!reached.length) return null;
  return { offset: Math.min(...reached), daysLeft };
};
