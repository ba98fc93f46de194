/**
 * The Reminders part of the settings form: the API's `reminders` object (docs/api.md, "Renewal
 * reminders") as the form edits it (lists as text), back to the API's shape, and the server's field
 * errors placed on the form's fields.
 */
import { REMINDER_DEFAULTS, type ReminderKind } from '../../../../shared/constants';
import type { ReminderSettings } from '../../api/types';

export interface ReminderForm {
  enabled: boolean;
  offsets: string;
  kinds: ReminderKind[];
  recipients: string;
  time: string;
  timezone: string;
}

export const toReminderForm = (r: Partial<ReminderSettings> | undefined): ReminderForm => {
  const s = { ...REMINDER_DEFAULTS, ...r };
  return { ...s, offsets: s.offsets.join(', '), recipients: s.recipients.join('\n') };
};

const items = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The API's shape. A whole number is sent as a number; anything else is sent as typed, so the
 * server's 400 names that entry (the server is the one judge of what is valid).
 */
export const toReminderPayload = (f: ReminderForm) => ({
  enabled: f.enabled,
  offsets: items(f.offsets).map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
  kinds: f.kinds,
  recipients: items(f.recipients),
  time: f.time.trim(),
  timezone: f.timezone.trim(),
});

/** The error of a form field: its own path's, or the first of an entry under it ("reminders.offsets.2"). */
export const reminderErrorOf = (errors: Record<string, string>, field: keyof ReminderForm) => {
  const path = `reminders.${field}`;
  if (errors[path]) return errors[path];
  const key = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return key ? errors[key] : undefined;
};
