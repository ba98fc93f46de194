/**
 * The changes the writes note in their own transaction for the compliance report's kept rows
 * (docs/domain.md, "Kept compliance rows"; ./compliance-positions works them in): the software whose
 * row a write moved, inserted into `compliance-change`, and read back by the report.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../../shared/constants';
import { chunks, columnOf, tableOf } from './meta';
import { installationNames } from './installations';

const namesOf = (strapi: Core.Strapi) => ({ changes: tableOf(strapi, UID.complianceChange), change: columnOf(strapi, UID.complianceChange, 'softwareId') });

/** Runs in the caller's transaction (given, or the one Strapi hands a nested call), or in one of its own. */
const inWrite = (strapi: Core.Strapi, work: (trx: Knex.Transaction) => Promise<unknown>, trx?: Knex.Transaction) =>
  trx ? work(trx) : strapi.db.transaction(({ trx: current }) => work(current));

/** Notes the software of `select` (a statement with one column of software ids) as changed: one insert from a select. */
const noteFrom = async (strapi: Core.Strapi, select: (knex: Knex) => Knex.QueryBuilder, trx?: Knex.Transaction) => {
  const n = namesOf(strapi);
  const { sql, bindings } = select(strapi.db.connection).toSQL();
  await inWrite(strapi, (t) => t.raw(`insert into ?? (??) ${sql}`, [n.changes, n.change, ...bindings]), trx);
};

/** Notes these software (row ids) as changed. */
export const noteSoftware = async (strapi: Core.Strapi, ids: Array<number | null | undefined>, trx?: Knex.Transaction) => {
  const some = [...new Set(ids.filter((id): id is number => typeof id === 'number' && id > 0))];
  if (!some.length) return;
  const n = namesOf(strapi);
  await inWrite(
    strapi,
    async (t) => {
      for (const part of chunks(some)) await t(n.changes).insert(part.map((id) => ({ [n.change]: id })));
    },
    trx,
  );
};

/** Notes every software as changed (a setting the rows depend on, say). */
export const noteAll = async (strapi: Core.Strapi) => {
  const n = namesOf(strapi);
  await inWrite(strapi, (trx) => trx(n.changes).insert({ [n.change]: null }));
};

/** Notes the software of these licenses (row ids), as they are now: call it before and after a write that moves a license. */
export const noteLicenses = async (strapi: Core.Strapi, ids: number[], trx?: Knex.Transaction) => {
  const n = installationNames(strapi);
  for (const part of chunks([...new Set(ids)]))
    await noteFrom(strapi, (knex) => knex(n.licenses).distinct(n.l('software')).whereIn('id', part).whereNotNull(n.l('software')), trx);
};

/** Notes the software of these purchases' licenses (row ids). */
export const notePurchases = async (strapi: Core.Strapi, ids: number[], trx?: Knex.Transaction) => {
  const n = installationNames(strapi);
  const [purchases, license] = [tableOf(strapi, UID.purchase), columnOf(strapi, UID.purchase, 'license')];
  const software = `l.${n.l('software')}`;
  for (const part of chunks([...new Set(ids)]))
    await noteFrom(
      strapi,
      (knex) => knex(`${purchases} as p`).join(`${n.licenses} as l`, 'l.id', `p.${license}`).distinct(software).whereIn('p.id', part).whereNotNull(software),
      trx,
    );
};

/** Notes the software installed on these devices (row ids), or on the devices of these assets. */
export const noteInstalledOn = async (strapi: Core.Strapi, on: { devices?: number[]; assets?: number[] }, trx?: Knex.Transaction) => {
  const n = installationNames(strapi);
  const software = `i.${n.i('software')}`;
  for (const [ids, column] of [
    [on.devices ?? [], `i.${n.i('device')}`],
    [on.assets ?? [], `d.${n.d('asset')}`],
  ] as const) {
    for (const part of chunks([...new Set(ids)]))
      await noteFrom(
        strapi,
        (knex) =>
          knex(`${n.installations} as i`)
            .join(`${n.devices} as d`, 'd.id', `i.${n.i('device')}`)
            .distinct(software)
            .whereIn(column, part)
            .whereNotNull(software),
        trx,
      );
  }
};

/** Notes the software of these installations (row ids), as they are now. */
export const noteInstallations = async (strapi: Core.Strapi, ids: number[], trx?: Knex.Transaction) => {
  const n = installationNames(strapi);
  for (const part of chunks([...new Set(ids)]))
    await noteFrom(strapi, (knex) => knex(n.installations).distinct(n.i('software')).whereIn('id', part).whereNotNull(n.i('software')), trx);
};

/** The noted changes (software null: every row). */
export const readChanges = async (strapi: Core.Strapi): Promise<Array<{ id: number; software: number | null }>> => {
  const n = namesOf(strapi);
  const rows = await strapi.db.connection(n.changes).select('id', `${n.change} as software`);
  return rows.map((r: Record<string, unknown>) => ({ id: Number(r.id), software: r.software == null ? null : Number(r.software) }));
};
