/**
 * The daily job: renewal reminders (and the compliance snapshot), run by Strapi's cron at the
 * reminder settings' time and timezone. Every process schedules it; what it does is claimed row
 * by row, so several processes running it at once still send each reminder once.
 */
import type { Core } from '@strapi/strapi';
import type { ReminderSettings } from '../../../shared/contracts/settings';
import type { ReminderRunReport } from '../../../shared/contracts/reminders';
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
  const signature = (r: ReminderSettings) => (r.enabled ? `${r.time} ${r.timezone}` : 'off');

  return {
    /** The daily job for the day `on` (default: today in the settings' timezone). */
    async run(on?: string): Promise<{ on: string; reminders: ReminderRunReport }> {
      const reminders = getService(strapi, 'reminders');
      const day = on ?? (await reminders.today());
      const report = await reminders.run(day);
      // Compliance snapshot of the day goes here (issue 11): await getService(strapi, 'compliance').snapshot(day);
      return { on: day, reminders: report };
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
      if (!reminders.enabled) return;
      strapi.cron.add({
        [DAILY_JOB]: {
          task: async () => {
            try {
              const { reminders: r } = await this.run();
              strapi.log.info(`license-manager: daily job for ${r.on}: ${r.sent} reminders sent in ${r.messages} e-mails, ${r.failed} failed`);
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
