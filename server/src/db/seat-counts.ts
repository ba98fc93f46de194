/**
 * The seat counts kept on each license (`personsCount`, `assetsCount`: its assignments of each
 * kind; `assetUnits`: the units its asset assignments use), so lists sort and filter on seats without
 * counting assignments.
 *
 * Every write that adds or removes assignments calls `recount` in its own transaction, under the
 * license row lock it already holds for the seat rule (services/assignments, license delete). The
 * count is set from an exact COUNT of the license's assignments, not moved by the number of rows the
 * write believes it inserted or deleted: it stays right whatever a write's own bookkeeping, costs
 * the same index range count the seat check already makes, and a stale value heals on the next write.
 * Under the lock no other writer changes the license's assignments, and the statement sees them all:
 * PostgreSQL's new statement snapshot holds every commit before the lock, MySQL's subquery in an
 * UPDATE is a locking read of the latest rows, and SQLite serializes writers.
 *
 * `verify` recounts every license from the assignments, and works out each hardware-counted
 * assignment's units again from its asset and license (shared/units), and reports (and with `repair`,
 * fixes) what differs: `npm run verify-seats`, the API suite, and once on a database from before the counts.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { noteLicenses } from './compliance-changes';
import { UID, seatLimited } from '../../../shared/constants';
import { columnOf, tableOf } from './meta';
import { lockIds, writeTransaction } from './transactions';
import { usedSeats, type KeptCounts } from '../domain/seats';
import { unitsOf } from '../../../shared/units';

export type SeatCounts = KeptCounts;

/** A license's kept columns: its counts, and the seats used and over-allocation derived from them. */
export interface KeptSeats extends SeatCounts {
  seatsUsed: number;
  overAllocated: boolean;
}

export interface SeatCountDifference {
  documentId: string;
  name: string;
  stored: KeptSeats;
  /** From its assignments, model and quantity. */
  counted: KeptSeats;
}

/** Licenses per statement: an id range of the licenses and of the assignments' (license, …) indexes. */
const BATCH = 20_000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const names = () => ({
    license: tableOf(strapi, UID.license),
    documentId: columnOf(strapi, UID.license, 'documentId'),
    name: columnOf(strapi, UID.license, 'name'),
    persons: columnOf(strapi, UID.license, 'personsCount'),
    assets: columnOf(strapi, UID.license, 'assetsCount'),
    assetUnits: columnOf(strapi, UID.license, 'assetUnits'),
    coreFactor: columnOf(strapi, UID.license, 'coreFactor'),
    minPerProcessor: columnOf(strapi, UID.license, 'minCoresPerProcessor'),
    minPerServer: columnOf(strapi, UID.license, 'minCoresPerServer'),
    model: columnOf(strapi, UID.license, 'assignmentModel'),
    quantity: columnOf(strapi, UID.license, 'quantity'),
    extraSeats: columnOf(strapi, UID.license, 'extraSeats'),
    seatsUsed: columnOf(strapi, UID.license, 'seatsUsed'),
    overAllocated: columnOf(strapi, UID.license, 'overAllocated'),
    assignment: tableOf(strapi, UID.assignment),
    a: {
      license: columnOf(strapi, UID.assignment, 'license'),
      person: columnOf(strapi, UID.assignment, 'person'),
      asset: columnOf(strapi, UID.assignment, 'asset'),
      units: columnOf(strapi, UID.assignment, 'units'),
    },
    asset: tableOf(strapi, UID.asset),
    processors: columnOf(strapi, UID.asset, 'processors'),
    cores: columnOf(strapi, UID.asset, 'coresPerProcessor'),
  });

  /** SQL of what `seatsUsed` and `overAllocated` must be on a license row `alias`, from its counts, model and seat total. */
  const derivedSql = (alias: string) => {
    const n = names();
    const knex = strapi.db.connection;
    // The kept count the model counts (domain/seats usedSeats).
    const used = knex.raw('(case ?? when ? then ?? when ? then ?? when ? then ?? + ?? else ?? end)', [
      `${alias}.${n.model}`,
      'per_user',
      `${alias}.${n.persons}`,
      'per_computer',
      `${alias}.${n.assets}`,
      'site',
      `${alias}.${n.persons}`,
      `${alias}.${n.assets}`,
      `${alias}.${n.assetUnits}`,
    ]);
    // The seat total: the quantity and what the license's purchases add (db/purchases); a site
    // license has none (its quantity may be null), so it is never over-allocated.
    const over = knex.raw('(?? <> ? and ? > coalesce(??, 0) + ??)', [
      `${alias}.${n.model}`,
      'site',
      used,
      `${alias}.${n.quantity}`,
      `${alias}.${n.extraSeats}`,
    ]);
    return { used, over };
  };

  /**
   * Sets `seatsUsed` and `overAllocated` of these licenses from their counts, model and quantity: after
   * a recount, and after a write of the license's model or quantity, under its lock. A statement of
   * its own, so MySQL's left-to-right SET sees the counts already written.
   */
  const derive = async (trx: Knex.Transaction, licenseIds: number[]) => {
    const n = names();
    const knex = strapi.db.connection;
    const ids = [...new Set(licenseIds)];
    const d = derivedSql(n.license);
    for (let i = 0; i < ids.length; i += 500) {
      await knex(n.license)
        .transacting(trx)
        .whereIn('id', ids.slice(i, i + 500))
        .update({ [n.seatsUsed]: d.used, [n.overAllocated]: d.over });
    }
    // Seats used move the licenses' compliance rows (db/compliance-positions).
    await noteLicenses(strapi, ids, trx);
  };

  /**
   * Sets the counts of these licenses from their assignments, in the caller's transaction, which
   * holds their row locks (see above). Returns the counts of the first, for the write's answer.
   */
  const recount = async (trx: Knex.Transaction, licenseIds: number[]): Promise<SeatCounts> => {
    const n = names();
    const knex = strapi.db.connection;
    const counted = (column: string) =>
      knex.raw('(select count(*) from ?? where ?? = ?? and ?? is not null)', [
        n.assignment,
        `${n.assignment}.${n.a.license}`,
        `${n.license}.id`,
        `${n.assignment}.${column}`,
      ]);
    const units = knex.raw('(select coalesce(sum(??), 0) from ?? where ?? = ?? and ?? is not null)', [
      `${n.assignment}.${n.a.units}`,
      n.assignment,
      `${n.assignment}.${n.a.license}`,
      `${n.license}.id`,
      `${n.assignment}.${n.a.asset}`,
    ]);
    const ids = [...new Set(licenseIds)];
    for (let i = 0; i < ids.length; i += 500) {
      await knex(n.license)
        .transacting(trx)
        .whereIn('id', ids.slice(i, i + 500))
        .update({ [n.persons]: counted(n.a.person), [n.assets]: counted(n.a.asset), [n.assetUnits]: units });
    }
    await derive(trx, ids);
    if (!ids.length) return { persons: 0, assets: 0, assetUnits: 0 };
    const row = await knex(n.license)
      .transacting(trx)
      .first(`${n.persons} as persons`, `${n.assets} as assets`, `${n.assetUnits} as assetUnits`)
      .where('id', ids[0]);
    return { persons: Number(row?.persons ?? 0), assets: Number(row?.assets ?? 0), assetUnits: Number(row?.assetUnits ?? 0) };
  };

  /**
   * The asset assignments of hardware-counted licenses in an id range whose units differ from what
   * their asset and license give now (shared/units), and each such license's units summed as they
   * should be. A per-core assignment on an asset whose cores became unknown keeps its units.
   */
  const unitDifferences = async (from: number, to: number) => {
    const n = names();
    const knex = strapi.db.connection;
    const rows = await knex(`${n.assignment} as a`)
      .join(`${n.license} as l`, 'l.id', `a.${n.a.license}`)
      .join(`${n.asset} as s`, 's.id', `a.${n.a.asset}`)
      .select(
        'a.id',
        `a.${n.a.license} as license`,
        `a.${n.a.units} as units`,
        `l.${n.model} as model`,
        `l.${n.coreFactor} as coreFactor`,
        `l.${n.minPerProcessor} as minPerProcessor`,
        `l.${n.minPerServer} as minPerServer`,
        `s.${n.processors} as processors`,
        `s.${n.cores} as cores`,
      )
      .whereBetween(`a.${n.a.license}`, [from, to])
      .whereIn(`l.${n.model}`, ['per_core', 'per_processor']);
    const fixes: Array<{ id: number; units: number }> = [];
    const sums = new Map<number, number>();
    for (const r of rows) {
      const expected =
        unitsOf(
          {
            assignmentModel: r.model,
            coreFactor: String(r.coreFactor),
            minCoresPerProcessor: Number(r.minPerProcessor),
            minCoresPerServer: Number(r.minPerServer),
          },
          { processors: Number(r.processors), coresPerProcessor: r.cores == null ? null : Number(r.cores) },
        ) ?? Number(r.units);
      if (expected !== Number(r.units)) fixes.push({ id: Number(r.id), units: expected });
      sums.set(Number(r.license), (sums.get(Number(r.license)) ?? 0) + expected);
    }
    const wrong = new Set(fixes.map((f) => Number(rows.find((r: any) => Number(r.id) === f.id).license)));
    return { fixes, sums, wrong };
  };

  /**
   * The licenses whose stored counts differ from their assignments: one grouped statement per range
   * of license ids, each a consistent read (counts and assignments always commit together).
   */
  const differences = async (): Promise<{ found: Array<SeatCountDifference & { id: number }>; fixes: Array<{ id: number; units: number }> }> => {
    const n = names();
    const knex = strapi.db.connection;
    const out: Array<SeatCountDifference & { id: number }> = [];
    const allFixes: Array<{ id: number; units: number }> = [];
    const [{ lo, hi }] = await knex(n.license).min({ lo: 'id' }).max({ hi: 'id' });
    if (lo == null) return { found: out, fixes: allFixes };
    const derived = derivedSql('l');
    for (let from = Number(lo); from <= Number(hi); from += BATCH) {
      const to = from + BATCH - 1;
      const units = await unitDifferences(from, to);
      allFixes.push(...units.fixes);
      const counts = knex(n.assignment)
        .select(`${n.a.license} as license`)
        .count({ persons: n.a.person, assets: n.a.asset })
        .select(knex.raw('sum(case when ?? is not null then ?? else 0 end) as ??', [n.a.asset, n.a.units, 'units']))
        .whereBetween(n.a.license, [from, to])
        .groupBy(n.a.license)
        .as('c');
      const q = knex(`${n.license} as l`)
        .leftJoin(counts, 'c.license', 'l.id')
        .select(
          'l.id',
          `l.${n.documentId} as documentId`,
          `l.${n.name} as name`,
          `l.${n.persons} as sp`,
          `l.${n.assets} as sa`,
          `l.${n.assetUnits} as su2`,
          `l.${n.seatsUsed} as su`,
          `l.${n.overAllocated} as so`,
          `l.${n.model} as model`,
          `l.${n.quantity} as quantity`,
          `l.${n.extraSeats} as extraSeats`,
          'c.persons as cp',
          'c.assets as ca',
          'c.units as cu',
        )
        .whereBetween('l.id', [from, to])
        .where((b) =>
          b
            .whereRaw('?? <> coalesce(??, 0)', [`l.${n.persons}`, 'c.persons'])
            .orWhereRaw('?? <> coalesce(??, 0)', [`l.${n.assets}`, 'c.assets'])
            .orWhereRaw('?? <> coalesce(??, 0)', [`l.${n.assetUnits}`, 'c.units'])
            .orWhereIn('l.id', [...units.wrong])
            // Counts right, derived columns not: compared with what the stored counts give.
            .orWhereRaw('?? <> ?', [`l.${n.seatsUsed}`, derived.used])
            .orWhereRaw('?? <> ?', [`l.${n.overAllocated}`, derived.over]),
        )
        .orderBy('l.id');
      for (const r of await q) {
        const counted = { persons: Number(r.cp ?? 0), assets: Number(r.ca ?? 0), assetUnits: units.sums.get(Number(r.id)) ?? Number(r.cu ?? 0) };
        const seatsUsed = usedSeats(r.model, counted);
        out.push({
          id: Number(r.id),
          documentId: r.documentId,
          name: r.name,
          stored: {
            persons: Number(r.sp),
            assets: Number(r.sa),
            assetUnits: Number(r.su2),
            seatsUsed: Number(r.su),
            overAllocated: Boolean(Number(r.so) || r.so === true),
          },
          counted: { ...counted, seatsUsed, overAllocated: seatLimited(r.model) && seatsUsed > Number(r.quantity) + Number(r.extraSeats) },
        });
      }
    }
    return { found: out, fixes: allFixes };
  };

  return {
    recount,
    derive,

    /**
     * Recounts every license from its assignments; returns those whose stored counts differed.
     * `repair`: sets them right in one transaction, each license locked first as a write locks it.
     */
    async verify({ repair = false }: { repair?: boolean } = {}): Promise<SeatCountDifference[]> {
      const n = names();
      const knex = strapi.db.connection;
      const { found, fixes } = await differences();
      if (repair && found.length) {
        await writeTransaction(strapi, async (trx) => {
          const ids = [
            ...(await lockIds(
              strapi,
              trx,
              UID.license,
              found.map((d) => d.id),
              'update',
            )),
          ];
          // Under the licenses' locks, the units first, each set to what its asset and license give; the recount sums them.
          for (const f of fixes)
            await knex(n.assignment)
              .transacting(trx)
              .where('id', f.id)
              .update({ [n.a.units]: f.units });
          await recount(trx, ids);
        });
      }
      return found.map(({ id: _id, ...d }) => d);
    },

    /**
     * On a database from before the counts (every count 0 while assignments exist), counts them
     * once at startup. Two processes starting together both repair, each under the licenses' locks
     * and from an exact count, so the result is the same.
     */
    async initialize() {
      const n = names();
      const knex = strapi.db.connection;
      if (!(await knex(n.assignment).first('id'))) return;
      // A database from before units: every asset assignment uses 1 (the column's default), and a
      // license with asset assignments keeps 0 units. One statement sets those; a row a write
      // recounted meanwhile (under its lock) no longer matches, so nothing is written over it.
      const filled = await knex(n.license)
        .where(n.assets, '>', 0)
        .where(n.assetUnits, 0)
        .update({
          [n.assetUnits]: knex.raw('(select count(*) from ?? where ?? = ?? and ?? is not null)', [
            n.assignment,
            `${n.assignment}.${n.a.license}`,
            `${n.license}.id`,
            `${n.assignment}.${n.a.asset}`,
          ]),
        });
      if (filled) strapi.log.info(`license-manager: kept the asset units of ${filled} license(s) once`);
      if (await knex(n.license).first('id').where(n.persons, '>', 0).orWhere(n.assets, '>', 0)) return;
      const repaired = await this.verify({ repair: true });
      if (repaired.length) strapi.log.info(`license-manager: counted the seats of ${repaired.length} license(s) once`);
    },
  };
};
