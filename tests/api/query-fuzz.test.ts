/**
 * Issue 9: nothing a client writes in Strapi's query syntax gets a 5xx from the content-API lists.
 * A seeded generator (deterministic: the same queries every run) builds filters with every
 * operator on every attribute type of the license and through each relation, sorts, pagination,
 * populate, nesting and unknown keys, with good and bad values; the query strings are built with
 * qs as Strapi parses them. Every answer must be 200 with a list or a 400 naming the parameter;
 * the cases whose verdict is certain must get it. A few valid queries must return the right rows.
 */
import qs from 'qs';
import { UID } from '../../shared/constants';
import { LICENSE_KEPT_SORTS } from '../../shared/fields/license';
import { apiToken, startApp, unique, type TestApp } from './support/app';
import { created, makeOrganization, makePerson } from './support/fixtures';

let app: TestApp;
let fullToken: string;
let readToken: string;
let prefix: string;
const names: Record<string, string> = {};
let licenses: Array<{ documentId: string; name: string; quantity: number }> = [];

const SEED = 0x5eed9;
/** mulberry32: a tiny seeded PRNG, so a failure replays exactly. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

beforeAll(async () => {
  app = await startApp({ asPluginAdmin: true });
  fullToken = await apiToken(app, 'full-access');
  readToken = await apiToken(app, 'read-only');
  prefix = unique('Fuzz').replace(/\W+/g, '-');
  const org = await makeOrganization(app);
  const supplier = await makeOrganization(app, `${prefix} Supplier`);
  const unit = await created(app, '/organizational-units', { name: `${prefix} Unit`, organization: org.documentId });
  const location = await created(app, '/locations', { name: `${prefix} Location` });
  const category = await created(app, '/categories', { name: `${prefix} Category` });
  const softA = await created(app, '/software', { name: `${prefix} Alpha`, version: '1.0', manufacturer: org.documentId });
  const softB = await created(app, '/software', { name: `${prefix} Beta`, version: '2.0' });
  Object.assign(names, { supplier: supplier.name, softA: softA.name, softB: softB.name, org: org.name });
  const rows = [
    {
      name: `${prefix} 1`,
      software: softA.documentId,
      quantity: 1,
      expirationDate: '2026-01-31',
      netUnitPrice: '10.00',
      vatRate: '23',
      supplier: supplier.documentId,
    },
    {
      name: `${prefix} 2`,
      software: softB.documentId,
      quantity: 2,
      expirationDate: '2027-06-30',
      netUnitPrice: '20.50',
      vatRate: '23',
      category: category.documentId,
    },
    {
      name: `${prefix} 3`,
      software: softA.documentId,
      quantity: 3,
      organization: org.documentId,
      organizationalUnit: unit.documentId,
      locationStructure: location.documentId,
      assignmentModel: 'per_computer',
    },
    {
      name: `${prefix} 4`,
      software: softB.documentId,
      quantity: 4,
      expirationDate: '2028-02-29',
      netUnitPrice: '99.99',
      vatRate: '8',
      supplier: supplier.documentId,
    },
  ];
  licenses = [];
  for (const data of rows) licenses.push((await created(app, '/licenses', data)) as any);
  await app.admin('post', `/licenses/${licenses[0].documentId}/assignments`, { data: { person: (await makePerson(app)).documentId } });
}, 120000);

afterAll(async () => {
  await app?.stop();
});

const get = (path: string, query: unknown, token = fullToken) =>
  app
    .http()
    .get(`/api/license-manager${path}?${qs.stringify(query, { encodeValuesOnly: true, strictNullHandling: true })}`)
    .set('Authorization', `Bearer ${token}`);

const ownFilter = () => ({ name: { $startsWith: prefix } });

describe('valid queries return the right rows', () => {
  const namesOf = (res: { body: any }) => res.body.data.map((l: { name: string }) => l.name);

  it('filters on fields, through relations and with $or, in the order asked', async () => {
    const byQuantity = await get('/licenses', { filters: { ...ownFilter(), quantity: { $gte: '3' } }, sort: 'quantity:desc' });
    expect(byQuantity.status).toBe(200);
    expect(namesOf(byQuantity)).toEqual([`${prefix} 4`, `${prefix} 3`]);

    const bySoftware = await get('/licenses', { filters: { software: { name: { $eq: names.softA } } }, sort: { quantity: 'asc' } });
    expect(namesOf(bySoftware)).toEqual([`${prefix} 1`, `${prefix} 3`]);

    const either = await get('/licenses', {
      filters: { $and: [ownFilter(), { $or: [{ quantity: { $eq: '2' } }, { supplier: { name: { $eq: names.supplier } } }] }] },
      sort: ['quantity:asc'],
    });
    expect(namesOf(either)).toEqual([`${prefix} 1`, `${prefix} 2`, `${prefix} 4`]);

    const dates = await get('/licenses', { filters: { ...ownFilter(), expirationDate: { $between: ['2027-01-01', '2028-02-29'] } }, sort: 'name' });
    expect(namesOf(dates)).toEqual([`${prefix} 2`, `${prefix} 4`]);

    const noDate = await get('/licenses', { filters: { ...ownFilter(), expirationDate: { $null: 'true' } } });
    expect(namesOf(noDate)).toEqual([`${prefix} 3`]);

    const price = await get('/licenses', { filters: { ...ownFilter(), netUnitPrice: { $gt: '20' }, $not: { quantity: { $in: ['4'] } } } });
    expect(namesOf(price)).toEqual([`${prefix} 2`]);
  });

  it('sorts through a relation and pages by page or start/limit', async () => {
    const sorted = await get('/licenses', { filters: ownFilter(), sort: ['software.name:desc', 'quantity:asc'] });
    expect(namesOf(sorted)).toEqual([`${prefix} 2`, `${prefix} 4`, `${prefix} 1`, `${prefix} 3`]);

    const page = await get('/licenses', { filters: ownFilter(), sort: 'quantity', pagination: { page: '2', pageSize: '3' } });
    expect(namesOf(page)).toEqual([`${prefix} 4`]);
    expect(page.body.meta.pagination).toEqual({ page: 2, pageSize: 3, pageCount: 2, total: 4 });

    const window = await get('/licenses', { filters: ownFilter(), sort: 'quantity', pagination: { start: '1', limit: '2' } });
    expect(namesOf(window)).toEqual([`${prefix} 2`, `${prefix} 3`]);
    expect(window.body.meta.pagination).toEqual({ start: 1, limit: 2, total: 4 });
  });

  it('filters the software list in the same syntax, and keeps _q', async () => {
    const res = await get('/software', { filters: { name: { $eq: names.softA } } });
    expect(res.status).toBe(200);
    expect(res.body.data.map((s: { name: string }) => s.name)).toEqual([names.softA]);
    const byMaker = await get('/software', { filters: { manufacturer: { name: { $eq: names.org } } } });
    expect(byMaker.body.data.map((s: { name: string }) => s.name)).toEqual([names.softA]);
    const search = await get('/software', { _q: prefix.toLowerCase(), sort: 'name:desc' });
    expect(search.body.data.map((s: { name: string }) => s.name)).toEqual([names.softB, names.softA]);
  });

  it('answers the examples of issue 9 with a 400 naming the parameter', async () => {
    for (const [query, path] of [
      [{ filters: { quantity: { $eq: 'abc' } } }, ['filters', 'quantity', '$eq']],
      [{ filters: { expirationDate: { $lt: 'x' } } }, ['filters', 'expirationDate', '$lt']],
      [{ filters: { netUnitPrice: { $gt: 'zz' } } }, ['filters', 'netUnitPrice', '$gt']],
      [{ filters: { quantity: { $in: ['1', 'abc'] } } }, ['filters', 'quantity', '$in', '1']],
      [{ filters: { quantity: { $between: ['1', '99999999999999999999'] } } }, ['filters', 'quantity', '$between', '1']],
      [{ filters: { $or: [{ name: { $eq: 'a\u0000' } }] } }, ['filters', '$or', '0', 'name', '$eq']],
      [{ filters: { software: { name: { $containsi: '\u0000' } } } }, ['filters', 'software', 'name', '$containsi']],
      [{ sort: { nameKey: 'asc' } }, ['sort', 'nameKey']],
      [{ pagination: { page: '0' } }, ['pagination', 'page']],
    ] as const) {
      const res = await get('/licenses', query);
      expect({ query, status: res.status, path: res.body.error?.details?.errors?.[0]?.path }).toEqual({ query, status: 400, path });
      expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    }
  });
});

describe('generated queries', () => {
  type Verdict = 'good' | 'bad' | 'any';
  interface Case {
    path: '/licenses' | '/software';
    query: Record<string, unknown>;
    /** The top-level parameter this case varies: a 400 must name it. */
    param: string;
    verdict: Verdict;
  }

  const rand = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const chance = (p: number) => rand() < p;

  const OPERATORS = [
    '$eq',
    '$eqi',
    '$ne',
    '$nei',
    '$lt',
    '$lte',
    '$gt',
    '$gte',
    '$in',
    '$notIn',
    '$contains',
    '$notContains',
    '$containsi',
    '$notContainsi',
    '$startsWith',
    '$startsWithi',
    '$endsWith',
    '$endsWithi',
    '$null',
    '$notNull',
    '$between',
  ] as const;
  const TEXT_OPS = ['$eqi', '$nei', '$contains', '$notContains', '$containsi', '$notContainsi', '$startsWith', '$startsWithi', '$endsWith', '$endsWithi'];
  const TEXT = ['string', 'text', 'richtext', 'email', 'uid', 'enumeration'];

  /** [value, verdict for the type] */
  const GOOD: Record<string, () => string> = {
    string: () => pick(['Office', prefix, '', 'a%_\\', 'żółć', `${prefix} 2`, 'per_user']),
    integer: () => pick(['0', '1', '3', '-5', '2147483647', '-2147483648']),
    biginteger: () => pick(['0', '9007199254740993']),
    decimal: () => pick(['10.00', '0', '-3.5', '20.5', '1e3', '99999999999999999999']),
    date: () => pick(['2026-01-31', '2028-02-29', '2027-06-30', '0001-01-01']),
    datetime: () => pick(['2026-01-01T00:00:00.000Z', '2026-01-01', '2030-12-31T23:59:59+02:00']),
    time: () => pick(['10:00:00', '23:59:59.999']),
    boolean: () => pick(['true', 'false', '1', '0', 't', 'f']),
  };
  const BAD: Record<string, () => string> = {
    string: () => pick(['a\u0000b', '\u0000']),
    integer: () => pick(['abc', '1.5', '99999999999999999999', '1e400', '2147483648', '', 'x\u0000', '0x10']),
    biginteger: () => pick(['abc', '99999999999999999999', '']),
    decimal: () => pick(['zz', '1e400', '', 'NaN', 'Infinity', '1,5', '\u0000']),
    date: () => pick(['x', '2026-02-30', '2026-13-01', '', '31/01/2027', '2026-1-1', '2026-02-30T00:00:00Z']),
    datetime: () => pick(['x', '2026-02-30T00:00:00Z', '2026-01-01T25:00:00Z', '', 'yesterday']),
    time: () => pick(['25:00:00', 'x', '']),
    boolean: () => pick(['maybe', '', '2', 'yes']),
  };
  for (const t of TEXT) {
    GOOD[t] ??= GOOD.string;
    BAD[t] ??= BAD.string;
  }
  GOOD.float = GOOD.decimal;
  BAD.float = BAD.decimal;
  GOOD.timestamp = GOOD.datetime;
  BAD.timestamp = BAD.datetime;

  const worse = (a: Verdict, b: Verdict): Verdict => (a === 'bad' || b === 'bad' ? 'bad' : a === 'any' || b === 'any' ? 'any' : 'good');

  /** A value of an attribute type: good, bad, or a wrong shape. */
  const scalar = (type: string): [unknown, Verdict] => {
    const r = rand();
    if (r < 0.55) return [GOOD[type](), 'good'];
    if (r < 0.85) return [BAD[type](), 'bad'];
    if (r < 0.93) return [[GOOD[type]()], 'bad']; // a list where one value belongs
    return [{ a: GOOD[type]() }, 'bad'];
  };

  /** `{ $op: value }` on an attribute of a type. */
  const operator = (type: string): [unknown, Verdict] => {
    const op = pick(OPERATORS);
    const text = TEXT.includes(type);
    if (TEXT_OPS.includes(op)) {
      const [v, verdict] = scalar(type);
      return [{ [op]: v }, text ? verdict : 'bad'];
    }
    if (op === '$null' || op === '$notNull') {
      const [v, verdict] = scalar('boolean');
      return [{ [op]: v }, verdict];
    }
    if (op === '$in' || op === '$notIn') {
      const items = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => scalar(type));
      if (chance(0.15)) return [{ [op]: Object.fromEntries(items.map(([v], i) => [`k${i}`, v])) }, 'bad']; // an object where a list belongs
      return [{ [op]: items.map(([v]) => v) }, items.reduce<Verdict>((acc, [v, verdict]) => worse(acc, typeof v === 'object' ? 'bad' : verdict), 'good')];
    }
    if (op === '$between') {
      const r = rand();
      if (r < 0.15) return [{ [op]: GOOD[type]() }, 'bad'];
      if (r < 0.25) return [{ [op]: [GOOD[type]()] }, 'bad'];
      if (r < 0.35) return [{ [op]: { from: GOOD[type](), to: GOOD[type]() } }, 'bad'];
      const [a, va] = scalar(type);
      const [b, vb] = scalar(type);
      return [{ [op]: [a, b] }, worse(typeof a === 'object' ? 'bad' : va, typeof b === 'object' ? 'bad' : vb)];
    }
    const [v, verdict] = scalar(type);
    return [{ [op]: v }, verdict];
  };

  const models = () => {
    const model = (uid: string) => app.strapi.getModel(uid as any) as { attributes: Record<string, any> };
    const queryable = (uid: string) =>
      Object.entries(model(uid).attributes)
        .filter(([, a]) => !a.private && a.type in GOOD)
        .map(([name, a]) => [name, a.type as string] as const);
    const relations = (uid: string) =>
      Object.entries(model(uid).attributes)
        .filter(([, a]) => a.type === 'relation' && !a.private)
        .map(([name, a]) => [name, a.target as string] as const);
    const privates = (uid: string) =>
      Object.entries(model(uid).attributes)
        .filter(([, a]) => a.private)
        .map(([name]) => name);
    return { queryable, relations, privates };
  };

  /** One filter condition on a model: a field, a relation's field, a relation id, or a wrong key. */
  const condition = (uid: string, depth = 0): [Record<string, unknown>, Verdict] => {
    const { queryable, relations, privates } = models();
    const r = rand();
    if (r < 0.55 || depth > 1) {
      const [field, type] = pick(queryable(uid));
      if (chance(0.8)) {
        const [v, verdict] = operator(type);
        return [{ [field]: v }, verdict];
      }
      // The implicit forms: field=value, and field[0]=a&field[1]=b as a list.
      const [v, verdict] = scalar(type);
      return [{ [field]: v }, Array.isArray(v) ? 'good' : verdict];
    }
    if (r < 0.8 && relations(uid).length) {
      const [relation, target] = pick(relations(uid));
      if (chance(0.2)) {
        const [v, verdict] = pick([
          () => [{ $null: pick(['true', 'false']) }, 'good'] as [unknown, Verdict],
          () => [{ $in: ['1', '2'] }, 'good'] as [unknown, Verdict],
          () => [{ $eq: 'abc' }, 'bad'] as [unknown, Verdict],
          () => [{ $null: 'true', name: 'x' }, 'bad'] as [unknown, Verdict],
        ])();
        return [{ [relation]: v }, verdict];
      }
      const [inner, verdict] = condition(target, depth + 1);
      return [{ [relation]: inner }, verdict];
    }
    if (r < 0.9 && privates(uid).length) return [{ [pick(privates(uid))]: { $eq: 'x' } }, 'bad'];
    return [{ [pick(['nope', 'keys', '$eq', '$foo', 'seats', 'status'])]: { $eq: '1' } }, 'bad'];
  };

  /** Conditions under $and/$or/$not, nested up to `depth` levels. */
  const filters = (uid: string, depth: number): [Record<string, unknown>, Verdict] => {
    if (depth <= 0 || chance(0.4)) return condition(uid);
    const group = pick(['$and', '$or', '$not'] as const);
    if (group === '$not') {
      const [inner, verdict] = filters(uid, depth - 1);
      return [{ $not: inner }, verdict];
    }
    const parts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => filters(uid, depth - 1));
    if (chance(0.05)) return [{ [group]: parts[0][0] }, 'bad']; // an object where a list belongs
    return [{ [group]: parts.map(([f]) => f) }, parts.reduce<Verdict>((acc, [, v]) => worse(acc, v), 'good')];
  };

  const sortCase = (uid: string): [unknown, Verdict] => {
    const { queryable, relations, privates } = models();
    const field = (): [string, Verdict] => {
      const r = rand();
      if (r < 0.5) return [pick(queryable(uid))[0], 'good'];
      if (r < 0.7) {
        const [relation, target] = pick(relations(uid));
        return [`${relation}.${pick(queryable(target))[0]}`, 'good'];
      }
      if (r < 0.8) return [pick(relations(uid))[0], 'bad'];
      if (r < 0.9) {
        // The license's kept seats sort all the same (LICENSE_KEPT_SORTS); its other private fields do not.
        const kept: readonly string[] = uid === UID.license ? LICENSE_KEPT_SORTS : [];
        const field = pick(privates(uid));
        return [field, kept.includes(field) ? 'good' : 'bad'];
      }
      return [pick(['nope', 'seats', 'keys.value', 'name.x']), 'bad'];
    };
    const dir = (): [string, Verdict] => (chance(0.85) ? [pick(['asc', 'desc', 'ASC', 'Desc']), 'good'] : [pick(['up', '', 'sideways', '\u0000']), 'bad']);
    const [f, vf] = field();
    const [d, vd] = dir();
    const nested = (path: string, direction: string) => path.split('.').reduceRight<unknown>((inner, k) => ({ [k]: inner }), direction);
    switch (Math.floor(rand() * 5)) {
      case 0:
        return [`${f}:${d}`, worse(vf, d === '' ? 'bad' : vd)];
      case 1:
        return [f, vf];
      case 2:
        return [[`${f}:${d}`, 'name:asc'], worse(vf, d === '' ? 'bad' : vd)];
      case 3:
        return [nested(f, d), worse(vf, d === '' ? 'any' : vd)];
      default:
        return [pick([{ name: { deep: 'asc' } }, 42, [['name']], { name: ['asc'] }]), 'bad'];
    }
  };

  const paginationCase = (): [unknown, Verdict] =>
    pick<[unknown, Verdict]>([
      [{ page: '1', pageSize: '10' }, 'good'],
      [{ page: '3' }, 'good'],
      [{ pageSize: '100' }, 'good'],
      [{ start: '0', limit: '5' }, 'good'],
      [{ start: '2' }, 'good'],
      [{ withCount: 'false' }, 'good'],
      [{ page: '2147483647', pageSize: '100' }, 'good'],
      [{ page: '0' }, 'bad'],
      [{ page: 'x' }, 'bad'],
      [{ page: '99999999999999999999' }, 'bad'],
      [{ page: '1e400' }, 'bad'],
      [{ pageSize: '101' }, 'bad'],
      [{ pageSize: '-1' }, 'bad'],
      [{ limit: '-1' }, 'bad'],
      [{ start: '-1' }, 'bad'],
      [{ page: '1', start: '0' }, 'bad'],
      [{ page: ['1', '2'] }, 'bad'],
      [{ page: { a: '1' } }, 'bad'],
      [{ withCount: 'maybe' }, 'bad'],
      [{ offset: '3' }, 'bad'],
      ['10', 'bad'],
      [{ page: '\u0000' }, 'bad'],
    ]);

  const populateCase = (): [unknown, Verdict] =>
    pick<[unknown, Verdict]>([
      ['*', 'good'],
      ['software', 'good'],
      ['software,category', 'good'],
      [['software', 'supplier'], 'good'],
      [{ software: 'true' }, 'good'],
      [{ software: { populate: '*' } }, 'good'],
      ['nope', 'bad'],
      ['nameKey', 'bad'],
      [{ keys: 'true' }, 'bad'],
      [['software', { a: 1 }], 'bad'],
    ]);

  const licenseCase = (): Case => {
    const r = rand();
    const path = '/licenses';
    if (r < 0.6) {
      const [f, verdict] = filters(UID.license, Math.floor(rand() * 6));
      return { path, query: { filters: f }, param: 'filters', verdict };
    }
    if (r < 0.75) {
      const [s, verdict] = sortCase(UID.license);
      return { path, query: { sort: s }, param: 'sort', verdict };
    }
    if (r < 0.85) {
      const [p, verdict] = paginationCase();
      return { path, query: { pagination: p }, param: 'pagination', verdict };
    }
    if (r < 0.9) {
      const [p, verdict] = populateCase();
      return { path, query: { populate: p }, param: 'populate', verdict };
    }
    if (r < 0.95) {
      const [status, verdict] = pick<[unknown, Verdict]>([
        ['active', 'good'],
        ['expired', 'good'],
        ['soon', 'bad'],
        [['active'], 'bad'],
        ['\u0000', 'bad'],
      ]);
      return { path, query: { status }, param: 'status', verdict };
    }
    const key = pick(['fields', 'locale', 'foo', '_q', 'page', 'publicationFilter']);
    return { path, query: { [key]: pick(['1', 'name', ['a']]) }, param: key, verdict: 'bad' };
  };

  const softwareCase = (): Case => {
    const r = rand();
    const path = '/software';
    if (r < 0.6) {
      const [f, verdict] = filters(UID.software, Math.floor(rand() * 4));
      return { path, query: { filters: f }, param: 'filters', verdict };
    }
    if (r < 0.75) {
      const [s, verdict] = sortCase(UID.software);
      return { path, query: { sort: s }, param: 'sort', verdict };
    }
    if (r < 0.9) {
      const [p, verdict] = paginationCase();
      return { path, query: { pagination: p }, param: 'pagination', verdict };
    }
    const [q, verdict] = pick<[unknown, Verdict]>([
      ['office', 'good'],
      [prefix, 'good'],
      ['a\u0000', 'bad'],
      [['a', 'b'], 'bad'],
      ['x'.repeat(300), 'bad'],
    ]);
    return { path, query: { _q: q }, param: '_q', verdict };
  };

  /** Runs `work` over the items, `limit` at a time. */
  const pool = async <T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
    const out: R[] = new Array(items.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: limit }, async () => {
        while (next < items.length) {
          const i = next++;
          out[i] = await work(items[i]);
        }
      }),
    );
    return out;
  };

  it('answer 200 with a list or a 400 naming the parameter, never a 5xx (1,250 queries)', async () => {
    const cases = [...Array.from({ length: 1050 }, licenseCase), ...Array.from({ length: 200 }, softwareCase)];
    // The generator reaches every operator on every type and the deep nestings it is meant to.
    const text = cases.map((c) => JSON.stringify(c.query)).join('\n');
    for (const op of OPERATORS) expect(text).toContain(`"${op}"`);
    for (const relation of ['software', 'category', 'organization', 'organizationalUnit', 'locationStructure', 'supplier']) {
      expect(text).toContain(`"filters":{"${relation}":{`);
    }

    const results = await pool(cases, 8, async (c) => {
      const res = await get(c.path, c.query);
      return { ...c, status: res.status, body: res.body };
    });
    const problems = results.flatMap((r) => {
      const url = `${r.path}?${qs.stringify(r.query, { encodeValuesOnly: true, strictNullHandling: true })}`;
      if (r.status >= 500) return [{ url, problem: `answered ${r.status}`, body: r.body }];
      if (r.status === 400) {
        const named = r.body?.error?.details?.errors?.[0]?.path?.[0];
        if (r.body?.error?.name !== 'ValidationError' || named !== r.param) return [{ url, problem: `400 names ${named}, not ${r.param}`, body: r.body }];
        if (r.verdict === 'good') return [{ url, problem: 'a valid query got 400', body: r.body }];
        return [];
      }
      if (r.status === 200) {
        if (!Array.isArray(r.body?.data)) return [{ url, problem: '200 without a list', body: r.body }];
        if (r.verdict === 'bad') return [{ url, problem: 'an invalid query got 200', body: r.body }];
        return [];
      }
      return [{ url, problem: `answered ${r.status}`, body: r.body }];
    });
    expect(problems.slice(0, 10)).toEqual([]);

    const tally = results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    // Both kinds of answer occur in numbers: the generator is not all-good or all-bad.
    expect(tally[200]).toBeGreaterThan(250);
    expect(tally[400]).toBeGreaterThan(250);
  }, 240000);
});

describe('assignments with a read-only API token', () => {
  it('reads the list (a find action) but cannot assign or unassign', async () => {
    const license = licenses[0];
    const list = await app.http().get(`/api/license-manager/licenses/${license.documentId}/assignments`).set('Authorization', `Bearer ${readToken}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0].person).toEqual(expect.objectContaining({ documentId: expect.any(String) }));

    const person = (await makePerson(app)).documentId;
    const post = await app
      .http()
      .post(`/api/license-manager/licenses/${license.documentId}/assignments`)
      .set('Authorization', `Bearer ${readToken}`)
      .send({ data: { person } });
    expect(post.status).toBe(403);
    const del = await app
      .http()
      .delete(`/api/license-manager/licenses/${license.documentId}/assignments/${list.body.data[0].documentId}`)
      .set('Authorization', `Bearer ${readToken}`);
    expect(del.status).toBe(403);
    // The full-access token still writes through the moved handlers (on a license with seats left).
    const assigned = await app
      .http()
      .post(`/api/license-manager/licenses/${licenses[3].documentId}/assignments`)
      .set('Authorization', `Bearer ${fullToken}`)
      .send({ data: { person } });
    expect(assigned.status).toBe(201);
  });

  it.each([
    [{ page: '0' }, 'page'],
    [{ pageSize: '1000' }, 'pageSize'],
    [{ page: '99999999999999999999' }, 'page'],
    [{ kind: 'robot' }, 'kind'],
    [{ kind: '\u0000' }, 'kind'],
    [{ page: ['1', '2'] }, 'page'],
    [{ filters: { a: '1' } }, 'filters'],
  ])('answers 400 naming the parameter to %j', async (query, param) => {
    const res = await get(`/licenses/${licenses[0].documentId}/assignments`, query, readToken);
    expect({ status: res.status, path: res.body.error?.details?.errors?.[0]?.path?.[0] }).toEqual({ status: 400, path: param });
  });
});
