/**
 * Licenses: the rules of docs/domain.md on every write (the admin and content APIs both call this),
 * lists whose seat counts, seat sort and over-allocation filter run in SQL, one query per page.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  ASSIGNMENT_MODELS,
  LICENSE_SORTS,
  LICENSE_STATUSES,
  UID,
  type AssignmentModel,
  type OverAssignment,
} from '../../../shared/constants';
import { grossFromNet, times } from '../../../shared/money';
import {
  crossFieldErrors,
  DOCUMENT_ID,
  searchText,
  type KeyChanges,
  type LicenseCreateInput,
  type LicenseUpdateInput,
  type LicenseValues,
} from '../../../shared/schemas';
import { seats, type Seats } from '../domain/seats';
import { licenseStatus, statusWindow, type StatusWindow } from '../domain/status';
import { ConflictError, invalid, invalidField, notFound } from '../errors';
import { listPageOf, queryReader } from '../validation';
import {
  clientOf,
  columnOf,
  isUniqueViolation,
  likePattern,
  lockIds,
  locking,
  nameKey,
  newDocumentId,
  relationOut,
  resolveRelation,
  tableOf,
  UniqueViolation,
  writeTransaction,
} from './db';
import { toMaskedKey, type MaskedKey } from './keys';
import type { PluginServices } from './index';
import { getService } from '../plugin';

/** License relations: the attribute, its target and what a read shows of it. */
export const LICENSE_RELATIONS = {
  category: { uid: UID.category, fields: ['name'] },
  software: { uid: UID.software, fields: ['name', 'version'] },
  organization: { uid: UID.organization, fields: ['name'] },
  organizationalUnit: { uid: UID.organizationalUnit, fields: ['name'] },
  locationStructure: { uid: UID.location, fields: ['name'] },
  supplier: { uid: UID.organization, fields: ['name'] },
} as const;
type RelationName = keyof typeof LICENSE_RELATIONS;
const RELATION_NAMES = Object.keys(LICENSE_RELATIONS) as RelationName[];

const SCALARS = [
  'name',
  'physicalLocation',
  'serialNumber',
  'inventoryNumber',
  'expirationDate',
  'supportDate',
  'purchaseDate',
  'invoiceNumber',
  'netUnitPrice',
  'vatRate',
  'grossUnitPrice',
  'currency',
  'assignmentModel',
  'quantity',
  'overAssignment',
  'notes',
] as const;

/** What `_q` searches, with the software's name (docs/api.md). */
const SEARCHED = ['name', 'serialNumber', 'inventoryNumber', 'invoiceNumber'] as const;

const POPULATE = Object.fromEntries(
  RELATION_NAMES.map((r) => [r, { select: ['id', 'documentId', ...LICENSE_RELATIONS[r].fields] }])
);

const money = (v: unknown): string | null => (v === null || v === undefined ? null : Number(v).toFixed(2));
const dateTime = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const date = v instanceof Date ? v : new Date(v as string | number);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};
const day = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
};

/* List query ------------------------------------------------------------------------------------ */

const listQuerySchema = {
  sort: z
    .string()
    .regex(new RegExp(`^(${LICENSE_SORTS.join('|')})(:(asc|desc))?$`), {
      error: `must be one of ${LICENSE_SORTS.join(', ')}, with :asc or :desc`,
    }),
  q: searchText(),
  documentId: z.string().regex(DOCUMENT_ID, { error: 'must be a documentId' }),
  status: z.enum(LICENSE_STATUSES, { error: `must be one of ${LICENSE_STATUSES.join(', ')}` }),
  assignmentModel: z.enum(ASSIGNMENT_MODELS, { error: `must be one of ${ASSIGNMENT_MODELS.join(', ')}` }),
  bool: z.enum(['true', 'false'], { error: 'must be true or false' }),
};

export interface LicenseListQuery {
  page: number;
  pageSize: number;
  sort: { field: (typeof LICENSE_SORTS)[number]; order: 'asc' | 'desc' };
  q?: string;
  software?: string;
  category?: string;
  organization?: string;
  status?: (typeof LICENSE_STATUSES)[number];
  assignmentModel?: AssignmentModel;
  overAllocated?: boolean;
}

/** Reads the admin list's query string (docs/api.md), with a 400 naming any bad parameter. */
export const parseListQuery = (query: Record<string, unknown>): LicenseListQuery => {
  const get = queryReader(query);
  const sortText = get('sort', listQuerySchema.sort) ?? 'name:asc';
  const [field, order = 'asc'] = sortText.split(':') as [LicenseListQuery['sort']['field'], 'asc' | 'desc'];
  const overAllocated = get('overAllocated', listQuerySchema.bool);
  return {
    ...listPageOf(query),
    sort: { field, order },
    q: get('_q', listQuerySchema.q)?.trim() || undefined,
    software: get('software', listQuerySchema.documentId),
    category: get('category', listQuerySchema.documentId),
    organization: get('organization', listQuerySchema.documentId),
    status: get('status', listQuerySchema.status),
    assignmentModel: get('assignmentModel', listQuerySchema.assignmentModel),
    overAllocated: overAllocated === undefined ? undefined : overAllocated === 'true',
  };
};

/* The service ----------------------------------------------------------------------------------- */

/** The license row as a write reads it under its lock: what every seat rule decides on. */
export interface LockedLicense {
  id: number;
  documentId: string;
  name: string;
  quantity: number;
  assignmentModel: AssignmentModel;
  overAssignment: OverAssignment;
}

/** A license row as the query engine loads it, relations populated. */
export interface LicenseRow extends LockedLicense {
  [field: string]: any;
}

/** A license edit: the fields to change and, applied in the same transaction, the keys to remove and add. */
export type LicenseEdit = LicenseUpdateInput & { keys?: KeyChanges };

export interface LicenseOut {
  documentId: string;
  [field: string]: unknown;
  seats: Seats;
  keys?: MaskedKey[];
}

/** The model whose seats are assets; every other model counts persons. Bound into SQL as a value. */
const PER_COMPUTER: AssignmentModel = 'per_computer';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();

  const t = () => ({
    license: tableOf(strapi, UID.license),
    assignment: tableOf(strapi, UID.assignment),
    software: tableOf(strapi, UID.software),
    a: {
      license: columnOf(strapi, UID.assignment, 'license'),
      person: columnOf(strapi, UID.assignment, 'person'),
      asset: columnOf(strapi, UID.assignment, 'asset'),
    },
    l: {
      software: columnOf(strapi, UID.license, 'software'),
      category: columnOf(strapi, UID.license, 'category'),
      organization: columnOf(strapi, UID.license, 'organization'),
      model: columnOf(strapi, UID.license, 'assignmentModel'),
      quantity: columnOf(strapi, UID.license, 'quantity'),
      expiration: columnOf(strapi, UID.license, 'expirationDate'),
    },
  });

  /**
   * SQL for the seats a license row uses: assignments of the kind its model counts (assets for
   * per_computer, persons for per_user). One `case` branch per model, so each count reads only its
   * covering index (license, asset) or (license, person) and never the assignment rows. Names and
   * the model are knex bindings (`??`, `?`), so the statement is the same and nothing is pasted in.
   */
  const usedSeatsSql = (alias: string): Knex.Raw => {
    const n = t();
    const knex = strapi.db.connection;
    const count = (column: string) =>
      knex.raw('(select count(*) from ?? where ?? = ?? and ?? is not null)', [
        `${n.assignment} as a`,
        `a.${n.a.license}`,
        `${alias}.id`,
        `a.${column}`,
      ]);
    return knex.raw('(case when ?? = ? then ? else ? end)', [`${alias}.${n.l.model}`, PER_COMPUTER, count(n.a.asset), count(n.a.person)]);
  };

  /** A row's scalar fields as the API shows them (dates as days, money as two-decimal strings). */
  const scalarsOf = (row: Record<string, any>): Record<string, any> => {
    const out: Record<string, unknown> = {};
    for (const f of SCALARS) out[f] = row[f] ?? null;
    for (const f of ['expirationDate', 'supportDate', 'purchaseDate'] as const) out[f] = day(row[f]);
    for (const f of ['netUnitPrice', 'vatRate', 'grossUnitPrice'] as const) out[f] = money(row[f]);
    return out;
  };

  const outOf = (row: Record<string, any>, used: number, window: StatusWindow, keys?: MaskedKey[]): LicenseOut => {
    const out: Record<string, unknown> = { documentId: row.documentId, name: row.name };
    for (const r of RELATION_NAMES) out[r] = relationOut(row[r], LICENSE_RELATIONS[r].fields as unknown as string[]);
    Object.assign(out, scalarsOf(row));
    // `seats` follows the manual's fields, as docs/api.md shows it.
    out.seats = seats(row.quantity, used);
    out.status = licenseStatus(out.expirationDate as string | null, window);
    out.totalNet = out.netUnitPrice == null ? null : times(out.netUnitPrice as string, row.quantity);
    out.totalGross = out.grossUnitPrice == null ? null : times(out.grossUnitPrice as string, row.quantity);
    if (keys) out.keys = keys;
    out.createdAt = row.createdAt;
    out.updatedAt = row.updatedAt;
    return out as LicenseOut;
  };

  /* The list page's single statement: license columns under their attribute names, and each
     relation's shown fields as `<relation>__<field>` from a left join. */
  const LICENSE_COLUMNS = ['id', 'documentId', 'createdAt', 'updatedAt', ...SCALARS] as const;
  const pageColumns = () => [
    ...LICENSE_COLUMNS.map((a) => `l.${columnOf(strapi, UID.license, a)} as ${a}`),
    ...RELATION_NAMES.flatMap((r, i) =>
      ['documentId', ...LICENSE_RELATIONS[r].fields].map((f) => `r${i}.${columnOf(strapi, LICENSE_RELATIONS[r].uid, f)} as ${r}__${f}`)
    ),
  ];
  const joinRelations = (q: Knex.QueryBuilder) => {
    RELATION_NAMES.forEach((r, i) =>
      q.leftJoin(`${tableOf(strapi, LICENSE_RELATIONS[r].uid)} as r${i}`, `r${i}.id`, `l.${columnOf(strapi, UID.license, r)}`)
    );
  };
  /** A page row as the query engine would hand it out (see its DatetimeField and NumberField). */
  const fromPageRow = (r: Record<string, any>) => {
    const row: Record<string, any> = { ...r, quantity: Number(r.quantity), createdAt: dateTime(r.createdAt), updatedAt: dateTime(r.updatedAt) };
    for (const rel of RELATION_NAMES) {
      const documentId = r[`${rel}__documentId`];
      row[rel] = documentId == null ? null : { documentId, ...Object.fromEntries(LICENSE_RELATIONS[rel].fields.map((f) => [f, r[`${rel}__${f}`]])) };
    }
    return row;
  };

  const window = async () => statusWindow((await settings()).expiringWithinDays);

  const usedSeatsOf = async (ids: number[]): Promise<Map<number, number>> => {
    const map = new Map<number, number>();
    if (!ids.length) return map;
    const rows = await strapi.db
      .connection(`${t().license} as l`)
      .select('l.id', strapi.db.connection.raw('? as used', [usedSeatsSql('l')]))
      .whereIn('l.id', ids);
    for (const r of rows) map.set(r.id, Number(r.used));
    return map;
  };

  /** Turns loaded rows into API objects, with one aggregate query for all their seats. */
  const present = async (rows: Record<string, any>[], withKeys = false): Promise<LicenseOut[]> => {
    const ids = rows.map((r) => r.id);
    const [used, w, keys] = await Promise.all([
      usedSeatsOf(ids),
      window(),
      withKeys ? getService(strapi, 'keys').listFor(ids) : Promise.resolve(null),
    ]);
    return rows.map((r) => outOf(r, used.get(r.id) ?? 0, w, keys ? (keys.get(r.id) ?? []) : undefined));
  };

  const findRow = async (documentId: string) => {
    if (!DOCUMENT_ID.test(documentId)) throw notFound('License');
    const row = await strapi.db.query(UID.license).findOne({ where: { documentId }, populate: POPULATE });
    if (!row) throw notFound('License');
    return row as LicenseRow;
  };

  /** Resolves every relation sent to its row id; a missing target is a 400 on that field. */
  const resolveRelations = async (input: Partial<Record<RelationName, string | null>>) => {
    const ids: Partial<Record<RelationName, number | null>> = {};
    const errors: { path: string[]; message: string }[] = [];
    for (const r of RELATION_NAMES) {
      if (!(r in input)) continue;
      try {
        ids[r] = await resolveRelation(strapi, LICENSE_RELATIONS[r].uid, input[r], r);
      } catch (e: any) {
        errors.push(...(e.details?.errors ?? [{ path: [r], message: 'refers to no record' }]));
      }
    }
    if (errors.length) throw invalid(errors);
    return ids;
  };

  /**
   * Inside a write: share-locks the relation targets a license will point at, so a concurrent
   * delete of one either finishes first (then this is a 400) or waits until this write commits
   * (then it sees the license and refuses with 409).
   */
  const lockRelationTargets = async (trx: Knex.Transaction, input: Partial<Record<RelationName, string | null>>, ids: Partial<Record<RelationName, number | null>>) => {
    for (const r of RELATION_NAMES) {
      const id = ids[r];
      if (id == null) continue;
      if (!(await lockIds(strapi, trx, LICENSE_RELATIONS[r].uid, [id], 'share')).size) {
        throw invalidField(r, `refers to no record (documentId ${input[r]})`);
      }
    }
  };

  /** Organizational structure must belong to the license's organization, when both are set. */
  const checkUnitBelongs = async (unitId: number | null | undefined, organizationId: number | null | undefined) => {
    if (!unitId || !organizationId) return;
    const unit = await strapi.db
      .query(UID.organizationalUnit)
      .findOne({ where: { id: unitId }, populate: { organization: { select: ['id'] } } });
    if (unit?.organization?.id !== organizationId) {
      throw invalidField('organizationalUnit', 'must belong to the selected organization');
    }
  };

  /** Prices and dates after defaults: the gross price computed, and the cross-field rules. */
  const finishValues = (values: LicenseValues, sentGross: string | null | undefined) => {
    values.grossUnitPrice =
      values.netUnitPrice != null && values.vatRate != null ? grossFromNet(values.netUnitPrice, values.vatRate) : null;
    const errors = crossFieldErrors(values, sentGross);
    if (errors.length) throw invalid(errors);
  };

  const checkUnique = async (name: string | undefined, inventoryNumber: string | null | undefined, exceptId?: number) => {
    if (name !== undefined) {
      const taken = await strapi.db
        .query(UID.license)
        .findOne({ select: ['id'], where: { nameKey: nameKey(name), ...(exceptId ? { id: { $ne: exceptId } } : {}) } });
      if (taken) throw new ConflictError('A license with this name already exists', { field: 'name', value: name });
    }
    if (inventoryNumber) {
      const taken = await strapi.db
        .query(UID.license)
        .findOne({ select: ['id'], where: { inventoryNumber, ...(exceptId ? { id: { $ne: exceptId } } : {}) } });
      if (taken) {
        throw new ConflictError('A license with this inventory number already exists', {
          field: 'inventoryNumber',
          value: inventoryNumber,
        });
      }
    }
  };

  /** A unique index that a concurrent writer won between our check and our write. */
  const uniqueRace = (error: unknown): never => {
    if (isUniqueViolation(error)) {
      const index = error instanceof UniqueViolation ? error.index : '';
      throw new ConflictError('A license with this name or inventory number already exists', {
        field: index.includes('inventory') ? 'inventoryNumber' : 'name',
      });
    }
    throw error;
  };

  /**
   * Locks a license row until the transaction ends and reads it in the same statement, so a seat
   * check or an edit decides on the row as it is now and not on a copy read before the lock. Null
   * when the license was deleted meanwhile. On MySQL this locking read comes first in every write,
   * so the transaction's later plain reads see all that committed before the lock was granted.
   */
  const lockLicense = async (trx: Knex.Transaction, id: number, mode: 'update' | 'share' = 'update'): Promise<LockedLicense | null> => {
    const col = (a: string) => columnOf(strapi, UID.license, a);
    const q = strapi.db
      .connection(t().license)
      .transacting(trx)
      .first(
        'id',
        `${col('documentId')} as documentId`,
        `${col('name')} as name`,
        `${col('quantity')} as quantity`,
        `${col('assignmentModel')} as assignmentModel`,
        `${col('overAssignment')} as overAssignment`
      )
      .where({ id });
    const row = await locking(strapi, q, mode);
    return row ? { ...row, id: Number(row.id), quantity: Number(row.quantity) } : null;
  };

  /**
   * Runs a write on one license: its row locked and read first, a 404 when it is gone (also when
   * it was deleted between the request's arrival and the lock), retried as a deadlock victim.
   */
  const withLicense = async <T>(
    documentId: string,
    work: (license: LockedLicense, trx: Knex.Transaction) => Promise<T>,
    { mode = 'update' as 'update' | 'share', before }: { mode?: 'update' | 'share'; before?: (trx: Knex.Transaction) => Promise<void> } = {}
  ): Promise<T> => {
    if (!DOCUMENT_ID.test(documentId)) throw notFound('License');
    const found = await strapi.db.query(UID.license).findOne({ select: ['id'], where: { documentId } });
    if (!found) throw notFound('License');
    return writeTransaction(strapi, async (trx) => {
      // Locks the writer needs before the license's (persons and assets: see assignments).
      if (before) await before(trx);
      const license = await lockLicense(trx, found.id, mode);
      if (!license) throw notFound('License');
      return work(license, trx);
    });
  };

  /** Unbinds a key from its assignments and deletes it, inside the caller's transaction. */
  const deleteKey = async (trx: Knex.Transaction, keyId: number) => {
    const keyColumn = columnOf(strapi, UID.assignment, 'key');
    await strapi.db.connection(t().assignment).transacting(trx).where(keyColumn, keyId).update({ [keyColumn]: null });
    await strapi.db.query(UID.key).delete({ where: { id: keyId } });
  };

  /**
   * A license edit's key changes, under the license's lock: removals, then additions, each in list
   * order with its history event. A key that is not this license's is a 400 naming `keys.remove.N`.
   */
  const changeKeys = async (trx: Knex.Transaction, license: { id: number; documentId: string; name: string }, changes: KeyChanges, actor: string) => {
    const keys = getService(strapi, 'keys');
    const history = getService(strapi, 'history');
    for (const [i, keyDocumentId] of (changes.remove ?? []).entries()) {
      const key = await keys.findOfLicense(license.id, keyDocumentId).catch((error) => {
        throw error?.name === 'NotFoundError' ? invalidField(['keys', 'remove', String(i)], 'is not a key of this license') : error;
      });
      await deleteKey(trx, key.id);
      await history.record({ license, action: 'key_removed', actor, changes: { key: keyDocumentId, label: key.label ?? null } });
    }
    for (const input of changes.add ?? []) {
      const [created] = await keys.insert(license.id, [input]);
      await history.record({ license, action: 'key_added', actor, changes: { key: created.documentId, label: created.label } });
    }
  };

  return {
    usedSeatsSql,
    withLicense,
    findRow,
    present,

    async list(query: LicenseListQuery) {
      const n = t();
      const knex = strapi.db.connection;
      const w = await window();
      const base = knex(`${n.license} as l`);
      if (query.q) {
        const pattern = likePattern(query.q);
        base.leftJoin(`${n.software} as s`, 's.id', `l.${n.l.software}`).where((b) => {
          const columns = SEARCHED.map((a) => `l.${columnOf(strapi, UID.license, a)}`).concat(`s.${columnOf(strapi, UID.software, 'name')}`);
          for (const col of columns) b.orWhereRaw("lower(??) like ? escape '!'", [col, pattern]);
        });
      }
      for (const [param, column, uid] of [
        ['software', n.l.software, UID.software],
        ['category', n.l.category, UID.category],
        ['organization', n.l.organization, UID.organization],
      ] as const) {
        const documentId = query[param];
        if (!documentId) continue;
        const target = await strapi.db.query(uid).findOne({ select: ['id'], where: { documentId } });
        base.where(`l.${column}`, target?.id ?? -1);
      }
      if (query.assignmentModel) base.where(`l.${n.l.model}`, query.assignmentModel);
      if (query.status === 'expired') base.where(`l.${n.l.expiration}`, '<', w.today);
      if (query.status === 'expiring') base.whereBetween(`l.${n.l.expiration}`, [w.today, w.expiringUntil]);
      if (query.status === 'active') {
        base.where((b) => b.whereNull(`l.${n.l.expiration}`).orWhere(`l.${n.l.expiration}`, '>', w.expiringUntil));
      }
      // Sorting or filtering on seats needs every license's seats. PostgreSQL gets them fastest from
      // one grouped pass over the assignments; SQLite and MySQL from the per-row count on the
      // covering indexes (measured in docs/performance.md).
      const seatsEverywhere = query.sort.field === 'seatsUsed' || query.overAllocated !== undefined;
      // Counted before any seat join or filter; it serves only lists without a seat filter.
      const total = base.clone().count({ total: '*' }).as('total');
      let used = usedSeatsSql('l');
      if (seatsEverywhere && clientOf(strapi) === 'postgres') {
        const counts = knex(n.assignment)
          .select(`${n.a.license} as license`)
          .count({ persons: n.a.person, assets: n.a.asset })
          .groupBy(n.a.license);
        base.leftJoin(counts.as('c'), 'c.license', 'l.id');
        used = knex.raw('(case when ?? = ? then coalesce(??, 0) else coalesce(??, 0) end)', [`l.${n.l.model}`, PER_COMPUTER, 'c.assets', 'c.persons']);
      }
      if (query.overAllocated === true) base.whereRaw('? > ??', [used, `l.${n.l.quantity}`]);
      if (query.overAllocated === false) base.whereRaw('? <= ??', [used, `l.${n.l.quantity}`]);

      // Every sort but seatsUsed is a license attribute (LICENSE_SORTS).
      const sortColumn = query.sort.field === 'seatsUsed' ? 'used' : `l.${columnOf(strapi, UID.license, query.sort.field)}`;
      // One statement: the page's ids, seats and the total in a derived table, then the page's rows
      // joined to their relations. A search or seat filter visits every row anyway, so the total
      // comes from that same pass instead of repeating the filter; otherwise a separate count lets
      // the page stop after its rows.
      const pageIds = base
        .clone()
        .select('l.id', knex.raw('? as used', [used]), query.q || query.overAllocated !== undefined ? knex.raw('count(*) over () as total') : total)
        .orderBy(sortColumn, query.sort.order)
        .orderBy('l.id', query.sort.order)
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      const page = await knex
        .from(pageIds.as('p'))
        .join(`${n.license} as l`, 'l.id', 'p.id')
        .modify(joinRelations)
        .select(...pageColumns(), 'p.used', 'p.total')
        .orderBy(query.sort.field === 'seatsUsed' ? 'p.used' : sortColumn, query.sort.order)
        .orderBy('l.id', query.sort.order);
      // Past the last page there is no row to carry the total.
      const totalCount = page.length
        ? Number(page[0].total)
        : query.page > 1
          ? Number((await base.clone().count({ total: '*' }))[0].total)
          : 0;
      return {
        data: page.map((r: Record<string, unknown>) => outOf(fromPageRow(r), Number(r.used), w)),
        pagination: {
          page: query.page,
          pageSize: query.pageSize,
          pageCount: Math.ceil(totalCount / query.pageSize),
          total: totalCount,
        },
      };
    },

    async get(documentId: string, { withKeys = true } = {}) {
      const [license] = await present([await findRow(documentId)], withKeys);
      return license;
    },

    async create(input: LicenseCreateInput, actor: string) {
      const config = await settings();
      const values: Record<string, any> = {
        ...input,
        currency: input.currency ?? config.defaultCurrency,
        assignmentModel: input.assignmentModel ?? 'per_user',
        overAssignment: input.overAssignment ?? 'block',
      };
      delete values.keys;
      finishValues(values, input.grossUnitPrice);
      const relationIds = await resolveRelations(input);
      await checkUnitBelongs(relationIds.organizationalUnit, relationIds.organization);
      await checkUnique(input.name, input.inventoryNumber);

      const documentId = newDocumentId();
      const now = new Date();
      await writeTransaction(strapi, async (trx) => {
        await lockRelationTargets(trx, input, relationIds);
        const row = await strapi.db.query(UID.license).create({
          data: {
            ...Object.fromEntries(SCALARS.map((f) => [f, values[f] ?? null])),
            ...relationIds,
            documentId,
            nameKey: nameKey(input.name),
            createdAt: now,
            updatedAt: now,
          },
        });
        const keys = input.keys?.length ? await getService(strapi, 'keys').insert(row.id, input.keys) : [];
        await getService(strapi, 'history').record([
          { license: { documentId, name: input.name }, action: 'created', actor },
          ...keys.map((k) => ({
            license: { documentId, name: input.name },
            action: 'key_added' as const,
            actor,
            changes: { key: k.documentId, label: k.label },
          })),
        ]);
      }).catch(uniqueRace);
      return this.get(documentId);
    },

    /**
     * Changes the fields sent, and only those: the license is read again under its lock, the
     * rules run on that row merged with the input, and the other fields are left as they are, so
     * a concurrent edit of another field is never written back over.
     */
    async update(documentId: string, input: LicenseEdit, actor: string) {
      // Unknown relation targets are a 400 before any lock; the locked write checks them again.
      const relationIds = await resolveRelations(input);
      await withLicense(documentId, async (locked, trx) => {
        const existing = (await strapi.db.query(UID.license).findOne({ where: { id: locked.id }, populate: POPULATE })) as LicenseRow;
        const before = scalarsOf(existing);
        const values: Record<string, any> = {};
        for (const f of SCALARS) values[f] = f in input ? (input as any)[f] : before[f];
        finishValues(values, input.grossUnitPrice);
        await lockRelationTargets(trx, input, relationIds);
        const unitId = 'organizationalUnit' in relationIds ? relationIds.organizationalUnit : existing.organizationalUnit?.id;
        const orgId = 'organization' in relationIds ? relationIds.organization : existing.organization?.id;
        await checkUnitBelongs(unitId, orgId);
        await checkUnique(
          input.name !== undefined && nameKey(input.name) !== existing.nameKey ? input.name : undefined,
          input.inventoryNumber && input.inventoryNumber !== existing.inventoryNumber ? input.inventoryNumber : undefined,
          existing.id
        );

        const changes: Record<string, { old: unknown; new: unknown }> = {};
        for (const f of SCALARS) {
          if (values[f] !== before[f] && !(values[f] == null && before[f] == null)) changes[f] = { old: before[f], new: values[f] };
        }
        for (const r of RELATION_NAMES) {
          if (!(r in relationIds)) continue;
          const oldId = existing[r]?.id ?? null;
          if (oldId !== relationIds[r]) {
            changes[r] = { old: existing[r]?.documentId ?? null, new: (input as any)[r] ?? null };
          }
        }
        if (Object.keys(changes).length) {
          if (values.overAssignment === 'block' && (changes.quantity || changes.assignmentModel || changes.overAssignment)) {
            const used = await getService(strapi, 'assignments').countUsed(trx, locked.id, values.assignmentModel);
            if (used > values.quantity) {
              throw new ConflictError(`Quantity ${values.quantity} is below the ${used} seats in use`, {
                field: 'quantity',
                quantity: values.quantity,
                used,
              });
            }
          }
          // The sent fields, and what the server derives from them.
          const data: Record<string, unknown> = { updatedAt: new Date() };
          for (const f of SCALARS) if (f in input) data[f] = values[f] ?? null;
          if ('netUnitPrice' in input || 'vatRate' in input) data.grossUnitPrice = values.grossUnitPrice;
          if ('name' in input) data.nameKey = nameKey(values.name);
          Object.assign(data, relationIds);
          await strapi.db.query(UID.license).update({ where: { id: locked.id }, data });
          await getService(strapi, 'history').record({ license: { documentId, name: values.name }, action: 'updated', actor, changes });
        }
        // Then the keys, in the same transaction: a failing item undoes the fields and the keys before it.
        if (input.keys) await changeKeys(trx, { id: locked.id, documentId, name: values.name }, input.keys, actor);
      }).catch(uniqueRace);
      return this.get(documentId);
    },

    /** Deletes a license with its keys and assignments, in one transaction. */
    async delete(documentId: string, actor: string) {
      await withLicense(documentId, async (license, trx) => {
        const n = t();
        const removed = await strapi.db.connection(n.assignment).transacting(trx).where(n.a.license, license.id).delete();
        await strapi.db
          .connection(tableOf(strapi, UID.key))
          .transacting(trx)
          .where(columnOf(strapi, UID.key, 'license'), license.id)
          .delete();
        await strapi.db.query(UID.license).delete({ where: { id: license.id } });
        await getService(strapi, 'history').record({
          license,
          action: 'deleted',
          actor,
          changes: { assignmentsRemoved: Number(removed) },
        });
      });
      return { documentId };
    },

    async addKey(documentId: string, key: Parameters<PluginServices['keys']['insert']>[1][number], actor: string) {
      return withLicense(documentId, async (license) => {
        const [created] = await getService(strapi, 'keys').insert(license.id, [key]);
        await getService(strapi, 'history').record({
          license,
          action: 'key_added',
          actor,
          changes: { key: created.documentId, label: created.label },
        });
        return created;
      });
    },

    async removeKey(documentId: string, keyDocumentId: string, actor: string) {
      return withLicense(documentId, async (license, trx) => {
        const key = await getService(strapi, 'keys').findOfLicense(license.id, keyDocumentId);
        await deleteKey(trx, key.id);
        await getService(strapi, 'history').record({
          license,
          action: 'key_removed',
          actor,
          changes: { key: keyDocumentId, label: key.label ?? null },
        });
        return toMaskedKey(key);
      });
    },

    /** Reads a key's value and writes the reveal to the history, under a share lock: never after a `deleted` event. */
    async revealKey(documentId: string, keyDocumentId: string, actor: string) {
      return withLicense(
        documentId,
        async (license) => {
          const key = await getService(strapi, 'keys').findOfLicense(license.id, keyDocumentId);
          const value = getService(strapi, 'keys').reveal(key);
          await getService(strapi, 'history').record({
            license,
            action: 'key_revealed',
            actor,
            changes: { key: keyDocumentId, label: key.label ?? null },
          });
          return { documentId: keyDocumentId, value };
        },
        { mode: 'share' }
      );
    },
  };
};
