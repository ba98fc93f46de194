/**
 * Renewal reminders (docs/domain.md, "Renewal reminders"). A run finds the stage due for each
 * license and kind on a day, claims it by inserting its row (the unique index on license, kind,
 * date and offset lets one run in one process win), sends one digest per recipient through
 * Strapi's email plugin, and records the outcome: sent, or failed and tried again by the next
 * runs up to REMINDER_MAX_ATTEMPTS.
 */
import type { Core } from '@strapi/strapi';
import {
  REMINDER_DATE_FIELD,
  REMINDER_MAX_ATTEMPTS,
  UID,
  type ReminderKind,
  type ReminderState,
} from '../../../../shared/constants';
import type { Pagination } from '../../../../shared/contracts/common';
import type { Reminder, ReminderPreviewItem, ReminderRunReport } from '../../../../shared/contracts/reminders';
import { getService } from '../../plugin';
import { isUniqueViolation, newDocumentId } from '../db';
import { listOf } from '../license/present';
import { renderDigest, type DigestLine } from './digest';
import { addDays, dueStage, todayIn } from './stages';

/** A `sending` row older than this was left by a run that died mid-send: it counts as failed. */
const STALE_SENDING_MS = 10 * 60 * 1000;
const BATCH = 500;

interface DueStage {
  license: { documentId: string; name: string };
  kind: ReminderKind;
  dueDate: string;
  offset: number;
  daysLeft: number;
  /** The row already recorded for this stage, if any. */
  row: ReminderRow | null;
  recipients: string[];
}

interface ReminderRow {
  id: number;
  documentId: string;
  licenseDocumentId: string;
  licenseName: string | null;
  kind: ReminderKind;
  dueDate: string;
  offsetDays: number;
  recipients: unknown;
  pending: unknown;
  state: ReminderState;
  attempts: number;
  claimedAt: string | Date | null;
  sentAt: string | Date | null;
  error: string | null;
  createdAt: string | Date;
}

const day = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());
const unionOf = (...lists: string[][]) => {
  const out: string[] = [];
  for (const e of lists.flat()) if (!out.some((o) => o.toLowerCase() === e.toLowerCase())) out.push(e);
  return out;
};

/** What a due stage with its row, if any, calls for in a run: a send (first or retry), or nothing. */
const actionOf = (stage: DueStage, now: number): 'send' | 'retry' | 'alreadySent' | 'exhausted' => {
  const row = stage.row;
  if (!row) return 'send';
  if (row.state === 'sent') return 'alreadySent';
  const stale = row.state === 'sending' && now - new Date(row.claimedAt ?? 0).getTime() > STALE_SENDING_MS;
  if (row.state === 'sending' && !stale) return 'alreadySent';
  return row.attempts < REMINDER_MAX_ATTEMPTS ? 'retry' : 'exhausted';
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reminders = () => strapi.db.query(UID.reminder);

  /** Every stage due on `on`, with its recorded row and its recipients (a retry's: those still pending). */
  const dueStages = async (on: string): Promise<DueStage[]> => {
    const { reminders: config } = await getService(strapi, 'settings').get();
    if (!config.kinds.length) return [];
    const until = addDays(on, Math.max(...config.offsets));
    const stages: DueStage[] = [];
    for (let lastId = 0; ; ) {
      const licenses = await strapi.db.query(UID.license).findMany({
        select: ['id', 'documentId', 'name', 'expirationDate', 'supportDate', 'notifyEmails'],
        where: {
          id: { $gt: lastId },
          $or: config.kinds.map((kind) => ({ [REMINDER_DATE_FIELD[kind]]: { $gte: on, $lte: until } })),
        },
        orderBy: { id: 'asc' },
        limit: BATCH,
      });
      if (!licenses.length) break;
      lastId = licenses[licenses.length - 1].id;
      const rows: ReminderRow[] = await reminders().findMany({ where: { licenseDocumentId: { $in: licenses.map((l) => l.documentId) } } });
      for (const license of licenses) {
        for (const kind of config.kinds) {
          const date = license[REMINDER_DATE_FIELD[kind]] == null ? null : day(license[REMINDER_DATE_FIELD[kind]]);
          const stage = dueStage(date, on, config.offsets);
          if (!stage || !date) continue;
          const row =
            rows.find((r) => r.licenseDocumentId === license.documentId && r.kind === kind && day(r.dueDate) === date && r.offsetDays === stage.offset) ?? null;
          const recipients = row ? listOf(row.pending) : unionOf(config.recipients, listOf(license.notifyEmails));
          stages.push({ license: { documentId: license.documentId, name: license.name }, kind, dueDate: date, ...stage, row, recipients });
        }
      }
    }
    return stages;
  };

  /** Inserts a first attempt's row, or takes a failed one for another attempt; false when another run has it. */
  const claim = async (stage: DueStage): Promise<ReminderRow | null> => {
    const now = new Date();
    if (!stage.row) {
      try {
        return await reminders().create({
          data: {
            documentId: newDocumentId(),
            licenseDocumentId: stage.license.documentId,
            licenseName: stage.license.name,
            kind: stage.kind,
            dueDate: stage.dueDate,
            offsetDays: stage.offset,
            recipients: stage.recipients,
            pending: stage.recipients,
            state: 'sending',
            attempts: 1,
            claimedAt: now,
            createdAt: now,
            updatedAt: now,
          },
        });
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    }
    // Conditional on the attempts read: of two runs retrying at once, one changes the row.
    const { count } = await reminders().updateMany({
      where: { id: stage.row.id, attempts: stage.row.attempts, state: stage.row.state },
      data: { state: 'sending', attempts: stage.row.attempts + 1, claimedAt: now, updatedAt: now },
    });
    return count === 1 ? { ...stage.row, state: 'sending', attempts: stage.row.attempts + 1 } : null;
  };

  /** A license as the e-mail shows it; a license deleted meanwhile is shown by name. */
  const digestLine = async (stage: DueStage): Promise<DigestLine> => {
    const license = await getService(strapi, 'license')
      .get(stage.license.documentId)
      .catch(() => null);
    const software = license?.software ? [license.software.name, license.software.version].filter(Boolean).join(' ') : '-';
    return {
      licenseDocumentId: stage.license.documentId,
      name: license?.name ?? stage.license.name,
      software,
      kind: stage.kind,
      dueDate: stage.dueDate,
      daysLeft: stage.daysLeft,
      seats: { total: license?.seats.total ?? 0, used: license?.seats.used ?? 0 },
    };
  };

  const adminUrl = () => strapi.config.get<string>('admin.absoluteUrl') ?? '/admin';

  return {
    /** Today in the settings' time zone: the default `on`. */
    async today(): Promise<string> {
      return todayIn((await getService(strapi, 'settings').get()).reminders.timezone);
    },

    /** What a run on `on` would send: due stages not sent yet, with recipients. */
    async preview(on: string): Promise<ReminderPreviewItem[]> {
      const now = Date.now();
      return (await dueStages(on))
        .filter((s) => s.recipients.length && ['send', 'retry'].includes(actionOf(s, now)))
        .map((s) => ({
          license: s.license,
          kind: s.kind,
          offset: s.offset,
          dueDate: s.dueDate,
          daysLeft: s.daysLeft,
          recipients: s.recipients,
          attempt: (s.row?.attempts ?? 0) + 1,
        }));
    },

    /** Sends what is due on `on`: one e-mail per recipient listing all of that recipient's reminders. */
    async run(on: string): Promise<ReminderRunReport> {
      const report: ReminderRunReport = { on, sent: 0, alreadySent: 0, failed: 0, messages: 0 };
      const now = Date.now();
      const claimed: Array<{ stage: DueStage; row: ReminderRow }> = [];
      for (const stage of await dueStages(on)) {
        const action = actionOf(stage, now);
        if (action === 'alreadySent') report.alreadySent++;
        if ((action !== 'send' && action !== 'retry') || !stage.recipients.length) continue;
        const row = await claim(stage);
        if (row) claimed.push({ stage, row });
        else report.alreadySent++;
      }
      if (!claimed.length) return report;

      // One digest per recipient, in a stable order.
      const byRecipient = new Map<string, Array<{ stage: DueStage; line: DigestLine }>>();
      for (const { stage } of claimed) {
        const line = await digestLine(stage);
        for (const to of stage.recipients) {
          const key = to.toLowerCase();
          byRecipient.set(key, [...(byRecipient.get(key) ?? []), { stage, line }]);
        }
      }
      const delivered = new Set<string>();
      const errors = new Map<string, string>();
      for (const [key, items] of [...byRecipient].sort(([a], [b]) => a.localeCompare(b))) {
        const to = items[0].stage.recipients.find((r) => r.toLowerCase() === key)!;
        try {
          await strapi.plugin('email').service('email').send({ to, ...renderDigest(items.map((i) => i.line), adminUrl()) });
          delivered.add(key);
          report.messages++;
        } catch (error) {
          // The mail server's answer, without the message: it names the address, never a key.
          errors.set(key, String((error as Error)?.message ?? error).slice(0, 255));
          strapi.log.warn(`license-manager: a reminder e-mail to ${to} failed: ${errors.get(key)}`);
        }
      }

      const at = new Date();
      for (const { stage, row } of claimed) {
        const pending = stage.recipients.filter((r) => !delivered.has(r.toLowerCase()));
        if (!pending.length) {
          await reminders().update({ where: { id: row.id }, data: { state: 'sent', pending: [], sentAt: at, error: null, updatedAt: at } });
          await getService(strapi, 'history').record({
            license: stage.license,
            action: 'reminder_sent',
            actor: 'License Manager',
            changes: { kind: stage.kind, offset: stage.offset, dueDate: stage.dueDate, recipients: listOf(row.recipients) },
          });
          report.sent++;
        } else {
          const error = pending.map((r) => errors.get(r.toLowerCase())).find(Boolean) ?? 'not delivered';
          await reminders().update({ where: { id: row.id }, data: { state: 'failed', pending, error, updatedAt: at } });
          report.failed++;
        }
      }
      return report;
    },

    /** The reminders recorded, newest first; `license` narrows to one license's. */
    async list(page: number, pageSize: number, license?: string): Promise<{ data: Reminder[]; pagination: Pagination }> {
      const where = license ? { licenseDocumentId: license } : {};
      const [rows, total] = await Promise.all([
        reminders().findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: (page - 1) * pageSize, limit: pageSize }),
        reminders().count({ where }),
      ]);
      return {
        data: (rows as ReminderRow[]).map((r) => ({
          documentId: r.documentId,
          license: { documentId: r.licenseDocumentId, name: r.licenseName ?? '' },
          kind: r.kind,
          offset: r.offsetDays,
          dueDate: day(r.dueDate),
          recipients: listOf(r.recipients),
          state: r.state,
          attempts: r.attempts,
          sentAt: iso(r.sentAt),
          error: r.error ?? null,
          createdAt: iso(r.createdAt)!,
        })),
        pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total },
      };
    },
  };
};
