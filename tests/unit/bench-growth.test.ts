/** bench/growth.js: the growth table's ratios and flat-cost verdicts, from bench reports. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { growthOf } = require('../../bench/growth.js');

const run = (scale: number, cases: Record<string, { p50: number; floor?: number; ratioToAdmin?: number }>) => ({
  scale,
  cases: Object.entries(cases).map(([name, c]) => ({
    name,
    plugin: { p50: c.p50 },
    ...(c.floor ? { floor: { p50: c.floor } } : {}),
    ...(c.ratioToAdmin ? { ratioToAdmin: c.ratioToAdmin } : {}),
  })),
});

describe('bench growth table', () => {
  const table = growthOf([
    run(0.1, { 'list-name': { p50: 10, floor: 9 }, 'list-seats': { p50: 10 }, 'list-search': { p50: 10 }, 'api-list-name': { p50: 8 }, export: { p50: 100 } }),
    run(1, { 'list-name': { p50: 11 }, 'list-seats': { p50: 40 }, 'list-search': { p50: 20 }, 'api-list-name': { p50: 9 }, export: { p50: 900 } }),
    run(10, {
      'list-name': { p50: 15, floor: 12 },
      'list-seats': { p50: 160 },
      'list-search': { p50: 29 },
      'api-list-name': { p50: 9, ratioToAdmin: 0.6 },
      export: { p50: 9000 },
    }),
  ]);
  const row = (name: string) => table.find((r: { name: string }) => r.name === name);

  it('compares the largest scale with the smallest, against each case target', () => {
    expect(row('list-name')).toEqual({ name: 'list-name', p50: { 0.1: 10, 1: 11, 10: 15 }, ratioToSmallest: 1.5, target: 1.5, flat: true, ratioToFloor: 1.25 });
    expect(row('list-seats')).toMatchObject({ ratioToSmallest: 16, target: 1.5, flat: false });
    expect(row('list-search')).toMatchObject({ ratioToSmallest: 2.9, target: 3, flat: true });
  });

  it('gives no verdict where the issue sets no target, and carries the content-API ratio', () => {
    expect(row('export')).toEqual({ name: 'export', p50: { 0.1: 100, 1: 900, 10: 9000 }, ratioToSmallest: 90 });
    expect(row('api-list-name')).toMatchObject({ ratioToAdmin: 0.6 });
    expect(row('api-list-name').flat).toBeUndefined();
  });
});

describe("the bench's modules", () => {
  // They require the plugin's TypeScript by path (bench/ts.js): a file moved in the plugin breaks them
  // only when they run, which no other test does.
  it.each(['seed', 'baselines', 'explain', 'export-case', 'import-case', 'import-load-case', 'measure'])('bench/%s.js loads', (name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(`../../bench/${name}.js`)).toBeDefined();
  });
});
