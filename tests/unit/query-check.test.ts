/** The content-API query checker (server/src/query/check.ts), on a model shaped like the license's. */
import { checkListQuery, type GetModel, type Model } from '../../server/src/query/check';

const MODELS: Record<string, Model> = {
  license: {
    uid: 'license',
    attributes: {
      name: { type: 'string' },
      quantity: { type: 'integer' },
      netUnitPrice: { type: 'decimal' },
      expirationDate: { type: 'date' },
      createdAt: { type: 'datetime' },
      assignmentModel: { type: 'enumeration' },
      changes: { type: 'json' },
      nameKey: { type: 'string', private: true },
      software: { type: 'relation', target: 'software' },
    },
  },
  software: { uid: 'software', attributes: { name: { type: 'string' }, nameKey: { type: 'string', private: true }, active: { type: 'boolean' } } },
};
const getModel: GetModel = (uid) => MODELS[uid];
const check = (query: Record<string, unknown>) => checkListQuery(query, MODELS.license, getModel, { extra: ['status'], defaultPageSize: 25, maxPageSize: 100 });
const paths = (query: Record<string, unknown>) => check(query).errors.map((e) => e.path.join('.'));

describe('filters', () => {
  it.each([
    [{ name: { $eq: 'Office' } }],
    [{ name: 'Office' }],
    [{ name: { $eq: null } }],
    [{ quantity: { $eq: '2147483647' } }],
    [{ quantity: { $in: ['1', '2'] } }],
    [{ quantity: { $in: '1' } }],
    [{ quantity: { $between: ['1', '5'] } }],
    [{ quantity: { $not: { $eq: '3' } } }],
    [{ netUnitPrice: { $gt: '10.5' } }],
    [{ expirationDate: { $lt: '2028-02-29' } }],
    [{ createdAt: { $gte: '2026-01-01T10:00:00.000Z' } }],
    [{ createdAt: { $gte: '2026-01-01' } }],
    [{ name: { $containsi: 'off', $null: 'false' } }],
    [{ software: { name: { $eq: 'Office' } } }],
    [{ software: { $null: 'true' } }],
    [{ software: { $or: [{ name: 'a' }, { active: 'true' }] } }],
    [{ $or: [{ name: 'a' }, { $and: [{ quantity: '1' }, { $not: { name: 'b' } }] }] }],
    [{ id: { $in: ['1', '2'] }, documentId: 'abc' }],
  ])('accepts %j', (filters) => {
    expect(check({ filters }).errors).toEqual([]);
  });

  it.each([
    [{ quantity: { $eq: 'abc' } }, 'filters.quantity.$eq'],
    [{ quantity: { $eq: '99999999999999999999' } }, 'filters.quantity.$eq'],
    [{ quantity: { $eq: '2147483648' } }, 'filters.quantity.$eq'],
    [{ quantity: { $eq: '1.5' } }, 'filters.quantity.$eq'],
    [{ netUnitPrice: { $gt: 'zz' } }, 'filters.netUnitPrice.$gt'],
    [{ netUnitPrice: { $gt: '1e400' } }, 'filters.netUnitPrice.$gt'],
    [{ expirationDate: { $lt: 'x' } }, 'filters.expirationDate.$lt'],
    [{ expirationDate: { $lt: '2026-02-30' } }, 'filters.expirationDate.$lt'],
    [{ createdAt: { $lt: '2026-01-01T25:00:00Z' } }, 'filters.createdAt.$lt'],
    [{ name: { $eq: 'a\u0000b' } }, 'filters.name.$eq'],
    [{ software: { name: { $contains: '\u0000' } } }, 'filters.software.name.$contains'],
    [{ quantity: { $in: { a: '1' } } }, 'filters.quantity.$in'],
    [{ quantity: { $in: ['1', 'x'] } }, 'filters.quantity.$in.1'],
    [{ quantity: { $between: ['1'] } }, 'filters.quantity.$between'],
    [{ quantity: { $null: 'maybe' } }, 'filters.quantity.$null'],
    [{ quantity: { $lt: ['1'] } }, 'filters.quantity.$lt'],
    [{ quantity: { $contains: '1' } }, 'filters.quantity.$contains'],
    [{ quantity: { $jsonSupersetOf: '1' } }, 'filters.quantity.$jsonSupersetOf'],
    [{ quantity: { $lt: null } }, 'filters.quantity.$lt'],
    [{ nameKey: 'x' }, 'filters.nameKey'],
    [{ software: { nameKey: 'x' } }, 'filters.software.nameKey'],
    [{ changes: 'x' }, 'filters.changes'],
    [{ nope: 'x' }, 'filters.nope'],
    [{ $eq: 'x' }, 'filters.$eq'],
    [{ $or: { 0: { name: 'a' } } }, 'filters.$or'],
    [{ $or: [{ quantity: 'x' }] }, 'filters.$or.0.quantity'],
    [{ software: { $null: 'true', name: 'a' } }, 'filters.software'],
    [{ software: { $eq: 'abc' } }, 'filters.software.$eq'],
  ])('refuses %j naming %s', (filters, path) => {
    expect(paths({ filters })).toEqual([path]);
  });

  it('refuses filters that are not an object', () => {
    expect(paths({ filters: 'x' })).toEqual(['filters']);
  });
});

describe('sort', () => {
  it('accepts the string, list and object forms and nests relation paths', () => {
    expect(check({ sort: 'name:desc,software.name' }).sort).toEqual([{ name: 'desc' }, { software: { name: 'asc' } }]);
    expect(check({ sort: ['quantity:ASC', { software: { name: 'desc' } }] }).sort).toEqual([{ quantity: 'asc' }, { software: { name: 'desc' } }]);
    expect(check({ sort: { name: 'asc' } }).sort).toEqual([{ name: 'asc' }]);
    expect(check({ sort: '' }).errors).toEqual([]);
  });
  it.each([
    [{ sort: 'nameKey:asc' }, 'sort'],
    [{ sort: 'name:up' }, 'sort'],
    [{ sort: 'software' }, 'sort'],
    [{ sort: 'software.nameKey' }, 'sort'],
    [{ sort: 'changes' }, 'sort'],
    [{ sort: { name: 'sideways' } }, 'sort.name'],
    [{ sort: { nope: 'asc' } }, 'sort.nope'],
    [{ sort: { nope: { name: 'asc' } } }, 'sort.nope'],
    [{ sort: ['name', ['x']] }, 'sort.1'],
  ])('refuses %j naming %s', (query, path) => {
    expect(paths(query)).toEqual([path]);
  });
});

describe('pagination and the rest', () => {
  it('pages by page/pageSize or start/limit, as Strapi does', () => {
    const byPage = check({ pagination: { page: '3', pageSize: '10' } }).pagination!;
    expect([byPage.offset, byPage.limit, byPage.meta(41)]).toEqual([20, 10, { page: 3, pageSize: 10, pageCount: 5, total: 41 }]);
    const byStart = check({ pagination: { start: '5', limit: '2', withCount: 'false' } }).pagination!;
    expect([byStart.offset, byStart.limit, byStart.withCount, byStart.meta(undefined)]).toEqual([5, 2, false, { start: 5, limit: 2 }]);
    expect(check({}).pagination!.limit).toBe(25);
  });
  it.each([
    [{ pagination: { page: '0' } }, 'pagination.page'],
    [{ pagination: { page: '99999999999999999999' } }, 'pagination.page'],
    [{ pagination: { pageSize: '101' } }, 'pagination.pageSize'],
    [{ pagination: { page: ['1'] } }, 'pagination.page'],
    [{ pagination: { limit: '-1' } }, 'pagination.limit'],
    [{ pagination: { withCount: 'sure' } }, 'pagination.withCount'],
    [{ pagination: { page: '1', start: '0' } }, 'pagination'],
    [{ pagination: { offset: '1' } }, 'pagination.offset'],
    [{ pagination: '1' }, 'pagination'],
    [{ populate: 'nope' }, 'populate'],
    [{ populate: { nameKey: true } }, 'populate.nameKey'],
    [{ fields: ['name'] }, 'fields'],
    [{ page: '1' }, 'page'],
  ])('refuses %j naming %s', (query, path) => {
    expect(paths(query)).toEqual([path]);
  });
  it('accepts populate of relations and *', () => {
    expect(check({ populate: '*' }).errors).toEqual([]);
    expect(check({ populate: ['software'] }).errors).toEqual([]);
    expect(check({ populate: { software: { fields: ['name'] } } }).errors).toEqual([]);
    expect(check({ status: 'expired' }).errors).toEqual([]);
  });
});
