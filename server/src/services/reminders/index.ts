/**
 * Renewal reminders (docs/domain.md, "Renewal reminders"). A run finds the stage due for each
 * license and kind on a day, claims it by inserting its row (the unique index on license, kind,
 * date and offset lets one run in one process win), sends one digest per recipient through
 * Strapi's email plugin, and records the outcome: sent, or failed and tried again by the next
 * runs up to REMINDER_MAX_ATTEMPTS.
 *
 * A claim is a random token in the row. A run renews its claims before each e-mail and records
 * each delivery as it goes, every write conditional on its token; a claim left without news for
 * the claim window (a run that died, or stalled) may be taken over, and the run that lost it then
 * neither sends nor writes for it again. Each delivery is given up after half the window, so a
 * live run's claim never lapses while it waits for a mail server.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Scope } from '../../scope';
import { documentIdsInScope } from '../../db/scope';
import { PLUGIN_ID, REMINDER_DATE_FIELD, REMINDER_MAX_ATTEMPTS, UID, type ReminderKind } from '../../../../shared/constants';
import type { Pagination } from '../../../../shared/contracts/common';
import type { Reminder, ReminderPreviewItem, ReminderRunReport } from '../../../../shared/contracts/reminders';
import { getService } from '../../plugin';
import { isUniqueViolation, newDocumentId } from '../../db';
import {
  insertReminder,
  licensesWithDatesBetween,
  pendingOfClaimed,
  reclaimReminder,
  reminderPage,
  remindersOfLicenses,
  writeClaimedReminder,
  type ReminderRow,
} from '../../db/reminders';
import { listOf } from '../license/present';
import { renderDigest, type DigestLine } from './digest';
import { addDays, todayIn } from '../../../../shared/days';
import { dueStage } from './stages';

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

const day = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());
const unionOf = (...lists: string[][]) => {
  const out: string[] = [];
  for (const e of lists.flat()) if (!out.some((o) => o.toLowerCase() === e.toLowerCase())) out.push(e);
  return out;
};

/** A stage this run holds: its row, its claim's token, and the recipients it has still to reach. */
interface Claim {
  stage: DueStage;
  row: ReminderRow;
  token: string;
  pending: string[];
  line?: DigestLine;
  /** Another run took the row over: this one sends and writes nothing more for it. */
  lost: boolean;
}

/** What a due stage with its row, if any, calls for in a run: a send (first or retry), or nothing. */
const actionOf = (stage: DueStage, now: number, claimMs: number): 'send' | 'retry' | 'alreadySent' | 'exhausted' => {
  const row = stage.row;
  if (!row) return 'send';
  if (row.state === 'sent') return 'alreadySent';
  const stale = row.state === 'sending' && now - new Date(row.claimedAt ?? 0).getTime() > claimMs;
  if (row.state === 'sending' && !stale) return 'alreadySent';
  return row.attempts < REMINDER_MAX_ATTEMPTS ? 'retry' : 'exhausted';
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const claimMs = () => 1000 * strapi.config.get<number>(`plugin::${PLUGIN_ID}.reminderClaimSeconds`, 600);

  /** Every stage due on `on`, with its recorded row and its recipients (a retry's: those still pending). */
  const dueStages = async (on: string): Promise<DueStage[]> => {
    const { reminders: config } = await getService(strapi, 'settings').get();
    if (!config.kinds.length) return [];
    const until = addDays(on, Math.max(...config.offsets));
    const stages: DueStage[] = [];
    for (let lastId = 0; ; ) {
      const licenses = await licensesWithDatesBetween(strapi, { afterId: lastId, kinds: config.kinds, from: on, until, limit: BATCH });
      if (!licenses.length) break;
      lastId = licenses[licenses.length - 1].id;
      const rows = await remindersOfLicenses(
        strapi,
        licenses.map((l) => l.documentId),
      );
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

  /**
   * Inserts a first attempt's row, or takes a failed or lapsed one for another attempt, under a new
   * token; null when another run has it.
   */
  const claim = async (stage: DueStage, window: number): Promise<Claim | null> => {
    const now = new Date();
    const token = randomUUID();
    if (!stage.row) {
      try {
        const row = await insertReminder(strapi, {
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
          claimToken: token,
          claimedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        return { stage, row, token, pending: stage.recipients, lost: false };
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    }
    // Conditional on the row as read: of two runs retrying at once, one changes it; and a `sending`
    // row only while its claim is still lapsed, as the run holding it renews it as it goes.
    const { row } = stage;
    const lapsedBefore = row.state === 'sending' ? new Date(now.getTime() - window) : undefined;
    if (!(await reclaimReminder(strapi, row, { token, at: now, lapsedBefore }))) return null;
    // Who is still to get it, as the row says now that no other run can write it: a run whose
    // claim lapsed may have delivered to some since this run read the row.
    const pending = await pendingOfClaimed(strapi, row.id, token);
    return { stage, row: { ...row, state: 'sending', attempts: row.attempts + 1 }, token, pending: listOf(pending), lost: false };
  };

  /** Writes `data` to a claimed row if the claim still holds; marks the claim lost otherwise. */
  const write = async (c: Claim, data: Record<string, unknown>): Promise<boolean> => {
    if (c.lost) return false;
    if (!(await writeClaimedReminder(strapi, c.row.id, c.token, data))) c.lost = true;
    return !c.lost;
  };

  /** Sends through Strapi's email plugin, given up after `ms` whatever the provider does. */
  const deliver = async (message: { to: string; subject: string; text: string; html: string }, ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the mail server did not answer within ${Math.round(ms / 1000)} s`)), ms);
    });
    try {
      await Promise.race([strapi.plugin('email').service('email').send(message), timeout]);
    } finally {
      clearTimeout(timer);
    }
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
    async preview(on: string, scope: Scope = null): Promise<ReminderPreviewItem[]> {
      const now = Date.now();
      const window = claimMs();
      const stages = await dueStages(on);
      // A reader with a scope (../../scope) sees the reminders of its licenses only.
      const shown = scope
        ? await documentIdsInScope(
            strapi,
            UID.license,
            stages.map((s) => s.license.documentId),
            scope,
          )
        : null;
      return stages
        .filter((s) => (!shown || shown.has(s.license.documentId)) && s.recipients.length && ['send', 'retry'].includes(actionOf(s, now, window)))
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
      const window = claimMs();
      const claimed: Claim[] = [];
      for (const stage of await dueStages(on)) {
        const action = actionOf(stage, now, window);
        if (action === 'alreadySent') report.alreadySent++;
        if ((action !== 'send' && action !== 'retry') || !stage.recipients.length) continue;
        const c = await claim(stage, window);
        if (c) claimed.push(c);
        else report.alreadySent++;
      }
      if (!claimed.length) return report;

      // One digest per recipient, in a stable order.
      const byRecipient = new Map<string, { to: string; claims: Claim[] }>();
      for (const c of claimed) {
        c.line = await digestLine(c.stage);
        for (const to of c.pending) {
          const key = to.toLowerCase();
          const entry = byRecipient.get(key) ?? { to, claims: [] };
          entry.claims.push(c);
          byRecipient.set(key, entry);
        }
      }
      const errors = new Map<string, string>();
      for (const [key, { to, claims }] of [...byRecipient].sort(([a], [b]) => a.localeCompare(b))) {
        // Renewed before the e-mail: a claim another run took over is not sent again.
        const held: Claim[] = [];
        for (const c of claims) if (await write(c, { claimedAt: new Date() })) held.push(c);
        if (!held.length) continue;
        try {
          await deliver(
            {
              to,
              ...renderDigest(
                held.map((c) => c.line!),
                adminUrl(),
              ),
            },
            window / 2,
          );
          report.messages++;
        } catch (error) {
          // The mail server's answer, without the message: it names the address, never a key.
          errors.set(key, String((error as Error)?.message ?? error).slice(0, 255));
          strapi.log.warn(`license-manager: a reminder e-mail to ${to} failed: ${errors.get(key)}`);
          continue;
        }
        // Recorded at once: a run taking the row over after this one's claim lapsed skips them.
        for (const c of held) {
          c.pending = c.pending.filter((r) => r.toLowerCase() !== key);
          await write(c, { pending: c.pending, claimedAt: new Date() });
        }
      }

      const at = new Date();
      for (const c of claimed) {
        const { stage, row, pending } = c;
        if (!pending.length && (await write(c, { state: 'sent', pending: [], sentAt: at, error: null }))) {
          await getService(strapi, 'history').record({
            license: stage.license,
            action: 'reminder_sent',
            actor: 'License Manager',
            changes: { kind: stage.kind, offset: stage.offset, dueDate: stage.dueDate, recipients: listOf(row.recipients) },
          });
          report.sent++;
        } else if (
          pending.length &&
          (await write(c, { state: 'failed', pending, error: pending.map((r) => errors.get(r.toLowerCase())).find(Boolean) ?? 'not delivered' }))
        ) {
          report.failed++;
        } else {
          // Taken over by another run: that run reports and records it.
          report.alreadySent++;
        }
      }
      return report;
    },

    /** The reminders recorded, newest first; `license` narrows to one license's. */
    async list(page: number, pageSize: number, license?: string, scope: Scope = null): Promise<{ data: Reminder[]; pagination: Pagination }> {
      const { rows, total } = await reminderPage(strapi, { offset: (page - 1) * pageSize, limit: pageSize, license, scope });
      return {
        data: rows.map((r) => ({
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
