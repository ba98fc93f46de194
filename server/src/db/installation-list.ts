/**
 * The installations list's rows (docs/api.md, "Installations"): a page with each installation's
 * device, asset and software, and the distinct entries a rule's test tries.
 */
import type { Core } from '@strapi/strapi';
import { assetIdsInScope, deviceIdsInScope, type ScopeIds } from './scope';
import type { Knex } from 'knex';
import type { InstallationState, Recognition } from '../../../shared/constants';
import { installationNames, timeOf, type AssetRef } from './installations';
import { holdsText } from './search-text';

const names = installationNames;

export interface InstallationFilter {
  softwareIds?: number[];
  assetIds?: number[];
  state?: InstallationState;
  /** A text the name, publisher, hostname or serial number holds (the lists' search rule, ./search-text). */
  q?: string;
  /** Entries (their keys, the same on every device): a rule's test. */
  entryKeys?: string[];
  /** Installations last seen before it are stale. */
  staleBefore: Date;
  /** The reader's organization scope (../scope): installations on its assets only. */
  scope?: ScopeIds | null;
}

export interface InstallationListRow {
  id: number;
  documentId: string;
  rawName: string;
  rawVersion: string | null;
  rawPublisher: string | null;
  recognition: Recognition;
  source: string | null;
  firstSeen: Date | null;
  lastSeen: Date | null;
  device: { documentId: string; hostname: string | null; serialNumber: string | null; uuid: string | null };
  asset: AssetRef | null;
  software: { documentId: string; name: string; version: string | null } | null;
}

/** A page of installations with their device, asset and software, by name; and how many match. */
export const installationPage = async (
  strapi: Core.Strapi,
  f: InstallationFilter,
  { offset, limit }: { offset: number; limit: number },
): Promise<{ rows: InstallationListRow[]; total: number }> => {
  const { installations, devices, assets, software, i, d, a, sw: s } = names(strapi);
  const knex = strapi.db.connection;
  const where = (q: Knex.QueryBuilder) => {
    q.join(`${devices} as d`, 'd.id', `i.${i('device')}`);
    if (f.softwareIds) q.whereIn(`i.${i('software')}`, f.softwareIds);
    if (f.assetIds) q.whereIn(`d.${d('asset')}`, f.assetIds);
    if (f.entryKeys) q.whereIn(`i.${i('entryKey')}`, f.entryKeys);
    if (f.scope) q.whereIn(`d.${d('asset')}`, assetIdsInScope(strapi, f.scope));
    if (f.q) {
      const text = f.q;
      q.where((b) => {
        for (const column of [`i.${i('rawName')}`, `i.${i('rawPublisher')}`, `d.${d('hostname')}`, `d.${d('serialNumber')}`])
          b.orWhereRaw(...holdsText(knex, column, text));
      });
    }
    if (f.state === 'unmatched') q.whereNull(`d.${d('asset')}`);
    else if (f.state === 'stale') q.where(`i.${i('lastSeen')}`, '<', f.staleBefore);
    else if (f.state) q.where(`i.${i('recognition')}`, f.state);
    return q;
  };
  const [{ n }] = await where(knex(`${installations} as i`)).count({ n: '*' });
  const rows = await where(knex(`${installations} as i`))
    .leftJoin(`${assets} as a`, 'a.id', `d.${d('asset')}`)
    .leftJoin(`${software} as s`, 's.id', `i.${i('software')}`)
    .select(
      'i.id as id',
      'i.document_id as documentId',
      `i.${i('rawName')} as rawName`,
      `i.${i('rawVersion')} as rawVersion`,
      `i.${i('rawPublisher')} as rawPublisher`,
      `i.${i('recognition')} as recognition`,
      `i.${i('source')} as source`,
      `i.${i('firstSeen')} as firstSeen`,
      `i.${i('lastSeen')} as lastSeen`,
      'd.document_id as deviceDocumentId',
      `d.${d('hostname')} as hostname`,
      `d.${d('serialNumber')} as serialNumber`,
      `d.${d('uuid')} as uuid`,
      'a.document_id as assetDocumentId',
      `a.${a('name')} as assetName`,
      's.document_id as softwareDocumentId',
      `s.${s('name')} as softwareName`,
      `s.${s('version')} as softwareVersion`,
    )
    .orderBy([{ column: `i.${i('rawName')}` }, { column: 'i.id' }])
    .offset(offset)
    .limit(limit);
  return {
    total: Number(n),
    rows: rows.map((r: Record<string, any>) => ({
      id: Number(r.id),
      documentId: r.documentId,
      rawName: r.rawName,
      rawVersion: r.rawVersion,
      rawPublisher: r.rawPublisher,
      recognition: r.recognition,
      source: r.source,
      firstSeen: timeOf(r.firstSeen),
      lastSeen: timeOf(r.lastSeen),
      device: { documentId: r.deviceDocumentId, hostname: r.hostname, serialNumber: r.serialNumber, uuid: r.uuid },
      asset: r.assetDocumentId ? { documentId: r.assetDocumentId, name: r.assetName } : null,
      software: r.softwareDocumentId ? { documentId: r.softwareDocumentId, name: r.softwareName, version: r.softwareVersion } : null,
    })),
  };
};

/** Each distinct entry the devices report, by name, with how many installations it is. */
export const distinctEntries = async (
  strapi: Core.Strapi,
): Promise<Array<{ entryKey: string; rawName: string; rawVersion: string | null; rawPublisher: string | null; count: number }>> => {
  const { installations, i } = names(strapi);
  const cols = [i('entryKey'), i('rawName'), i('rawVersion'), i('rawPublisher')];
  const rows = await strapi.db
    .connection(installations)
    .select(
      `${i('entryKey')} as entryKey`,
      `${i('rawName')} as rawName`,
      `${i('rawVersion')} as rawVersion`,
      `${i('rawPublisher')} as rawPublisher`,
      strapi.db.connection.raw('count(*) as n'),
    )
    .groupBy(cols)
    .orderBy([{ column: i('rawName') }, { column: i('entryKey') }]);
  return rows.map((r: Record<string, any>) => ({
    entryKey: r.entryKey,
    rawName: r.rawName,
    rawVersion: r.rawVersion,
    rawPublisher: r.rawPublisher,
    count: Number(r.n),
  }));
};

/** Unrecognized entries grouped by publisher and name (versions together), most installations first: what rules are still missing for. */
export const unrecognizedGroups = async (
  strapi: Core.Strapi,
  f: { q?: string; scope?: ScopeIds | null },
  { offset, limit }: { offset: number; limit: number },
): Promise<{ rows: Array<{ rawName: string; rawPublisher: string | null; installations: number; devices: number; versions: number }>; total: number }> => {
  const { installations, i } = names(strapi);
  const knex = strapi.db.connection;
  const [name, publisher] = [i('rawName'), i('rawPublisher')];
  const base = () => {
    const q = knex(installations).where(i('recognition'), 'unrecognized');
    if (f.scope) q.whereIn(i('device'), deviceIdsInScope(strapi, f.scope));
    if (f.q) {
      const text = f.q;
      q.where((b) => b.orWhereRaw(...holdsText(knex, name, text)).orWhereRaw(...holdsText(knex, publisher, text)));
    }
    return q;
  };
  const [{ n }] = await knex.from(base().distinct(name, publisher).as('g')).count({ n: '*' });
  const rows = await base()
    .groupBy(publisher, name)
    .select(
      `${name} as rawName`,
      `${publisher} as rawPublisher`,
      knex.raw('count(*) as installations'),
      knex.raw('count(distinct ??) as devices', [i('device')]),
      knex.raw('count(distinct ??) as versions', [i('rawVersion')]),
    )
    .orderBy([{ column: 'installations', order: 'desc' }, { column: name }, { column: publisher }])
    .offset(offset)
    .limit(limit);
  return {
    total: Number(n),
    rows: rows.map((r: Record<string, any>) => ({
      rawName: r.rawName,
      rawPublisher: r.rawPublisher ?? null,
      installations: Number(r.installations),
      devices: Number(r.devices),
      versions: Number(r.versions),
    })),
  };
};
