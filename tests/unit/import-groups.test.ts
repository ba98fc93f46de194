import { groupRows } from '../../server/src/services/import/run';

describe('groupRows (the rows an import must judge in one transaction)', () => {
  const group = (rows: string[][]) => groupRows(rows, (keys) => keys).map((g) => g.map((keys) => rows.indexOf(keys)));

  it('keeps rows without a shared key apart, in file order', () => {
    expect(group([['a'], ['b'], [], ['c']])).toEqual([[0], [1], [2], [3]]);
  });

  it('puts rows sharing a key together, in file order, the groups ordered by their first row', () => {
    expect(group([['a'], ['b'], ['c'], ['a'], ['b']])).toEqual([[0, 3], [1, 4], [2]]);
  });

  it('joins groups through a row with keys of both (an inventory number moved from one license to another)', () => {
    expect(group([['x', 'n1'], ['y'], ['z', 'n2'], ['w', 'n1', 'n2'], ['y', 'v']])).toEqual([
      [0, 2, 3],
      [1, 4],
    ]);
  });
});
