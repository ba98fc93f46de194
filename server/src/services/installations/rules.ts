/**
 * Recognition rules (docs/api.md, "Installation rules"): written one at a time under the rules'
 * generation row, each write raising the generation and starting the background re-recognition;
 * and the test of a rule against the stored installations, without saving it.
 */
import type { Core } from '@strapi/strapi';
import { INSTALLATION_RULES_MAX, UID } from '../../../../shared/constants';
import {
  installationRuleErrors,
  type InstallationRuleInput,
  type InstallationRuleUpdateInput,
  type InstallationRuleValues,
} from '../../../../shared/schemas/installation-rule';
import type { FieldError } from '../../../../shared/schemas';
import { customIssue } from '../../../../shared/issues';
import { inRuleOrder, patternError, type Rule } from '../../domain/installations';
import { lockIds, resolveRelation, writeTransaction } from '../../db';
import { distinctEntries, installationPage } from '../../db/installation-list';
import {
  countRules,
  deleteRule,
  insertRule,
  nextRulePosition,
  raiseRulesGeneration,
  ruleRow,
  ruleRows,
  shiftRules,
  updateRule,
  type RuleRow,
} from '../../db/installation-rules';
import { ConflictError, invalid, invalidField, notFound } from '../../errors';
import { presentInstallation, staleBefore } from './present';
import { recognizedBy, ruleMatchOf, ruleOf, type RecognitionJob } from './recognition';

/** A rule as both APIs answer it. */
export const presentRule = (r: RuleRow) => ({
  documentId: r.documentId,
  position: r.position,
  match: ruleMatchOf(r),
  versionMin: r.versionMin ?? null,
  versionBelow: r.versionBelow ?? null,
  software: r.software ? { documentId: r.software.documentId, name: r.software.name, version: r.software.version ?? null } : null,
  ignore: Boolean(r.ignore),
  createdAt: new Date(r.createdAt as string).toISOString(),
  updatedAt: new Date(r.updatedAt as string).toISOString(),
});
export type RuleRead = ReturnType<typeof presentRule>;

/** A rule's values as stored from what a write sends (and, for an edit, what it has). */
const valuesOf = (input: InstallationRuleUpdateInput, before?: RuleRead): InstallationRuleValues => ({
  match: input.match ?? before?.match ?? {},
  versionMin: input.versionMin !== undefined ? input.versionMin : before?.versionMin,
  versionBelow: input.versionBelow !== undefined ? input.versionBelow : before?.versionBelow,
  software: input.software !== undefined ? input.software : before?.software?.documentId,
  ignore: input.ignore ?? before?.ignore ?? false,
});

/** The rules across fields, and each regex compiled by the engine that runs it. */
const checkRule = (v: InstallationRuleValues) => {
  const errors: FieldError[] = installationRuleErrors(v);
  for (const field of ['name', 'publisher'] as const) {
    const m = v.match[field];
    const why = m?.op === 'regex' ? patternError(m.value) : null;
    if (why) errors.push({ path: ['match', field, 'value'], message: `is not a pattern the rules accept: ${why}`, ...customIssue('pattern') });
  }
  if (errors.length) throw invalid(errors);
};

const columnsOf = (v: InstallationRuleValues, softwareId: number | null | undefined) => ({
  nameOp: v.match.name?.op ?? null,
  nameValue: v.match.name?.value ?? null,
  publisherOp: v.match.publisher?.op ?? null,
  publisherValue: v.match.publisher?.value ?? null,
  versionMin: v.versionMin ?? null,
  versionBelow: v.versionBelow ?? null,
  software: v.ignore ? null : (softwareId ?? null),
  ignore: Boolean(v.ignore),
});

/** The rule under test: tried as if stored at its position (after every rule when none is given). */
const CANDIDATE = -1;

export const installationRules = (strapi: Core.Strapi, job: RecognitionJob) => {
  const found = async (documentId: string) => {
    const row = await ruleRow(strapi, documentId);
    if (!row) throw notFound('Installation rule');
    return row;
  };
  const read = async (documentId: string) => presentRule(await found(documentId));

  /**
   * A rule write: one at a time, raising the generation; the re-recognition starts once it commits.
   * The software it names is share-locked first (as every writer that starts to use a record):
   * a delete of that software waits for it and then counts the rule, or went first and the write is a 400.
   */
  const write = async <T>(
    softwareId: number | null | undefined,
    work: (trx: Parameters<Parameters<typeof writeTransaction>[1]>[0]) => Promise<T>,
  ): Promise<T> => {
    const result = await writeTransaction(strapi, async (trx) => {
      if (softwareId != null && !(await lockIds(strapi, trx, UID.software, [softwareId], 'share')).has(softwareId)) {
        throw invalidField('software', 'refers to no record (it was deleted at the same moment)', 'noRecord');
      }
      await raiseRulesGeneration(strapi, trx);
      return work(trx);
    });
    job.kick();
    return result;
  };

  return {
    async list() {
      return (await ruleRows(strapi)).map(presentRule);
    },
    get: read,

    async create(input: InstallationRuleInput) {
      const v = valuesOf(input);
      checkRule(v);
      const softwareId = await resolveRelation(strapi, UID.software, v.software, 'software');
      const id = await write(v.ignore ? null : softwareId, async (trx) => {
        if ((await countRules(strapi)) >= INSTALLATION_RULES_MAX) {
          throw new ConflictError(`There are ${INSTALLATION_RULES_MAX} rules already: change or remove one first`, { max: INSTALLATION_RULES_MAX });
        }
        let position = input.position;
        if (position === undefined) position = await nextRulePosition(strapi, trx);
        else await shiftRules(strapi, trx, position, null);
        const now = new Date();
        return insertRule(strapi, { ...columnsOf(v, softwareId), position, createdAt: now, updatedAt: now });
      });
      return presentRule((await ruleRows(strapi)).find((r) => r.id === id)!);
    },

    async update(documentId: string, input: InstallationRuleUpdateInput) {
      const before = await read(documentId);
      const v = valuesOf(input, before);
      checkRule(v);
      const softwareId = await resolveRelation(strapi, UID.software, v.software, 'software');
      await write(v.ignore ? null : softwareId, async (trx) => {
        // Read again under the generation's lock: a rule write committed meanwhile is seen.
        const row = await found(documentId);
        if (input.position !== undefined && input.position !== row.position) await shiftRules(strapi, trx, input.position, row.id);
        await updateRule(strapi, row.id, {
          ...columnsOf(v, softwareId),
          ...(input.position !== undefined ? { position: input.position } : {}),
          updatedAt: new Date(),
        });
      });
      return read(documentId);
    },

    async remove(documentId: string) {
      await write(null, async () => {
        const row = await found(documentId);
        await deleteRule(strapi, row.id);
      });
      return { documentId };
    },

    /**
     * The stored installations a rule would recognize or ignore, tried at its position among the
     * stored rules (a rule before it that matches first takes the entry): the first `pageSize` of
     * them by name, and how many there are in all. Nothing is saved.
     */
    async test(input: InstallationRuleInput, pageSize: number) {
      const v = valuesOf(input);
      checkRule(v);
      const softwareId = await resolveRelation(strapi, UID.software, v.software, 'software');
      const stored = (await ruleRows(strapi)).map(ruleOf);
      const candidate: Rule = {
        ...ruleOf({ ...columnsOf(v, softwareId), id: CANDIDATE, documentId: '', position: 0, createdAt: null, updatedAt: null, software: null } as RuleRow),
        software: softwareId ?? null,
        position: input.position ?? Number.MAX_SAFE_INTEGER,
      };
      // At equal positions the candidate goes first, as a written rule moves the others down.
      const rules = inRuleOrder([...stored.map((r) => (r.position >= candidate.position ? { ...r, position: r.position + 1 } : r)), candidate]);
      let total = 0;
      const keys: string[] = [];
      for (const e of await distinctEntries(strapi)) {
        if (recognizedBy(rules, { name: e.rawName, version: e.rawVersion, publisher: e.rawPublisher }).ruleId !== CANDIDATE) continue;
        total += e.count;
        if (keys.length < pageSize) keys.push(e.entryKey);
      }
      const before = await staleBefore(strapi);
      const page = keys.length ? await installationPage(strapi, { entryKeys: keys, staleBefore: before }, { offset: 0, limit: pageSize }) : { rows: [] };
      return { data: page.rows.map((r) => presentInstallation(r, before)), total };
    },
  };
};
export type InstallationRules = ReturnType<typeof installationRules>;
