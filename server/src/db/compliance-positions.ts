/**
 * The compliance report's kept rows (docs/domain.md, "Kept compliance rows"; content-types/position):
 * the state the report checks before it reads, the rows written back under the bookkeeping row's
 * lock with the changes they answer (noted by the writes: ./compliance-changes), and the page and
 * totals read from them.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ComplianceQuery } from '../../../shared/compliance';
import { UID } from '../../../shared/constants';
import { chunks, clientOf, columnOf, tableOf } from './meta';
import { installationNames, timeOf } from './installations';
import { locking, writeTransaction } from './transactions';

const namesOf = (strapi: Core.Strapi) => {
  const p = (a: string) => columnOf(strapi, UID.compliancePosition, a);
  const c = (a: string) => columnOf(strapi, UID.compliancePositionCost, a);
  const r = (a: string) => columnOf(strapi, UID.compliancePositionRow, a);
  return {
    positions: tableOf(strapi, UID.compliancePosition),
    rows: tableOf(strapi, UID.compliancePositionRow),
    costs: tableOf(strapi, UID.compliancePositionCost),
    changes: tableOf(strapi, UID.complianceChange),
    change: columnOf(strapi, UID.complianceChange, 'softwareId'),
    p,
    c,
    r,
  };
};

/** The bookkeeping row's software id. */
const META = 0;

/** The bookkeeping row's settings fingerprint and generation (JSON: MySQL and PostgreSQL parse it, SQLite answers text). */
export interface KeptMeta {
  fingerprint: string;
  generation: number;
}
const jsonOf = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** What the report checks before it reads the kept rows: one statement. */
export const keptState = async (strapi: Core.Strapi) => {
  const n = namesOf(strapi);
  const knex = strapi.db.connection;
  const [row] = await knex.select(
    knex.raw('(?) as meta', [knex(n.positions).select(n.p('meta')).where(n.p('softwareId'), META)]),
    knex.raw('(?) as stale_at', [knex(n.positions).min(n.p('staleAt')).where(n.p('softwareId'), '>', META)]),
    knex.raw('(?) as changed', [knex(n.changes).select('id').limit(1)]),
  );
  return {
    meta: row.meta == null ? null : jsonOf<KeptMeta>(row.meta),
    staleAt: timeOf(row.stale_at),
    changed: row.changed != null,
  };
};

/** The software whose kept row time has made stale. */
export const staleSoftware = async (strapi: Core.Strapi, now: Date): Promise<number[]> => {
  const n = namesOf(strapi);
  const rows = await strapi.db
    .connection(n.positions)
    .select(`${n.p('softwareId')} as software`)
    .where(n.p('softwareId'), '>', META)
    .where(n.p('staleAt'), '<=', now);
  return rows.map((r: Record<string, unknown>) => Number(r.software));
};

/** Per software (of `ids`, or every one), its earliest counting installation's last sighting. */
export const firstSightings = async (strapi: Core.Strapi, since: Date, ids?: number[]): Promise<Map<number, Date>> => {
  const n = installationNames(strapi);
  const software = n.i('software');
  const out = new Map<number, Date>();
  for (const part of ids ? chunks(ids) : [null]) {
    const q = strapi.db
      .connection(n.installations)
      .select(`${software} as software`)
      .min(`${n.i('lastSeen')} as seen`)
      .whereNotNull(software)
      .where(n.i('lastSeen'), '>=', since)
      .groupBy(software);
    if (part) q.whereIn(software, part);
    for (const r of await q) out.set(Number(r.software), timeOf(r.seen)!);
  }
  return out;
};

/** A kept row as written: the position's columns and its costs in cents. */
export interface KeptRow {
  software: number;
  documentId: string;
  nameKey: string;
  versionKey: string;
  status: string;
  licenses: number;
  shortfall: number;
  unused: number;
  expiredInUse: number;
  installed: number;
  ratio: number | null;
  row: unknown;
  staleAt: Date;
  oversize: boolean;
  costs: Array<{ currency: string; trueUp: bigint; unusedValue: bigint; annualRecurring: bigint; committed: bigint }>;
}

/**
 * Writes worked-out rows (of `software`, or every row) and drops the changes they answer, under the
 * bookkeeping row's lock, unless another writer has written rows since this one read the state
 * (`generation`): false then, and nothing is written.
 */
export const writeKept = async (
  strapi: Core.Strapi,
  w: { generation: number; fingerprint: string; software: number[] | null; rows: KeptRow[]; changes: number[] },
): Promise<boolean> => {
  const n = namesOf(strapi);
  const p = n.p;
  return writeTransaction(strapi, async (trx) => {
    const meta = () => trx(n.positions).select('id', p('meta')).where(p('softwareId'), META);
    let [found] = await locking(strapi, meta(), 'update');
    if (!found) {
      await trx(n.positions)
        .insert({ [p('softwareId')]: META, [p('meta')]: JSON.stringify({ fingerprint: '', generation: 0 }) })
        .onConflict(p('softwareId'))
        .ignore();
      [found] = await locking(strapi, meta(), 'update');
    }
    // No settings yet (a bookkeeping row from before `meta` was kept apart): generation 0, as a new one.
    if ((jsonOf<KeptMeta | null>(found[p('meta')])?.generation ?? 0) !== w.generation) return false;
    // The rows of these software, or every software's (the bookkeeping row stays).
    for (const part of w.software ? chunks(w.software) : [null]) {
      const costs = trx(n.costs);
      const rows = trx(n.rows);
      const positions = trx(n.positions).where(p('softwareId'), '>', META);
      if (part) {
        costs.whereIn(n.c('softwareId'), part);
        rows.whereIn(n.r('softwareId'), part);
        positions.whereIn(p('softwareId'), part);
      }
      await costs.delete();
      await rows.delete();
      await positions.delete();
    }
    for (const part of chunks(w.rows)) {
      await trx(n.positions).insert(
        part.map((r) => ({
          [p('softwareId')]: r.software,
          [p('softwareDocumentId')]: r.documentId,
          [p('nameKey')]: r.nameKey,
          [p('versionKey')]: r.versionKey,
          [p('status')]: r.status,
          [p('licenses')]: r.licenses,
          [p('shortfall')]: r.shortfall,
          [p('unused')]: r.unused,
          [p('expiredInUse')]: r.expiredInUse,
          [p('installed')]: r.installed,
          [p('ratio')]: r.ratio,
          [p('staleAt')]: r.staleAt,
          [p('oversize')]: r.oversize ? 1 : 0,
        })),
      );
      await trx(n.rows).insert(part.map((r) => ({ [n.r('softwareId')]: r.software, [n.r('row')]: JSON.stringify(r.row) })));
      const costs = part.flatMap((r) => (r.oversize ? [] : r.costs.map((c) => ({ software: r.software, ...c }))));
      const c = n.c;
      for (const some of chunks(costs)) {
        await trx(n.costs).insert(
          some.map((x) => ({
            [c('softwareId')]: x.software,
            [c('currency')]: x.currency,
            [c('trueUp')]: String(x.trueUp),
            [c('unusedValue')]: String(x.unusedValue),
            [c('annualRecurring')]: String(x.annualRecurring),
            [c('committed')]: String(x.committed),
          })),
        );
      }
    }
    for (const part of chunks(w.changes)) await trx(n.changes).whereIn('id', part).delete();
    await trx(n.positions)
      .where(p('softwareId'), META)
      .update({ [p('meta')]: JSON.stringify({ fingerprint: w.fingerprint, generation: w.generation + 1 } satisfies KeptMeta) });
    return true;
  });
};

/** A key column in code point order (shared/compliance compareKeys) on each database. */
const inKeyOrder = (knex: Knex, client: string, column: string) =>
  client === 'postgres' ? knex.raw('?? collate "C"', [column]) : client === 'mysql' ? knex.raw('cast(?? as binary)', [column]) : knex.raw('??', [column]);

/** A page of kept rows (their software ids and rows) in the query's order, of one status or all. */
export const readKeptPage = async (strapi: Core.Strapi, query: Pick<ComplianceQuery, 'status' | 'sort' | 'page' | 'pageSize'>) => {
  const n = namesOf(strapi);
  const knex = strapi.db.connection;
  const client = clientOf(strapi);
  const p = n.p;
  // The page's software from the narrow rows, then their rows as answered. Every software's row has a
  // status, the bookkeeping row none: a scan of the rows, not a range of software ids and a look-up each.
  const q = knex(n.positions)
    .select(`${p('softwareId')} as software`)
    .whereNotNull(p('status'));
  if (query.status) q.where(p('status'), query.status);
  const dir = query.sort.order === 'desc' ? 'desc' : 'asc';
  const keys = (order: string) => {
    for (const column of [p('nameKey'), p('versionKey'), p('softwareDocumentId')]) {
      const key = inKeyOrder(knex, client, column);
      q.orderByRaw(`${key.toQuery()} ${order}`);
    }
  };
  if (query.sort.field === 'software') keys(dir);
  else if (query.sort.field === 'utilization') {
    q.orderByRaw('case when ?? is null then 1 else 0 end', [p('ratio')]).orderBy(p('ratio'), dir);
    keys('asc');
  } else {
    q.orderBy(p(query.sort.field), dir);
    keys('asc');
  }
  const ids = (await q.offset((query.page - 1) * query.pageSize).limit(query.pageSize)).map((r: Record<string, unknown>) => Number(r.software));
  const rows = await readKeptRows(strapi, ids);
  return ids.map((software: number) => ({ software, row: rows.get(software) as Record<string, unknown> }));
};

/** A currency's four amounts as text: sums of cents (the columns), or two-decimal amounts (an oversize row's). */
export interface CostTexts {
  currency: string;
  trueUp: string;
  unusedValue: string;
  annualRecurring: string;
  committed: string;
}

/**
 * The totals of the kept rows of one status or all: counts, per currency each cost's sum in cents
 * (as text), and the costs of the rows too large for the columns, which the caller adds.
 */
export const readKeptTotals = async (strapi: Core.Strapi, status?: string) => {
  const n = namesOf(strapi);
  const knex = strapi.db.connection;
  const text = clientOf(strapi) === 'mysql' ? 'char' : 'text';
  const p = n.p;
  // Every software's row has a status, the bookkeeping row none: the counts read the status index only.
  const counts = knex(n.positions)
    .whereNotNull(p('status'))
    .select(
      knex.raw('count(*) as software'),
      knex.raw('sum(case when ?? = ? then 1 else 0 end) as non_compliant', [p('status'), 'non_compliant']),
      knex.raw('sum(case when ?? = ? then 1 else 0 end) as at_risk', [p('status'), 'at_risk']),
    );
  if (status) counts.where(p('status'), status);
  const c = n.c;
  const sums = knex(`${n.costs} as c`)
    .select(
      `c.${c('currency')} as currency`,
      ...(['trueUp', 'unusedValue', 'annualRecurring', 'committed'] as const).map((a) => knex.raw(`cast(sum(??) as ${text}) as ??`, [`c.${c(a)}`, a])),
    )
    .groupBy(`c.${c('currency')}`);
  if (status) sums.join(`${n.positions} as p`, `p.${p('softwareId')}`, `c.${c('softwareId')}`).where(`p.${p('status')}`, status);
  // The rows with a cost too large for the cents columns keep theirs in their row only.
  const big = knex(`${n.positions} as p`)
    .join(`${n.rows} as r`, `r.${n.r('softwareId')}`, `p.${p('softwareId')}`)
    .select(`r.${n.r('row')} as row`)
    .where(`p.${p('oversize')}`, '>', 0);
  if (status) big.where(`p.${p('status')}`, status);
  const [[count], costs, bigRows] = await Promise.all([counts, sums, big]);
  return {
    software: Number(count.software ?? 0),
    nonCompliant: Number(count.non_compliant ?? 0),
    atRisk: Number(count.at_risk ?? 0),
    costs: costs as CostTexts[],
    oversize: bigRows.map((r: Record<string, unknown>) => jsonOf<{ costs: CostTexts[] }>(r.row).costs),
  };
};

/** The kept rows as written, of every software or of these (verify-seats compares them with rows worked out afresh). */
export const readKeptRows = async (strapi: Core.Strapi, software?: number[]) => {
  const n = namesOf(strapi);
  const out = new Map<number, unknown>();
  for (const part of software ? chunks(software) : [null]) {
    const q = strapi.db.connection(n.rows).select(`${n.r('softwareId')} as software`, `${n.r('row')} as row`);
    for (const r of await (part ? q.whereIn(n.r('softwareId'), part) : q)) out.set(Number(r.software), jsonOf<unknown>(r.row));
  }
  return out;
};
