/**
 * The daily job: renewal reminders (and the compliance snapshot), run by Strapi's cron at the
 * reminder settings' time and timezone. Every process schedules it; what it does is claimed row
 * by row, so several processes running it at once still send each reminder once.
 */
import type { Core } from '@strapi/strapi';
import type { ReminderSettings } from '../../../shared/contracts/settings';
import type { ReminderRunReport } from '../../../shared/contracts/reminders';
import type { SnapshotResult } from '../../../shared/contracts/compliance';
import { invalidField } from '../errors';
import { getService } from '../plugin';

export const DAILY_JOB = 'licenseManagerDaily';
/** Checks every few minutes whether another process changed the schedule's settings. */
export const DAILY_SYNC_JOB = 'licenseManagerDailySync';

/** "MM HH * * *" from "HH:MM". */
export const cronRule = (time: string) => {
  const [hours, minutes] = time.split(':').map(Number);
  return `${minutes} ${hours} * * *`;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The settings the job is scheduled with now (null: not scheduled). */
  let scheduled: string | null = null;
  /** Whether this service listens to settings changes already (start may run again after stop). */
  let listening = false;
  const signature = (r: ReminderSettings) => `${r.time} ${r.timezone}`;

  return {
    /**
     * The daily job for the day `on` (default: today in the settings' timezone): the day's
     * compliance snapshot, then the reminders. The cron runs it every day, so the trend has no
     * gaps while reminders are disabled; `reminders.enabled: false` skips only the sending there.
     * A day after today is refused: its snapshot would be a guess, shown by the trend, and would
     * take that day's place when it comes.
     */
    async run(on?: string, { fromCron = false } = {}): Promise<{ on: string; snapshot: SnapshotResult; reminders: ReminderRunReport | null }> {
      const reminders = getService(strapi, 'reminders');
      const today = await reminders.today();
      if (on && on > today) throw invalidField('on', `must be today (${today} in the reminders' time zone) or an earlier day`);
      const day = on ?? today;
      // Terms that began or ended move seats and validity first, so the snapshot and the reminders see them.
      await getService(strapi, 'purchases').refreshTerms();
      const snapshot = await getService(strapi, 'compliance').snapshot(day);
      const enabled = (await getService(strapi, 'settings').get()).reminders.enabled;
      return { on: day, snapshot, reminders: fromCron && !enabled ? null : await reminders.run(day) };
    },

    /** (Re)registers the cron job from the settings; none while reminders are disabled. */
    async schedule() {
      const settings = getService(strapi, 'settings');
      settings.forget();
      const { reminders } = await settings.get();
      const next = signature(reminders);
      if (next === scheduled) return;
      strapi.cron.remove(DAILY_JOB);
      scheduled = next;
      strapi.cron.add({
        [DAILY_JOB]: {
          task: async () => {
            try {
              const { on, snapshot, reminders: r } = await this.run(undefined, { fromCron: true });
              strapi.log.info(
                `license-manager: daily job for ${on}: compliance snapshot ${snapshot.alreadyStored ? 'already stored' : `of ${snapshot.software} software`}; ` +
                  (r ? `${r.sent} reminders sent in ${r.messages} e-mails, ${r.failed} failed` : 'reminders disabled'),
              );
            } catch (error) {
              strapi.log.error(`license-manager: the daily job failed: ${(error as Error)?.message ?? error}`);
            }
          },
          options: { rule: cronRule(reminders.time), tz: reminders.timezone },
        },
      });
    },

    /** Schedules the job and keeps it in step with settings another process changes. */
    async start() {
      // A change of the reminders' time, timezone or switch saved here reschedules the job at once.
      if (!listening) {
        listening = true;
        getService(strapi, 'settings').onChange(async (changes) => {
          if (changes.reminders) await this.schedule();
        });
      }
      await this.schedule();
      strapi.cron.add({
        [DAILY_SYNC_JOB]: {
          task: () => this.schedule().catch((error) => strapi.log.warn(`license-manager: could not reschedule the daily job: ${error}`)),
          options: { rule: '*/5 * * * *' },
        },
      });
    },

    stop() {
      strapi.cron.remove(DAILY_JOB);
      strapi.cron.remove(DAILY_SYNC_JOB);
      scheduled = null;
    },
  };
};
