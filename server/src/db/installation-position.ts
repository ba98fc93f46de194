/**
 * The reconciled position's statements (docs/domain.md, "Compliance", "Installations"): per
 * software, the matched assets with a counting installation of it (recognized, seen since
 * `since`), how many persons use them, their processors and cores, and how many no license of the
 * software covers by assignment; and the asset assignments whose asset's current inventory shows no
 * installation of the license's software (reclaim candidates). One row per software each.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ComplianceFilter } from './compliance';
import { inScope } from './scope';
import { installationNames, timeOf } from './installations';
import { holdsText } from './search-text';

const namesOf = installationNames;

/**
 * Whether an assignment of a license of the software (the column `software`, or a row id) covers the
 * asset `a`: the asset, or its user, is assigned. Two EXISTS, not one with OR: each then seeks the
 * software's licenses and their (license, asset) or (license, person) unique index.
 */
const coveredSql = (knex: Knex, n: ReturnType<typeof namesOf>, software: string | number) => {
  const by = (column: string, target: string) =>
    knex(`${n.assignments} as s`)
      .select(knex.raw('1'))
      .join(`${n.licenses} as l`, 'l.id', `s.${n.s('license')}`)
      .where((b) => (typeof software === 'number' ? b.where(`l.${n.l('software')}`, software) : b.whereRaw('?? = ??', [`l.${n.l('software')}`, software])))
      .whereRaw('?? = ??', [`s.${column}`, target]);
  return knex.raw('(exists ? or exists ?)', [by(n.s('asset'), 'a.id'), by(n.s('person'), `a.${n.a('user')}`)]);
};

export interface InstalledAggregate {
  software: number;
  /** Distinct matched assets with a counting installation. */
  assets: number;
  /** The distinct persons who use them; an asset without a user counts as one. */
  persons: number;
  processors: number;
  /** Σ processors × cores per processor, over the assets whose cores are known. */
  cores: number;
}

/**
 * Per software with a counting installation: its installed assets and what they count. With the
 * report's organization filter, the assets of that organization; with its text filter, the
 * software whose name holds it. A category narrows licenses, not installations.
 */
export const installedAggregates = async (strapi: Core.Strapi, filter: ComplianceFilter, since: Date): Promise<InstalledAggregate[]> => {
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const software = `i.${n.i('software')}`;
  // The (software, device) pairs first, from the installations' (software, device, last seen) index
  // alone; then each pair's asset from the devices joined to their assets (one row a device), and
  // each (software, asset) once: a join per installation would cost twice as much.
  const pairs = knex(`${n.installations} as i`)
    .whereNotNull(software)
    .where(`i.${n.i('lastSeen')}`, '>=', since)
    .distinct(`${software} as software`, `i.${n.i('device')} as device`);
  if (filter.software) pairs.whereIn(software, filter.software);
  const deviceAssets = knex(`${n.devices} as d`)
    .join(`${n.assets} as a`, 'a.id', `d.${n.d('asset')}`)
    .select('d.id as device', 'a.id as asset', `a.${n.a('user')} as person`, `a.${n.a('processors')} as processors`, `a.${n.a('coresPerProcessor')} as cores`);
  if (filter.organization !== undefined) deviceAssets.where(`a.${n.a('organization')}`, filter.organization);
  if (filter.scope) deviceAssets.where(inScope(filter.scope, `a.${n.a('organization')}`, `a.${n.a('organizationalUnit')}`));
  const perAsset = knex
    .from(pairs.as('p'))
    .join('da', 'da.device', 'p.device')
    .distinct('p.software as software', 'da.asset as asset', 'da.person as person', 'da.processors as processors', 'da.cores as cores');
  // PostgreSQL and SQLite build the devices' assets once (MySQL has no MATERIALIZED; its optimizer decides).
  const q = (filter.client === 'mysql' ? knex.with('da', deviceAssets) : knex.withMaterialized('da', deviceAssets))
    .from(perAsset.as('x'))
    .groupBy('x.software')
    .select(
      'x.software as software',
      knex.raw('count(*) as assets'),
      knex.raw('count(distinct x.person) + sum(case when x.person is null then 1 else 0 end) as persons'),
      knex.raw('sum(x.processors) as processors'),
      knex.raw('sum(case when x.cores is null then 0 else x.processors * x.cores end) as cores'),
    );
  // The software's name only with a text filter: a join per software costs a fifth of the statement.
  if (filter.q) {
    q.whereExists(
      knex(`${n.software} as sw`)
        .select(knex.raw('1'))
        .whereRaw('?? = ??', ['sw.id', 'x.software'])
        .whereRaw(...holdsText(knex, `sw.${n.sw('name')}`, filter.q)),
    );
  }
  const rows: Array<Record<string, unknown>> = await q;
  return rows.map((r) => ({
    software: Number(r.software),
    assets: Number(r.assets),
    persons: Number(r.persons),
    processors: Number(r.processors),
    cores: Number(r.cores),
  }));
};

/**
 * Per software (of `softwareIds`: a report's page, not every software, as this checks each
 * installed asset against the software's assignments): its counting installed assets that no
 * license of it covers.
 */
export const unlicensedCounts = async (strapi: Core.Strapi, filter: ComplianceFilter, since: Date, softwareIds: number[]): Promise<Map<number, number>> => {
  if (!softwareIds.length) return new Map();
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const software = `i.${n.i('software')}`;
  const pairs = knex(`${n.installations} as i`)
    .join(`${n.devices} as d`, 'd.id', `i.${n.i('device')}`)
    .join(`${n.assets} as a`, 'a.id', `d.${n.d('asset')}`)
    .whereIn(software, softwareIds)
    .where(`i.${n.i('lastSeen')}`, '>=', since)
    .whereRaw('not ?', [coveredSql(knex, n, software)])
    .distinct(`${software} as software`, 'a.id as asset');
  if (filter.organization !== undefined) pairs.where(`a.${n.a('organization')}`, filter.organization);
  if (filter.scope) pairs.where(inScope(filter.scope, `a.${n.a('organization')}`, `a.${n.a('organizationalUnit')}`));
  const rows: Array<{ software: unknown; n: unknown }> = await knex
    .from(pairs.as('x'))
    .groupBy('x.software')
    .select('x.software as software', knex.raw('count(*) as n'));
  return new Map(rows.map((r) => [Number(r.software), Number(r.n)]));
};

/** The reclaim candidates' condition on assignments `s` of licenses `l`: the asset's inventory is current and shows no installation of the software. */
const notInstalled = (knex: Knex, n: ReturnType<typeof namesOf>, since: Date) => (q: Knex.QueryBuilder) =>
  q
    .whereNotNull(`s.${n.s('asset')}`)
    .whereExists(
      knex(`${n.devices} as cd`)
        .select(knex.raw('1'))
        .whereRaw('?? = ??', [`cd.${n.d('asset')}`, `s.${n.s('asset')}`])
        .where(`cd.${n.d('lastSeen')}`, '>=', since),
    )
    // The asset's devices first, then each one's installations of the software: two index seeks.
    .whereNotExists(
      knex(`${n.devices} as nd`)
        .select(knex.raw('1'))
        .join(`${n.installations} as ni`, (j) => j.on(`ni.${n.i('device')}`, 'nd.id').andOn(`ni.${n.i('software')}`, `l.${n.l('software')}`))
        .whereRaw('?? = ??', [`nd.${n.d('asset')}`, `s.${n.s('asset')}`])
        .where(`ni.${n.i('lastSeen')}`, '>=', since),
    );

/** Per software (of `softwareIds`, when given): its licenses' asset assignments whose asset's current inventory shows no installation of it. */
export const assignedNotInstalled = async (
  strapi: Core.Strapi,
  filter: ComplianceFilter,
  since: Date,
  softwareIds?: number[],
): Promise<Map<number, number>> => {
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const q = knex(`${n.assignments} as s`)
    .join(`${n.licenses} as l`, 'l.id', `s.${n.s('license')}`)
    .whereNotNull(`l.${n.l('software')}`)
    .groupBy(`l.${n.l('software')}`)
    .select(`l.${n.l('software')} as software`, knex.raw('count(*) as n'));
  if (softwareIds) q.whereIn(`l.${n.l('software')}`, softwareIds);
  if (filter.organization !== undefined) q.where(`l.${n.l('organization')}`, filter.organization);
  if (filter.scope) q.where(inScope(filter.scope, `l.${n.l('organization')}`, `l.${n.l('organizationalUnit')}`));
  if (filter.category !== undefined) q.where(`l.${n.l('category')}`, filter.category);
  notInstalled(knex, n, since)(q);
  const rows: Array<{ software: unknown; n: unknown }> = await q;
  return new Map(rows.map((r) => [Number(r.software), Number(r.n)]));
};

type Page = { offset: number; limit: number };

/** A software's counting installed assets that no license of it covers (the reconciliation's `installedUnlicensed`), by name. */
export const unlicensedAssets = async (strapi: Core.Strapi, softwareId: number, filter: ComplianceFilter, since: Date, { offset, limit }: Page) => {
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const software = `i.${n.i('software')}`;
  const q = knex(`${n.installations} as i`)
    .join(`${n.devices} as d`, 'd.id', `i.${n.i('device')}`)
    .join(`${n.assets} as a`, 'a.id', `d.${n.d('asset')}`)
    .leftJoin(`${n.persons} as p`, 'p.id', `a.${n.a('user')}`)
    .where(software, softwareId)
    .where(`i.${n.i('lastSeen')}`, '>=', since)
    .whereRaw('not ?', [coveredSql(knex, n, software)]);
  if (filter.organization !== undefined) q.where(`a.${n.a('organization')}`, filter.organization);
  if (filter.scope) q.where(inScope(filter.scope, `a.${n.a('organization')}`, `a.${n.a('organizationalUnit')}`));
  const groups = [
    'a.id',
    'a.document_id',
    `a.${n.a('name')}`,
    `a.${n.a('hostname')}`,
    `a.${n.a('serialNumber')}`,
    'p.document_id',
    `p.${n.p('firstName')}`,
    `p.${n.p('lastName')}`,
  ];
  const [{ total }] = await knex.from(q.clone().distinct('a.id').as('x')).count({ total: '*' });
  const rows = await q
    .groupBy(groups)
    .select(
      'a.document_id as documentId',
      `a.${n.a('name')} as name`,
      `a.${n.a('hostname')} as hostname`,
      `a.${n.a('serialNumber')} as serialNumber`,
      'p.document_id as userDocumentId',
      `p.${n.p('firstName')} as firstName`,
      `p.${n.p('lastName')} as lastName`,
      knex.raw('max(??) as ??', [`i.${n.i('lastSeen')}`, 'lastSeen']),
      knex.raw('count(*) as installations'),
    )
    .orderBy([{ column: `a.${n.a('name')}` }, { column: 'a.id' }])
    .offset(offset)
    .limit(limit);
  return {
    total: Number(total),
    rows: rows.map((r: Record<string, any>) => ({
      asset: { documentId: r.documentId as string, name: r.name as string, hostname: r.hostname ?? null, serialNumber: r.serialNumber ?? null },
      user: r.userDocumentId ? { documentId: r.userDocumentId as string, firstName: r.firstName ?? null, lastName: r.lastName as string } : null,
      installations: Number(r.installations),
      lastSeen: timeOf(r.lastSeen),
    })),
  };
};

/**
 * A software's reclaim candidates (the reconciliation's `assignedNotInstalled`), by license and
 * asset name: each assignment with its license's unit price and the units it uses, for its value;
 * `prices` lists every candidate's (not only the page's), for the total value.
 */
export const reclaimCandidates = async (strapi: Core.Strapi, softwareId: number, filter: ComplianceFilter, since: Date, { offset, limit }: Page) => {
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const q = knex(`${n.assignments} as s`)
    .join(`${n.licenses} as l`, 'l.id', `s.${n.s('license')}`)
    .join(`${n.assets} as a`, 'a.id', `s.${n.s('asset')}`)
    .where(`l.${n.l('software')}`, softwareId);
  if (filter.organization !== undefined) q.where(`l.${n.l('organization')}`, filter.organization);
  if (filter.scope) q.where(inScope(filter.scope, `l.${n.l('organization')}`, `l.${n.l('organizationalUnit')}`));
  if (filter.category !== undefined) q.where(`l.${n.l('category')}`, filter.category);
  notInstalled(knex, n, since)(q);
  const prices: Array<{ price: unknown; currency: unknown; units: unknown }> = await q
    .clone()
    .select(`l.${n.l('grossUnitPrice')} as price`, `l.${n.l('currency')} as currency`, `s.${n.s('units')} as units`);
  const lastSeen = knex(`${n.devices} as ld`)
    .max(`ld.${n.d('lastSeen')}`)
    .whereRaw('?? = ??', [`ld.${n.d('asset')}`, 'a.id']);
  const rows = await q
    .select(
      's.document_id as documentId',
      'l.document_id as licenseDocumentId',
      `l.${n.l('name')} as licenseName`,
      `l.${n.l('grossUnitPrice')} as price`,
      `l.${n.l('currency')} as currency`,
      `s.${n.s('units')} as units`,
      'a.document_id as assetDocumentId',
      `a.${n.a('name')} as assetName`,
      `a.${n.a('hostname')} as hostname`,
      knex.raw('(?) as ??', [lastSeen, 'lastSeen']),
    )
    .orderBy([{ column: `l.${n.l('name')}` }, { column: `a.${n.a('name')}` }, { column: 's.id' }])
    .offset(offset)
    .limit(limit);
  return {
    prices: prices.map((p) => ({
      price: p.price == null ? null : String(p.price),
      currency: p.currency == null ? null : String(p.currency),
      units: Number(p.units),
    })),
    rows: rows.map((r: Record<string, any>) => ({
      documentId: r.documentId as string,
      license: { documentId: r.licenseDocumentId as string, name: r.licenseName as string },
      asset: { documentId: r.assetDocumentId as string, name: r.assetName as string, hostname: r.hostname ?? null },
      units: Number(r.units),
      price: r.price == null ? null : String(r.price),
      currency: r.currency == null ? null : String(r.currency),
      lastSeen: timeOf(r.lastSeen),
    })),
  };
};

/**
 * Whether the installations of a software a push `added` on this asset are unlicensed (no license of
 * it covers the asset) and the software's first: no other counting installation of it is unlicensed.
 * Inside the push that adds it (the `installation.unlicensed` event).
 */
export const firstUnlicensed = async (
  strapi: Core.Strapi,
  trx: Knex.Transaction,
  { softwareId, assetId, deviceId, added }: { softwareId: number; assetId: number; deviceId: number; added: string[] },
  since: Date,
): Promise<boolean> => {
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const here = await knex(`${n.assets} as a`)
    .transacting(trx)
    .first('a.id')
    .where('a.id', assetId)
    .whereRaw('not ?', [coveredSql(knex, n, softwareId)]);
  if (!here) return false;
  const elsewhere = await knex(`${n.installations} as i`)
    .transacting(trx)
    .first('i.id')
    .join(`${n.devices} as d`, 'd.id', `i.${n.i('device')}`)
    .join(`${n.assets} as a`, 'a.id', `d.${n.d('asset')}`)
    .where(`i.${n.i('software')}`, softwareId)
    .where(`i.${n.i('lastSeen')}`, '>=', since)
    // Any but the rows this push added (their entry keys on its device).
    .whereNot((b) => b.where(`i.${n.i('device')}`, deviceId).whereIn(`i.${n.i('entryKey')}`, added))
    .whereRaw('not ?', [coveredSql(knex, n, `i.${n.i('software')}`)]);
  return !elsewhere;
};

/**
 * The licenses that cover an asset (its window, beside its installations): those the asset is
 * assigned to, and those its user is, by license name; `via` says which.
 */
export const licensesOfAsset = async (strapi: Core.Strapi, assetId: number) => {
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const rows = await knex(`${n.assignments} as s`)
    .join(`${n.licenses} as l`, 'l.id', `s.${n.s('license')}`)
    .join(`${n.assets} as a`, 'a.id', knex.raw('?', [assetId]))
    .leftJoin(`${n.software} as sw`, 'sw.id', `l.${n.l('software')}`)
    .where((b) =>
      b.where(`s.${n.s('asset')}`, assetId).orWhereRaw('(?? is not null and ?? = ??)', [`a.${n.a('user')}`, `s.${n.s('person')}`, `a.${n.a('user')}`]),
    )
    .select(
      'l.document_id as documentId',
      `l.${n.l('name')} as name`,
      `l.${n.l('assignmentModel')} as assignmentModel`,
      'sw.document_id as softwareDocumentId',
      `sw.${n.sw('name')} as softwareName`,
      `sw.${n.sw('version')} as softwareVersion`,
      knex.raw('case when ?? is null then ? else ? end as via', [`s.${n.s('asset')}`, 'user', 'asset']),
    )
    .orderBy([{ column: `l.${n.l('name')}` }, { column: 'l.id' }])
    .limit(1000);
  // A license assigned to the asset and to its user: once, as the asset's.
  const seen = new Set<string>();
  const once = [...rows].sort((x: Record<string, any>, y: Record<string, any>) => (x.via === y.via ? 0 : x.via === 'asset' ? -1 : 1));
  const kept = new Set(once.filter((r: Record<string, any>) => !seen.has(r.documentId) && seen.add(r.documentId)));
  return rows
    .filter((r: Record<string, any>) => kept.has(r))
    .map((r: Record<string, any>) => ({
      documentId: r.documentId as string,
      name: r.name as string,
      assignmentModel: r.assignmentModel as string,
      software: r.softwareDocumentId
        ? { documentId: r.softwareDocumentId as string, name: r.softwareName as string, version: r.softwareVersion ?? null }
        : null,
      via: r.via as 'asset' | 'user',
    }));
};
