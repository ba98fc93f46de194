/**
 * Renewal reminders (docs/api.md, "Renewal reminders"): the preview, a run's report and the
 * record of reminders. Types only.
 */
import type { ReminderKind, ReminderState } from '../constants';
import type { ItemResponse, ListResponse } from './common';

/** One due stage as the preview shows it: what a run on `on` would send. */
export interface ReminderPreviewItem {
  license: { documentId: string; name: string };
  kind: ReminderKind;
  offset: number;
  /** The license's date the reminder is about ("YYYY-MM-DD"). */
  dueDate: string;
  /** Days from `on` to `dueDate`. */
  daysLeft: number;
  recipients: string[];
  /** 1 for a first send; 2 or 3 for a retry of a failed one. */
  attempt: number;
}
/** `GET /license-manager/reminders/preview?on=YYYY-MM-DD`. */
export interface ReminderPreviewResponse {
  data: ReminderPreviewItem[];
  meta: { on: string };
}

/** `POST /license-manager/reminders/run`: counts of reminders (stages) and of e-mails (`messages`, one per recipient). */
export interface ReminderRunReport {
  on: string;
  sent: number;
  alreadySent: number;
  failed: number;
  messages: number;
}
export type ReminderRunResponse = ItemResponse<ReminderRunReport>;
export interface ReminderRunRequest {
  body?: { data?: { on?: string } };
}

/** A recorded reminder (`GET /license-manager/reminders`), newest first. */
export interface Reminder {
  documentId: string;
  license: { documentId: string; name: string };
  kind: ReminderKind;
  offset: number;
  dueDate: string;
  /** Only to a user with the `settings` permission (people's addresses, as in `GET /settings`). */
  recipients?: string[];
  /** `sending` only while a run delivers it (seconds). */
  state: ReminderState;
  attempts: number;
  sentAt: string | null;
  /** Why the last attempt failed (the mail server's answer, which may quote addresses), for a `failed` one; with `recipients` only. */
  error?: string | null;
  createdAt: string;
}
export type ReminderListResponse = ListResponse<Reminder>;
