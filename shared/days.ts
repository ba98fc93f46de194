/**
 * Calendar days ("YYYY-MM-DD"), the one place server and admin compute them. A license's dates are
 * days without a time or zone, stored as date columns and compared in UTC; only "today" depends on
 * a zone (the reminders' time zone), and a date picker works in the browser's local calendar.
 */
import { DateTime } from 'luxon';

const utcDay = (day: string) => DateTime.fromISO(day, { zone: 'UTC' });

/** The UTC day of an instant. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** `day` plus `days` (negative goes back). */
export const addDays = (day: string, days: number): string => utcDay(day).plus({ days }).toISODate()!;

/** `day` plus `months` calendar months (the 31st of a shorter month is its last day). */
export const addMonths = (day: string, months: number): string => utcDay(day).plus({ months }).toISODate()!;

/** Calendar months from `from` to `to`, with the part of a month as a fraction. */
export const monthsBetween = (from: string, to: string): number => utcDay(to).diff(utcDay(from), 'months').months;

/** Whole days from `from` to `to` (negative when `to` is before). */
export const daysBetween = (from: string, to: string): number => Math.round(utcDay(to).diff(utcDay(from), 'days').days);

/** Today in a time zone: the day the daily job and the reminders routes' default `on` mean. */
export const todayIn = (timezone: string, now: Date = new Date()): string => DateTime.fromJSDate(now).setZone(timezone).toISODate()!;

/** A "YYYY-MM-DD" text that names a day of the calendar (not 2026-02-30). */
export const isRealDay = (text: string): boolean => {
  const day = utcDay(text);
  return day.isValid && day.toISODate() === text;
};

/** A date column's value as a day, or null: drivers give a "YYYY-MM-DD" string, a timestamp text or a Date. */
export const dayOfColumn = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return isoDay(v);
  return String(v).slice(0, 10);
};

/** A day as the browser's local midnight (a date picker's value), and back. */
export const localDate = (day: string): Date => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d);
};
export const localDay = (date: Date): string => DateTime.fromJSDate(date).toISODate()!;
