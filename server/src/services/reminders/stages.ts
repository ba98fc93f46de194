/**
 * The reminder rules of docs/domain.md ("Renewal reminders") as pure functions over days
 * ("YYYY-MM-DD"): which stage of a license's date is due on a day.
 */
import { daysBetween } from '../../../../shared/days';

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
