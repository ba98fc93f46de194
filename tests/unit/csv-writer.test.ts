/** The plugin's one CSV writer (server/src/services/csv.ts): one escaping rule, undone by the import's cell reading. */
import { parse } from 'csv-parse/sync';
import { csvStream, escapeCell, unescapeCell, type CsvCell } from '../../server/src/services/csv';

const written = async (header: string[], rows: CsvCell[][], delimiter = ',') => {
  const chunks: Buffer[] = [];
  for await (const c of csvStream(header, rows, delimiter)) chunks.push(Buffer.from(c));
  const bytes = Buffer.concat(chunks);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes.subarray(3).toString('utf8'), { delimiter, relax_column_count: true }) as string[][];
};

describe('escapeCell and unescapeCell', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('escapes text starting with %j, also after apostrophes, and reads it back', (c) => {
    for (const text of [`${c}SUM(A1)`, `'${c}x`, `''${c}x`, c]) {
      expect(escapeCell(text)).toBe(`'${text}`);
      expect(unescapeCell(escapeCell(text))).toBe(text);
    }
  });

  it('leaves other text, and plain numbers, as they are', () => {
    for (const text of ['', 'plain', "'quoted", "'", ' =x', '12', '-12.50', '+3', '2031-12-31']) {
      expect(escapeCell(text)).toBe(text);
      expect(unescapeCell(escapeCell(text))).toBe(text);
    }
    expect(escapeCell('-1+2')).toBe("'-1+2");
  });
});

describe('csvStream', () => {
  it('escapes every text cell of every row, writes numbers and empty cells as they are', async () => {
    const rows = await written(
      ['name', 'version', 'position'],
      [
        ['=HYPERLINK("http://evil.test")', '@1', -3],
        ['+cmd', '\tx', 0],
        ['-2+3', null, undefined],
        ['plain', '-4.50', 7],
      ],
      ';',
    );
    expect(rows).toEqual([
      ['name', 'version', 'position'],
      ['\'=HYPERLINK("http://evil.test")', "'@1", '-3'],
      ["'+cmd", "'\tx", '0'],
      ["'-2+3", '', ''],
      ['plain', '-4.50', '7'],
    ]);
  });
});
