/** The plugin's settings and the reminders' routes. */
import { z } from 'zod';
import { IANAZone } from 'luxon';
import { REMINDER_KINDS, REMINDER_OFFSETS_MAX, REMINDER_RECIPIENTS_MAX } from '../constants';
import { customParams } from '../issues';
import { isRealDay } from '../days';
import { DATE_FORMAT, optionalPercent, currency, integerIn, emailList } from './values';

/** `HH:MM`, 24-hour. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Settings' `reminders`; every part optional, so a PUT changes only what it sends. */
export const reminderSettingsSchema = z.strictObject(
  {
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    offsets: z
      .array(integerIn(0, 365), { error: 'must be a list of whole numbers of days' })
      .min(1, { error: 'must hold at least one offset' })
      .max(REMINDER_OFFSETS_MAX, { error: `must hold at most ${REMINDER_OFFSETS_MAX} offsets` })
      .refine((list) => new Set(list).size === list.length, { error: 'must not repeat an offset', params: customParams('distinct') })
      .transform((list) => [...list].sort((a, b) => b - a))
      .optional(),
    kinds: z
      .array(z.enum(REMINDER_KINDS, { error: `must be one of ${REMINDER_KINDS.join(', ')}` }), { error: 'must be a list of kinds' })
      .max(REMINDER_KINDS.length)
      .transform((list) => REMINDER_KINDS.filter((k) => list.includes(k)))
      .optional(),
    recipients: emailList(REMINDER_RECIPIENTS_MAX).optional(),
    time: z.string({ error: 'must be a time HH:MM' }).regex(TIME_OF_DAY, { error: 'must be a time HH:MM (00:00 to 23:59)' }).optional(),
    timezone: z
      .string({ error: 'must be an IANA time zone name' })
      .refine((zone) => IANAZone.isValidZone(zone), { error: 'must be an IANA time zone name (Europe/Paris, UTC)', params: customParams('timezone') })
      .optional(),
  },
  { error: 'must be an object' },
);

export const settingsSchema = z.strictObject({
  expiringWithinDays: integerIn(1, 3650).optional(),
  defaultCurrency: currency().optional(),
  defaultVatRate: optionalPercent().optional(),
  staleAfterDays: integerIn(1, 3650).optional(),
  linkPersonsByEmail: z.boolean({ error: 'must be true or false' }).optional(),
  reminders: reminderSettingsSchema.optional(),
});

/** A day `on` as the reminders routes take it ("YYYY-MM-DD"). */
export const dayOfRun = () =>
  z
    .string({ error: 'must be a date (YYYY-MM-DD)' })
    .regex(DATE_FORMAT, { error: 'must be a date (YYYY-MM-DD)' })
    .refine(isRealDay, { error: 'is not a real calendar date', params: customParams('realDate') });

/** POST /reminders/run: `{ data: { on? } }`, or no body. */
export const reminderRunSchema = z.strictObject({ on: dayOfRun().optional() }, { error: 'must be an object' });
