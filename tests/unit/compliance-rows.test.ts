/** The compliance rules over per-software aggregates (server/src/services/compliance/rows.ts): pure, no database. */
import {
  centsText,
  installedModel,
  referenceOf,
  rowOf,
  sortRows,
  statusOf,
  totalsOf,
  utilizationOf,
  type SoftwareAggregate,
} from '../../server/src/services/compliance/rows';
import { compareKeys, sortKey } from '../../shared/compliance';

const aggregate = (
  name: string,
  u: [number, number, number],
  c: [number, number, number] = [0, 0, 0],
  extra: Partial<SoftwareAggregate> = {},
): SoftwareAggregate => ({
  software: { documentId: `doc-${name}`, name, version: null },
  licenses: 1,
  models: {
    per_user: { licensed: u[0], used: u[1], expiring: u[2] },
    per_computer: { licensed: c[0], used: c[1], expiring: c[2] },
    per_core: { licensed: 0, used: 0, expiring: 0 },
    per_processor: { licensed: 0, used: 0, expiring: 0 },
    site: { licensed: 0, used: 0, expiring: 0 },
  },
  siteActive: 0,
  expiredInUse: 0,
  nextExpiration: null,
  ...extra,
});

describe('statusOf', () => {
  it('is non_compliant when any model is short, even if the other has a surplus', () => {
    expect(statusOf(aggregate('a', [10, 2, 0], [1, 2, 0]).models)).toBe('non_compliant');
  });
  it('is at_risk when the licenses expiring in the window would leave a model short', () => {
    expect(statusOf(aggregate('a', [10, 6, 5]).models)).toBe('at_risk');
    expect(statusOf(aggregate('a', [10, 5, 5]).models)).toBe('compliant');
  });
  it('is at_risk from a utilization of exactly 0.9 over both models', () => {
    expect(statusOf(aggregate('a', [5, 5, 0], [5, 4, 0]).models)).toBe('at_risk');
    expect(statusOf(aggregate('a', [5, 4, 0], [5, 4, 0]).models)).toBe('compliant');
  });
  it('is compliant with nothing licensed and nothing used', () => {
    expect(statusOf(aggregate('a', [0, 0, 0]).models)).toBe('compliant');
  });
  it('is covered while a site license is not expired, whatever the other models count', () => {
    expect(statusOf(aggregate('a', [10, 50, 0]).models, 1)).toBe('covered');
    expect(statusOf(aggregate('a', [10, 50, 0]).models, 0)).toBe('non_compliant');
  });
});

describe('a site license in a row', () => {
  const site = (used: number, siteActive: number, u: [number, number, number] = [0, 0, 0]) => {
    const a = aggregate('s', u, [0, 0, 0], { siteActive });
    a.models.site = { licensed: 500, used, expiring: 0 };
    return a;
  };
  it('shows its users and its informative quantity, never a position, and covers the row', () => {
    const row = rowOf(site(1200, 1));
    expect(row.status).toBe('covered');
    expect(row.byModel.site).toEqual({ licensed: 500, used: 1200, position: 0, installed: null, reconciledPosition: null, referencePrice: null });
    expect(row.shortfall).toBe(0);
    expect(row.unused).toBe(0);
    // Its quantity licenses nothing: no utilization over limited models.
    expect(row.utilization).toBeNull();
  });
  it('owes no true-up on the per-user licenses of a covered software', () => {
    const row = rowOf(site(3, 1, [10, 14, 0]), { per_user: { amount: '100.00', currency: 'EUR' } });
    expect(row.status).toBe('covered');
    expect(row.byModel.per_user.position).toBe(-4);
    expect(row.shortfall).toBe(0);
    expect(row.costs).toEqual([{ currency: 'EUR', trueUp: '0.00', unusedValue: '0.00', annualRecurring: '0.00', committed: '0.00' }]);
  });
  it('covers nothing once every site license has expired: the per-user shortfall counts again', () => {
    const row = rowOf(site(3, 0, [10, 14, 0]), { per_user: { amount: '100.00', currency: 'EUR' } });
    expect(row.status).toBe('non_compliant');
    expect(row.shortfall).toBe(4);
    expect(row.costs[0].trueUp).toBe('400.00');
  });
});

describe('rowOf', () => {
  it('sums the positions, rounds the utilization half up to 4 decimals and prices per currency exactly', () => {
    const row = rowOf(aggregate('a', [3, 5, 0], [6, 1, 0]), {
      per_user: { amount: '0.10', currency: 'EUR' },
      per_computer: { amount: '0.20', currency: 'EUR' },
    });
    expect(row).toMatchObject({ shortfall: 2, unused: 5, utilization: '0.6667', status: 'non_compliant' });
    // 2 × 0.10 and 5 × 0.20: exact, where binary floats give 0.30000000000000004 for 3 × 0.1.
    expect(row.costs).toEqual([{ currency: 'EUR', trueUp: '0.20', unusedValue: '1.00', annualRecurring: '0.00', committed: '0.00' }]);
  });
  it('adds what each recurring term costs a year to its currency, zeros for what adds nothing there', () => {
    const row = rowOf(aggregate('a', [3, 5, 0]), { per_user: { amount: '0.10', currency: 'EUR' } }, [
      // 3 × 0.10 × 12 months, 2 × 0.10 × 4 quarters, 7 × 1.01 once a year: 3.60 + 0.80 + 7.07, exactly.
      { currency: 'EUR', billing: 'monthly', grossUnitPrice: '0.10', quantity: 3 },
      { currency: 'EUR', billing: 'quarterly', grossUnitPrice: '0.10', quantity: 2 },
      { currency: 'EUR', billing: 'yearly', grossUnitPrice: '1.01', quantity: 7 },
      { currency: 'USD', billing: 'yearly', grossUnitPrice: '0.05', quantity: 2 },
    ]);
    expect(row.costs).toEqual([
      { currency: 'EUR', trueUp: '0.20', unusedValue: '0.00', annualRecurring: '11.47', committed: '0.00' },
      { currency: 'USD', trueUp: '0.00', unusedValue: '0.00', annualRecurring: '0.10', committed: '0.00' },
    ]);
    expect(totalsOf([row, row]).costs).toEqual([
      { currency: 'EUR', trueUp: '0.40', unusedValue: '0.00', annualRecurring: '22.94', committed: '0.00' },
      { currency: 'USD', trueUp: '0.00', unusedValue: '0.00', annualRecurring: '0.20', committed: '0.00' },
    ]);
  });
  it('adds what the terms commit, exactly, to their currency: cents × times, in currency units', () => {
    const row = rowOf(
      aggregate('a', [3, 5, 0]),
      {},
      [],
      [
        // A sum of terms in cents (30 + 140), and a term answered alone: 0.10 × 0, and the largest price × 12,000.
        { currency: 'EUR', cents: '170', times: 1 },
        { currency: 'EUR', cents: '10', times: 0 },
        { currency: 'USD', cents: '99999999999999', times: 12000 },
      ],
    );
    expect(row.costs).toEqual([
      { currency: 'EUR', trueUp: '0.00', unusedValue: '0.00', annualRecurring: '0.00', committed: '1.70' },
      { currency: 'USD', trueUp: '0.00', unusedValue: '0.00', annualRecurring: '0.00', committed: '11999999999999880.00' },
    ]);
    expect(totalsOf([row, row]).costs.map((c) => c.committed)).toEqual(['3.40', '23999999999999760.00']);
  });
  it('gives a null utilization and no cost when nothing is licensed or priced', () => {
    expect(rowOf(aggregate('a', [0, 3, 0]))).toMatchObject({ utilization: null, shortfall: 3, costs: [] });
  });
});

describe('referenceOf', () => {
  const at = (amount: string, day: string | null) => ({ amount, currency: 'EUR', day });
  it('takes the later bought of a license and a further purchase, the purchase on the same day or with neither dated', () => {
    expect(referenceOf(at('1.00', '2024-01-01'), at('2.00', '2024-06-01'))).toEqual({ amount: '2.00', currency: 'EUR' });
    expect(referenceOf(at('1.00', '2024-06-02'), at('2.00', '2024-06-01'))).toEqual({ amount: '1.00', currency: 'EUR' });
    expect(referenceOf(at('1.00', '2024-06-01'), at('2.00', '2024-06-01'))).toEqual({ amount: '2.00', currency: 'EUR' });
    expect(referenceOf(at('1.00', null), at('2.00', null))).toEqual({ amount: '2.00', currency: 'EUR' });
  });
  it('counts no day as the oldest, and takes the one there is', () => {
    expect(referenceOf(at('1.00', '2024-01-01'), at('2.00', null))).toEqual({ amount: '1.00', currency: 'EUR' });
    expect(referenceOf(at('1.00', null), at('2.00', '2020-01-01'))).toEqual({ amount: '2.00', currency: 'EUR' });
    expect(referenceOf(null, at('2.00', null))).toEqual({ amount: '2.00', currency: 'EUR' });
    expect(referenceOf(at('1.00', null), null)).toEqual({ amount: '1.00', currency: 'EUR' });
    expect(referenceOf(null, null)).toBeNull();
  });
});

describe('sortRows and totalsOf', () => {
  const rows = [
    rowOf(aggregate('beta', [10, 9, 0]), { per_user: { amount: '0.10', currency: 'USD' } }),
    rowOf(aggregate('Alpha', [2, 5, 0]), { per_user: { amount: '0.10', currency: 'EUR' } }),
    rowOf(aggregate('gamma', [0, 0, 0])),
    rowOf(aggregate('delta', [4, 1, 0]), { per_user: { amount: '0.10', currency: 'EUR' } }),
  ];
  const names = (list: typeof rows) => list.map((r) => r.software.name);

  it('sorts by name case-insensitively, by figures with ties by name, and null utilization last both ways', () => {
    expect(names(sortRows(rows, { field: 'software', order: 'asc' }))).toEqual(['Alpha', 'beta', 'delta', 'gamma']);
    expect(names(sortRows(rows, { field: 'shortfall', order: 'desc' }))).toEqual(['Alpha', 'beta', 'delta', 'gamma']);
    expect(names(sortRows(rows, { field: 'unused', order: 'asc' }))).toEqual(['Alpha', 'gamma', 'beta', 'delta']);
    expect(names(sortRows(rows, { field: 'utilization', order: 'asc' }))).toEqual(['delta', 'beta', 'Alpha', 'gamma']);
    expect(names(sortRows(rows, { field: 'utilization', order: 'desc' }))).toEqual(['Alpha', 'beta', 'delta', 'gamma']);
  });

  it('totals the statuses and the costs per currency', () => {
    expect(totalsOf(rows)).toEqual({
      software: 4,
      nonCompliant: 1,
      atRisk: 1,
      costs: [
        { currency: 'EUR', trueUp: '0.30', unusedValue: '0.30', annualRecurring: '0.00', committed: '0.00' },
        { currency: 'USD', trueUp: '0.00', unusedValue: '0.10', annualRecurring: '0.00', committed: '0.00' },
      ],
    });
  });
});

describe('centsText', () => {
  it('writes cents as a two-decimal amount, however large', () => {
    expect([0n, 5n, 99n, 100n, 12345n, -7n, 99999999999999000000n].map(centsText)).toEqual([
      '0.00',
      '0.05',
      '0.99',
      '1.00',
      '123.45',
      '-0.07',
      '999999999999990000.00',
    ]);
  });
});

describe('utilizationOf', () => {
  it('rounds half up to 4 decimals in integers, and is null with nothing licensed', () => {
    expect(utilizationOf(2, 3)).toBe('0.6667');
    expect(utilizationOf(1, 3)).toBe('0.3333');
    expect(utilizationOf(1, 80000)).toBe('0.0000');
    expect(utilizationOf(1, 20000)).toBe('0.0001');
    expect(utilizationOf(17, 15)).toBe('1.1333');
    expect(utilizationOf(5, 0)).toBeNull();
    expect(utilizationOf(2_000_000_000, 3)).toBe('666666666.6667');
  });
});

describe('the reconciled position', () => {
  const installed = (assets: number, more: Partial<{ persons: number; processors: number; cores: number }> = {}) => ({
    assets,
    persons: assets,
    processors: assets,
    cores: 4 * assets,
    ...more,
  });

  it('counts installations in the model with the most seats licensed, then used; computers when there is none', () => {
    expect(installedModel(aggregate('a', [10, 0, 0], [5, 9, 0]).models)).toBe('per_user');
    expect(installedModel(aggregate('a', [5, 1, 0], [5, 2, 0]).models)).toBe('per_computer');
    expect(installedModel(aggregate('a', [0, 0, 0]).models)).toBe('per_computer');
    const cores = aggregate('a', [0, 0, 0]);
    cores.models.per_core = { licensed: 16, used: 8, expiring: 0 };
    expect(installedModel(cores.models)).toBe('per_core');
  });

  it('takes the larger of used and installed into the position, status, shortfall and true-up; the assigned position stays', () => {
    const row = rowOf(aggregate('a', [0, 0, 0], [4, 2, 0], { installed: installed(5) }), {
      per_computer: { amount: '10.00', currency: 'EUR' },
    });
    expect(row.byModel.per_computer).toMatchObject({ licensed: 4, used: 2, position: 2, installed: 5, reconciledPosition: -1 });
    expect(row.byModel.per_user).toMatchObject({ installed: null, reconciledPosition: null });
    expect(row).toMatchObject({ installed: 5, shortfall: 1, unused: 0, status: 'non_compliant' });
    expect(row.costs).toEqual([{ currency: 'EUR', trueUp: '10.00', unusedValue: '0.00', annualRecurring: '0.00', committed: '0.00' }]);
  });

  it('counts per-user installations as the persons using the computers, per-core as their cores', () => {
    const user = rowOf(aggregate('u', [2, 1, 0], [0, 0, 0], { installed: installed(3, { persons: 2 }) }));
    expect(user.byModel.per_user).toMatchObject({ installed: 2, reconciledPosition: 0 });
    const core = aggregate('k', [0, 0, 0]);
    core.models.per_core = { licensed: 16, used: 8, expiring: 0 };
    core.installed = installed(3);
    expect(rowOf(core).byModel.per_core).toMatchObject({ installed: 12, reconciledPosition: 4 });
  });

  it('reads as before without installations, or with none counting', () => {
    for (const extra of [{}, { installed: installed(0) }]) {
      const row = rowOf(aggregate('a', [4, 5, 0], [0, 0, 0], extra));
      expect(row.byModel.per_user).toMatchObject({ position: -1, installed: null, reconciledPosition: null });
      expect(row).toMatchObject({ installed: 0, shortfall: 1, status: 'non_compliant' });
    }
  });
});

describe('the software order (shared/compliance sortKey, compareKeys): one order in SQL and here', () => {
  it('keys a name in lower case without accents, its first 200 characters', () => {
    expect([sortKey('Ärger Écran'), sortKey(null), sortKey('x'.repeat(300)).length]).toEqual(['arger ecran', '', 200]);
  });
  it('compares keys by code point, as UTF-8 bytes compare (not UTF-16 units)', () => {
    // U+FFFD before U+1F600: UTF-16 puts the emoji's high surrogate (U+D83D) first.
    expect(compareKeys('\uFFFD', '😀')).toBeLessThan(0);
    expect('\uFFFD' < '😀').toBe(false);
    expect([compareKeys('ab', 'abc') < 0, compareKeys('b', 'a') > 0, compareKeys('é', 'é')]).toEqual([true, true, 0]);
  });
  it('sorts the rows by name, then version, then documentId, accents and case aside', () => {
    const rows = ['éclair', 'Eclair', 'Zed', 'apple'].map((name, i) => ({
      ...rowOf(aggregate(name, [1, 0, 0])),
      software: { documentId: `d${i}`, name, version: null },
    }));
    expect(sortRows(rows, { field: 'software', order: 'asc' }).map((r) => r.software.name)).toEqual(['apple', 'éclair', 'Eclair', 'Zed']);
  });
});
