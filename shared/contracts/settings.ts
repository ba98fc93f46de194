import type { z } from 'zod';
import type { settingsSchema } from '../schemas';
import type { ReminderKind } from '../constants';
import type { ItemResponse } from './common';

/** The plugin's settings (Settings > License Manager): `GET`/`PUT /license-manager/settings`. */
export interface Settings {
  expiringWithinDays: number;
  defaultCurrency: string;
  defaultVatRate: string | null;
  /** Installations not seen for this many days no longer count (docs/domain.md, "Installations"). */
  staleAfterDays: number;
  /** A signed-in user's own licenses (`GET /api/license-manager/me/licenses`) include those of the person with their e-mail. */
  linkPersonsByEmail: boolean;
  /** Renewal reminders (docs/api.md, "Renewal reminders"). */
  reminders: ReminderSettings;
}

export interface ReminderSettings {
  /** The daily job runs at `time` in `timezone`; false stops it (preview and run-now still answer). */
  enabled: boolean;
  /** Days before the date at which a stage becomes due: 1 to 6 distinct whole days 0..365, sorted descending. */
  offsets: number[];
  kinds: ReminderKind[];
  /** Who receives every reminder, besides each license's `notifyEmails`. */
  recipients: string[];
  /** "HH:MM", 24-hour. */
  time: string;
  /** An IANA time zone name ("Europe/Paris"). */
  timezone: string;
}

/**
 * What `GET /settings` answers: `reminders` (its recipients are people's addresses) only to a user
 * with the `settings` permission; a reader gets the values the license forms and lists use.
 */
/** `personsUserRelation`: the plugin config `persons.userRelation` (read only): persons have a `user` the person form picks. */
export type SettingsRead = Omit<Settings, 'reminders'> & { reminders?: ReminderSettings; personsUserRelation: boolean };

export type GetSettingsResponse = ItemResponse<SettingsRead>;
export interface UpdateSettingsRequest {
  body: { data: z.input<typeof settingsSchema> };
}
export type UpdateSettingsResponse = ItemResponse<Settings>;
