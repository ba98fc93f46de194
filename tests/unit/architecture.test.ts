/**
 * The rooms of docs/architecture.md, checked on the source: SQL and `strapi.db` only in
 * server/src/db/, no loop between services, no source file over 350 lines. A new offender fails
 * at once.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'server/src');

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
const rel = (path: string) => relative(ROOT, path).split('\\').join('/');
const read = (path: string) => readFileSync(path, 'utf8');

/** Calls into Strapi's database layer or knex's raw SQL. */
const DB_CALL = /\.raw\(|db\.query\(|db\.connection/;
/**
 * A string literal that is a SQL statement: a quote, then a statement's opening words. Words
 * alone ("Delete the license") are not enough; each keyword needs what follows it in SQL.
 */
const SQL_STRING =
  /['"`]\s*(select\s+(distinct\s+)?(\*|\(|\$\{|\d|count\s*\(|[\w.]+(\s*,|\s+as\b|\s+from\b))|insert\s+into\b|update\s+\S+\s+set\b|delete\s+from\b|(create|alter|drop)\s+(or\s+replace\s+|unique\s+|virtual\s+)?(table|index|trigger|view|function|extension)\b|with\s+(recursive\s+)?\w+\s+as\s*\()/i;

describe('SQL lives in server/src/db/', () => {
  const outside = walk(SERVER).filter((f) => !rel(f).startsWith('server/src/db/'));
  const offenders = outside.filter((f) => DB_CALL.test(read(f)) || SQL_STRING.test(read(f))).map(rel);

  it('no file outside db/ builds SQL or calls strapi.db', () => {
    expect(offenders).toEqual([]);
  });

  it('the patterns find what they are for, and not English', () => {
    for (const sql of [
      '`select id from ${t}`',
      "'INSERT INTO x'",
      '`update ${q(t)} set a = 1`',
      "'delete from t'",
      '`create or replace function f()`',
      "'drop index if exists x'",
      '`with ranked as (select 1)`',
    ]) {
      expect(SQL_STRING.test(sql)).toBe(true);
    }
    for (const text of ["'Delete the license'", "'Select a software from the list'", "'Update failed'", "'Create missing reference data'"]) {
      expect(SQL_STRING.test(text)).toBe(false);
    }
    expect(DB_CALL.test('strapi.db.query(UID.license)')).toBe(true);
    expect(DB_CALL.test('knex.raw(`select 1`)')).toBe(true);
  });
});

/** The module a relative import names: a file or a folder's index. */
const resolveImport = (from: string, spec: string): string | undefined => {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
};

/** Runtime imports only: `import type` and `export type` vanish when compiled. */
const importsOf = (file: string): string[] => {
  const found: string[] = [];
  for (const m of read(file).matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
    const target = resolveImport(file, m[1]);
    if (target) found.push(target);
  }
  return found;
};

/** Service name → its module, from the services map (services/index.ts). */
const serviceModules = (): Map<string, string> => {
  const index = join(SERVER, 'services/index.ts');
  const source = read(index);
  const byLocal = new Map<string, string>();
  for (const m of source.matchAll(/^import (\w+) from '(\.[^']+)';/gm)) byLocal.set(m[1], resolveImport(index, m[2])!);
  const map = new Map<string, string>();
  const body = /const services = \{([^}]*)\}/.exec(source)![1];
  for (const entry of body
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [name, local = name] = entry.split(':').map((s) => s.trim());
    map.set(name, byLocal.get(local)!);
  }
  return map;
};

/** The service a file belongs to: its module, or any file in its module's folder. */
const ownerOf = (file: string, modules: Map<string, string>): string | undefined => {
  for (const [name, module] of modules) {
    if (file === module) return name;
    if (module.endsWith('/index.ts') && file.startsWith(dirname(module) + '/')) return name;
  }
  return undefined;
};

/**
 * Edges between services: a runtime import of another service's module, or a getService call,
 * from any file of the service or any helper it imports (a helper in another service's folder,
 * such as license/model, is followed, not counted as that service).
 */
const serviceGraph = (): Map<string, Set<string>> => {
  const modules = serviceModules();
  const graph = new Map<string, Set<string>>([...modules.keys()].map((k) => [k, new Set<string>()]));
  const reach = (file: string, seen: Set<string>): Set<string> => {
    const out = new Set<string>();
    if (seen.has(file)) return out;
    seen.add(file);
    for (const m of read(file).matchAll(/getService\(\s*strapi\s*,\s*'(\w+)'\s*\)/g)) out.add(m[1]);
    for (const target of importsOf(file)) {
      if (rel(target) === 'server/src/plugin.ts' || rel(target) === 'server/src/services/index.ts') continue;
      const entry = [...modules].find(([, module]) => module === target)?.[0];
      if (entry) out.add(entry);
      else for (const service of reach(target, seen)) out.add(service);
    }
    return out;
  };
  for (const [name, module] of modules) {
    const files = walk(dirname(module)).filter((f) => ownerOf(f, modules) === name);
    for (const file of files) for (const to of reach(file, new Set())) if (to !== name) graph.get(name)!.add(to);
  }
  return graph;
};

/** The strongly connected groups of more than one service (Tarjan), each sorted, listed sorted. */
const loops = (graph: Map<string, Set<string>>): string[][] => {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => a.join().localeCompare(b.join()));
};

/**
 * The calls that close service loops still to break: none are left. A loop is broken by passing
 * a value down or moving the shared read into db/ or domain/; this list is for a loop found later
 * that cannot be broken in the same change, and each entry must still be there.
 */
const EDGES_STILL_TO_REMOVE: Array<[string, string]> = [];

describe('services call one way', () => {
  const graph = serviceGraph();

  it('knows every service and sees their calls', () => {
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['license', 'assignments', 'settings', 'daily', 'seatCounts']));
    expect(graph.get('assignments')!.has('seatCounts')).toBe(true);
    expect(graph.get('bootstrap')).toBeUndefined();
  });

  it('no loop between services, but those still to break', () => {
    const without = new Map(
      [...graph].map(([from, to]) => [from, new Set([...to].filter((t) => !EDGES_STILL_TO_REMOVE.some(([a, b]) => a === from && b === t)))]),
    );
    expect(loops(without)).toEqual([]);
  });

  it('every call still to remove is still there', () => {
    expect(EDGES_STILL_TO_REMOVE.filter(([from, to]) => !graph.get(from)!.has(to))).toEqual([]);
  });

  it('finds a loop when there is one', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(loops(g)).toEqual([['a', 'b', 'c']]);
  });
});

describe('no source file over 350 lines', () => {
  const files = [...walk(SERVER), ...walk(join(ROOT, 'admin/src')), ...walk(join(ROOT, 'shared'))].filter((f) => !/\.test\.tsx?$/.test(f));

  it('none', () => {
    expect(files.filter((f) => read(f).split('\n').length > 351).map(rel)).toEqual([]);
  });
});
