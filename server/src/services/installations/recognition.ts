/**
 * Recognition (docs/domain.md, "Installations"): the rules in order for a generation, what they make
 * of an entry, and the background re-recognition. Every rule write raises the rules' generation;
 * each installation stores the generation that recognized it, so the installations left to
 * re-recognize are those below the current one, in any process, across restarts. Two processes
 * re-recognizing at once write the same values; a row a newer generation recognized is never
 * written back (db/installations setRecognition).
 */
import type { Core } from '@strapi/strapi';
import { inRuleOrder, recognize, type ReportedEntry, type Rule } from '../../domain/installations';
import { writeTransaction } from '../../db';
import { outdatedInstallations, recognitionProgress, setRecognition, type Recognized } from '../../db/installations';
import { ruleRows, rulesGeneration, shareRulesGeneration, type RuleRow } from '../../db/installation-rules';
import type { MatchOp } from '../../../../shared/constants';

/** A stored rule's match, from its columns: each part `{ op, value }`, or null when it does not match on it. */
export const ruleMatchOf = (r: Pick<RuleRow, 'nameOp' | 'nameValue' | 'publisherOp' | 'publisherValue'>) => ({
  name: r.nameOp && r.nameValue != null ? { op: r.nameOp as MatchOp, value: r.nameValue } : null,
  publisher: r.publisherOp && r.publisherValue != null ? { op: r.publisherOp as MatchOp, value: r.publisherValue } : null,
});

/** A stored rule as the domain tries it. */
export const ruleOf = (r: RuleRow): Rule => ({
  id: r.id,
  position: r.position,
  match: ruleMatchOf(r),
  versionMin: r.versionMin,
  versionBelow: r.versionBelow,
  software: r.software?.id ?? null,
  ignore: Boolean(r.ignore),
});

/** What the first matching rule makes of an entry, as stored. */
export const recognizedBy = (rules: Rule[], entry: ReportedEntry): Recognized => {
  const r = recognize(rules, entry);
  if (!r) return { recognition: 'unrecognized', softwareId: null, ruleId: null };
  return r.ignore ? { recognition: 'ignored', softwareId: null, ruleId: r.rule } : { recognition: 'recognized', softwareId: r.software, ruleId: r.rule };
};

/** Installations recognized per batch: one transaction each, so a push waits at most one batch. */
const BATCH = 500;
/** How often a process looks for installations left behind (another process's rule write, a push that read older rules). */
const SWEEP_MS = 60_000;

export const recognition = (strapi: Core.Strapi) => {
  let cached: { generation: number; rules: Rule[] } | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  /**
   * The rules of `generation`, read after it: with the generation share-locked (a push, a batch),
   * exactly its rules; otherwise (a pass's start, a test) that generation's or newer, which a
   * batch's check or the stamp's lower number puts right.
   */
  const rulesAt = async (generation: number): Promise<Rule[]> => {
    if (cached?.generation === generation) return cached.rules;
    const rules = inRuleOrder((await ruleRows(strapi)).map(ruleOf));
    cached = { generation, rules };
    return rules;
  };

  /** One pass over the installations below the current generation, batch after batch. */
  const pass = async () => {
    const generation = await rulesGeneration(strapi);
    const rules = await rulesAt(generation);
    let afterId = 0;
    for (;;) {
      const rows = await outdatedInstallations(strapi, generation, afterId, BATCH);
      if (!rows.length) return;
      afterId = rows[rows.length - 1].id;
      const groups = new Map<string, { r: Recognized; ids: number[] }>();
      for (const row of rows) {
        const r = recognizedBy(rules, { name: row.rawName, version: row.rawVersion, publisher: row.rawPublisher });
        const key = `${r.recognition}:${r.softwareId}:${r.ruleId}`;
        (groups.get(key) ?? groups.set(key, { r, ids: [] }).get(key)!).ids.push(row.id);
      }
      // Under the generation's share lock: no rule write commits meanwhile (a rule deleted under
      // this batch would leave it naming none), and one committed since this pass began stops it.
      const current = await writeTransaction(strapi, async (trx) => {
        const now = await shareRulesGeneration(strapi, trx);
        if (now === generation) for (const { r, ids } of groups.values()) await setRecognition(strapi, trx, ids, r, generation);
        return now;
      });
      if (current !== generation) {
        again = true;
        return;
      }
    }
  };

  const run = async () => {
    do {
      again = false;
      await pass();
    } while (again);
  };

  return {
    rulesAt,
    /** Starts a pass in the background (or another after the running one): returns at once. */
    kick() {
      if (running) {
        again = true;
        return;
      }
      running = run()
        .catch((e) => {
          strapi.log.error(`license-manager: re-recognizing installations failed: ${e instanceof Error ? e.message : String(e)}`);
        })
        .finally(() => {
          running = null;
        });
    },
    /** Resolves when no pass is running (tests, shutdown). */
    async settled() {
      while (running) await running;
    },
    /** How far the re-recognition is: installations in all, those left, and whether this process is at it. */
    async progress() {
      const generation = await rulesGeneration(strapi);
      return { generation, ...(await recognitionProgress(strapi, generation)), running: running !== null };
    },
    /** The periodic sweep (bootstrap), and one pass now for anything a stopped process left. */
    start() {
      this.kick();
      timer = setInterval(() => this.kick(), SWEEP_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await this.settled();
    },
  };
};
export type RecognitionJob = ReturnType<typeof recognition>;
