/**
 * The reconciled position's statements (docs/domain.md, "Compliance", "Installations"): per
 * software, the matched assets with a counting installation of it (recognized, seen since
 * `since`), how many persons use them, their processors and cores, and how many no license of the
 * software covers by assignment; and the asset assignments whose asset's current inventory shows no
 * installation of the license's software (reclaim candidates). One row per software each.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import type { ComplianceFilter } from './compliance';
import { columnOf, tableOf } from './meta';
import { holdsText } from './search-text';

const namesOf = (strapi: Core.Strapi) => {
  const col = (uid: (typeof UID)[keyof typeof UID]) => (a: string) => columnOf(strapi, uid, a);
  return {
    installations: tableOf(strapi, UID.installation),
    devices: tableOf(strapi, UID.inventoryDevice),
    assets: tableOf(strapi, UID.asset),
    assignments: tableOf(strapi, UID.assignment),
    licenses: tableOf(strapi, UID.license),
    software: tableOf(strapi, UID.software),
    i: col(UID.installation),
    d: col(UID.inventoryDevice),
    a: col(UID.asset),
    s: col(UID.assignment),
    l: col(UID.license),
    sw: col(UID.software),
  };
};

export interface InstalledAggregate {
  software: number;
  documentId: string;
  name: string;
  version: string | null;
  /** Distinct matched assets with a counting installation. */
  assets: number;
  /** The distinct persons who use them; an asset without a user counts as one. */
  persons: number;
  processors: number;
  /** Σ processors × cores per processor, over the assets whose cores are known. */
  cores: number;
  /** Of `assets`, those that no license of the software covers: neither the asset nor its user is assigned to one. */
  unlicensed: number;
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
  const covered = knex(`${n.assignments} as s`)
    .select(knex.raw('1'))
    .join(`${n.licenses} as l`, 'l.id', `s.${n.s('license')}`)
    .whereRaw('?? = ??', [`l.${n.l('software')}`, software])
    .where((b) =>
      b
        .whereRaw('?? = ??', [`s.${n.s('asset')}`, 'a.id'])
        .orWhereRaw('(?? is not null and ?? = ??)', [`a.${n.a('user')}`, `s.${n.s('person')}`, `a.${n.a('user')}`]),
    );
  const perAsset = knex(`${n.installations} as i`)
    .join(`${n.devices} as d`, 'd.id', `i.${n.i('device')}`)
    .join(`${n.assets} as a`, 'a.id', `d.${n.d('asset')}`)
    .whereNotNull(software)
    .where(`i.${n.i('lastSeen')}`, '>=', since)
    .groupBy(software, 'a.id', `a.${n.a('user')}`, `a.${n.a('processors')}`, `a.${n.a('coresPerProcessor')}`)
    .select(
      `${software} as software`,
      'a.id as asset',
      `a.${n.a('user')} as person`,
      `a.${n.a('processors')} as processors`,
      `a.${n.a('coresPerProcessor')} as cores`,
      knex.raw('case when exists ? then 1 else 0 end as covered', [covered]),
    );
  if (filter.organization !== undefined) perAsset.where(`a.${n.a('organization')}`, filter.organization);
  const q = knex
    .from(perAsset.as('x'))
    .join(`${n.software} as sw`, 'sw.id', 'x.software')
    .groupBy('x.software', 'sw.document_id', `sw.${n.sw('name')}`, `sw.${n.sw('version')}`)
    .select(
      'x.software as software',
      'sw.document_id as documentId',
      `sw.${n.sw('name')} as name`,
      `sw.${n.sw('version')} as version`,
      knex.raw('count(*) as assets'),
      knex.raw('count(distinct x.person) + sum(case when x.person is null then 1 else 0 end) as persons'),
      knex.raw('sum(x.processors) as processors'),
      knex.raw('sum(case when x.cores is null then 0 else x.processors * x.cores end) as cores'),
      knex.raw('sum(1 - x.covered) as unlicensed'),
    );
  if (filter.q) q.whereRaw(...holdsText(knex, `sw.${n.sw('name')}`, filter.q));
  const rows: Array<Record<string, unknown>> = await q;
  return rows.map((r) => ({
    software: Number(r.software),
    documentId: String(r.documentId),
    name: String(r.name),
    version: (r.version as string | null) ?? null,
    assets: Number(r.assets),
    persons: Number(r.persons),
    processors: Number(r.processors),
    cores: Number(r.cores),
    unlicensed: Number(r.unlicensed),
  }));
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
    .whereNotExists(
      knex(`${n.installations} as ni`)
        .select(knex.raw('1'))
        .join(`${n.devices} as nd`, 'nd.id', `ni.${n.i('device')}`)
        .whereRaw('?? = ??', [`nd.${n.d('asset')}`, `s.${n.s('asset')}`])
        .whereRaw('?? = ??', [`ni.${n.i('software')}`, `l.${n.l('software')}`])
        .where(`ni.${n.i('lastSeen')}`, '>=', since),
    );

/** Per software: its licenses' asset assignments whose asset's current inventory shows no installation of it. */
export const assignedNotInstalled = async (strapi: Core.Strapi, filter: ComplianceFilter, since: Date): Promise<Map<number, number>> => {
  const knex = strapi.db.connection;
  const n = namesOf(strapi);
  const q = knex(`${n.assignments} as s`)
    .join(`${n.licenses} as l`, 'l.id', `s.${n.s('license')}`)
    .whereNotNull(`l.${n.l('software')}`)
    .groupBy(`l.${n.l('software')}`)
    .select(`l.${n.l('software')} as software`, knex.raw('count(*) as n'));
  if (filter.organization !== undefined) q.where(`l.${n.l('organization')}`, filter.organization);
  if (filter.category !== undefined) q.where(`l.${n.l('category')}`, filter.category);
  notInstalled(knex, n, since)(q);
  const rows: Array<{ software: unknown; n: unknown }> = await q;
  return new Map(rows.map((r) => [Number(r.software), Number(r.n)]));
};
