/**
 * The license export writes its cells straight from the statement's rows (services/export,
 * `fromRow`); a read makes the license object (services/license/present, `outOf`) and the export
 * once took its cells from that. Both must give the same cells for every row a database can answer:
 * each column's kinds of stored values (text, numbers, Dates, JSON text, nulls, missing relations).
 */
import { licenseColumns } from '../../server/src/services/export';
import { fromPageRow, outOf } from '../../server/src/services/license/present';
import { LICENSE_RELATIONS, RELATION_NAMES, SCALARS } from '../../server/src/services/license/model';
import { LICENSE_FIELDS } from '../../shared/fields/license';
import { statusWindow } from '../../server/src/domain/status';

/** A seeded generator (mulberry32): the same rows on every run, many kinds of them. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const valuesOf = (field: string): unknown[] => {
  const f = (LICENSE_FIELDS as Record<string, { kind: string; values?: readonly string[] }>)[field];
  switch (f?.kind) {
    case 'date':
      return [null, '2026-12-07', '2020-02-29', '2099-01-01', new Date('2027-03-04T00:00:00Z'), '2026-12-08T00:00:00.000Z'];
    case 'money':
    case 'percent':
    case 'factor':
      return [null, 0, 12.5, '12.50', '0.1', 1234.567, '99999999999.99', '3'];
    case 'integer':
      return [null, 0, 7, '12', 250];
    case 'enum':
      return [null, ...(f.values ?? [])];
    case 'boolean':
      return [null, 0, 1, true, false];
    case 'emails':
      return [null, '', '["a@example.com","b@example.org"]', ['c@example.com'], '[]', 'not json'];
    default:
      return [null, 'plain', '=SUM(A1)', 'with, comma', 'Müller "quoted"', 42];
  }
};

const rowOf = (next: () => number) => {
  const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)];
  const row: Record<string, unknown> = { id: 1, documentId: 'doc', extraSeats: pick([0, 3, null]), used: pick([0, 5, '12']) };
  for (const f of SCALARS) row[f] = pick(valuesOf(f));
  // A row the startup's fill has not reached has no validUntil at all.
  row.validUntil = pick([undefined, null, '2026-12-31', '2020-01-01', new Date('2026-12-20T00:00:00Z')]);
  for (const name of RELATION_NAMES) {
    const present = next() < 0.7;
    row[`${name}__documentId`] = present ? `${name}-doc` : null;
    for (const field of LICENSE_RELATIONS[name].fields) row[`${name}__${field}`] = present ? pick([null, `${name} ${field}`, '+1']) : null;
  }
  return row;
};

describe('the license export', () => {
  it('writes from the statement row the cells a read of the same license gives', () => {
    const columns = licenseColumns();
    const window = statusWindow(30, new Date('2026-12-07T10:00:00Z'));
    const next = random(30);
    const kinds = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const row = rowOf(next);
      const direct = columns.map((c) => c.fromRow({ ...row }, window));
      const read = outOf(fromPageRow({ ...row }), Number(row.used), window, undefined, null);
      expect([i, direct]).toEqual([i, columns.map((c) => c.cell(read))]);
      direct.forEach((cell, k) => kinds.add(`${columns[k].name}:${cell === null || cell === undefined ? 'none' : typeof cell}`));
    }
    // Every column was written both empty and filled (the rows above are varied enough to compare anything).
    for (const c of columns.filter((c) => c.name !== 'cost')) {
      expect([c.name, [...kinds].some((k) => k.startsWith(`${c.name}:`) && !k.endsWith(':none'))]).toEqual([c.name, true]);
    }
  });
});
