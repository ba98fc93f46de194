/** Recognition rules' rows (docs/domain.md, "Installations"): read in order, written inside a rule write's transaction. */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import { columnOf, newDocumentId, tableOf } from './meta';
import { locking } from './transactions';

export interface RuleRow {
  id: number;
  documentId: string;
  position: number;
  nameOp: string | null;
  nameValue: string | null;
  publisherOp: string | null;
  publisherValue: string | null;
  versionMin: string | null;
  versionBelow: string | null;
  ignore: boolean;
  software: { id: number; documentId: string; name: string; version: string | null } | null;
  createdAt: unknown;
  updatedAt: unknown;
}

const rules = (strapi: Core.Strapi) => strapi.db.query(UID.installationRule);
const populate = { software: { select: ['id', 'documentId', 'name', 'version'] } };

/** Every rule, in the order they are tried. */
export const ruleRows = async (strapi: Core.Strapi): Promise<RuleRow[]> =>
  (await rules(strapi).findMany({ orderBy: [{ position: 'asc' }, { id: 'asc' }], populate })) as RuleRow[];

export const ruleRow = async (strapi: Core.Strapi, documentId: string): Promise<RuleRow | null> =>
  ((await rules(strapi).findOne({ where: { documentId }, populate })) as RuleRow | null) ?? null;

export const countRules = async (strapi: Core.Strapi): Promise<number> => Number(await rules(strapi).count());

/** The position after the last rule's. */
export const nextRulePosition = async (strapi: Core.Strapi, trx: Knex.Transaction): Promise<number> => {
  const position = columnOf(strapi, UID.installationRule, 'position');
  const [row] = await strapi.db.connection(tableOf(strapi, UID.installationRule)).transacting(trx).max({ p: position });
  return row?.p == null ? 0 : Number(row.p) + 1;
};

/** Makes room at `position`: the rules from there on (but `exceptId`) move one down, so the written rule is tried before them. */
export const shiftRules = async (strapi: Core.Strapi, trx: Knex.Transaction, position: number, exceptId: number | null): Promise<void> => {
  const p = columnOf(strapi, UID.installationRule, 'position');
  const q = strapi.db
    .connection(tableOf(strapi, UID.installationRule))
    .transacting(trx)
    .update({ [p]: strapi.db.connection.raw('?? + 1', [p]) })
    .where(p, '>=', position);
  if (exceptId !== null) q.whereNot('id', exceptId);
  await q;
};

export const insertRule = async (strapi: Core.Strapi, data: Record<string, unknown>): Promise<number> => {
  const row = await rules(strapi).create({ data });
  return Number(row.id);
};

export const updateRule = async (strapi: Core.Strapi, id: number, data: Record<string, unknown>): Promise<void> => {
  await rules(strapi).update({ where: { id }, data });
};

export const deleteRule = async (strapi: Core.Strapi, id: number): Promise<void> => {
  await rules(strapi).delete({ where: { id } });
};

/* The rules' generation ---------------------------------------------------------------------------- */

const STATE_SCOPE = 'rules';

/** The rules' generation (0 before any rule write). */
export const rulesGeneration = async (strapi: Core.Strapi): Promise<number> => {
  const table = tableOf(strapi, UID.recognitionState);
  const row = await strapi.db
    .connection(table)
    .first(`${columnOf(strapi, UID.recognitionState, 'generation')} as generation`)
    .where(columnOf(strapi, UID.recognitionState, 'scope'), STATE_SCOPE);
  return row ? Number(row.generation) : 0;
};

/**
 * The rules' generation, share-locked until `trx` commits: no rule write commits meanwhile, so the
 * rules this transaction reads next are that generation's, and none it names is deleted under it.
 */
export const shareRulesGeneration = async (strapi: Core.Strapi, trx: Knex.Transaction): Promise<number> => {
  const table = tableOf(strapi, UID.recognitionState);
  const q = strapi.db
    .connection(table)
    .transacting(trx)
    .first(`${columnOf(strapi, UID.recognitionState, 'generation')} as generation`)
    .where(columnOf(strapi, UID.recognitionState, 'scope'), STATE_SCOPE);
  const row = await locking(strapi, q, 'share');
  return row ? Number(row.generation) : 0;
};

/** Makes sure the generation's row exists (bootstrap), so every rule write has a row to lock. */
export const ensureRulesGeneration = async (strapi: Core.Strapi): Promise<void> => {
  const now = new Date();
  await strapi.db
    .connection(tableOf(strapi, UID.recognitionState))
    .insert({
      document_id: newDocumentId(),
      [columnOf(strapi, UID.recognitionState, 'scope')]: STATE_SCOPE,
      [columnOf(strapi, UID.recognitionState, 'generation')]: 0,
      created_at: now,
      updated_at: now,
      published_at: now,
    })
    .onConflict(columnOf(strapi, UID.recognitionState, 'scope'))
    .ignore();
};

/** Raises the generation inside a rule write, holding its row's lock until the write commits: rule writes are one at a time. */
export const raiseRulesGeneration = async (strapi: Core.Strapi, trx: Knex.Transaction): Promise<number> => {
  const table = tableOf(strapi, UID.recognitionState);
  const g = columnOf(strapi, UID.recognitionState, 'generation');
  const scope = columnOf(strapi, UID.recognitionState, 'scope');
  await strapi.db
    .connection(table)
    .transacting(trx)
    .update({ [g]: strapi.db.connection.raw('?? + 1', [g]) })
    .where(scope, STATE_SCOPE);
  const row = await locking(strapi, strapi.db.connection(table).transacting(trx).first(`${g} as generation`).where(scope, STATE_SCOPE), 'update');
  return Number(row.generation);
};
