import iconv from 'iconv-lite';
import { decode, detectDelimiter, ImportFileError, MAX_ROWS, parseCsvText } from '../../server/src/services/import/read-file';

const fileError = (fn: () => unknown): ImportFileError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected an ImportFileError');
};

describe('decode', () => {
  it('reads UTF-8 with a BOM, dropping the BOM', () => {
    const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name\nCafé € 1\n', 'utf8')]);
    expect(decode(buffer)).toEqual({
      text: 'name\nCafé € 1\n',
      encoding: 'utf-8',
    });
  });

  it('reads UTF-8 without a BOM', () => {
    expect(decode(Buffer.from('name\nNuméro\n', 'utf8'))).toEqual({
      text: 'name\nNuméro\n',
      encoding: 'utf-8',
    });
  });

  it('reads UTF-16 LE and BE with their BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name;quantity\nÉté;3\n', 'utf16le')]);
    expect(decode(le)).toEqual({
      text: 'name;quantity\nÉté;3\n',
      encoding: 'utf-16le',
    });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('name\nÉté\n', 'utf-16be')]);
    expect(decode(be)).toEqual({ text: 'name\nÉté\n', encoding: 'utf-16be' });
  });

  it('reads Windows-1252 when the bytes are not UTF-8 (é = 0xE9, € = 0x80)', () => {
    const buffer = Buffer.from([...Buffer.from('name\nR'), 0xe9, ...Buffer.from('seau '), 0x80, 0x0a]);
    expect(decode(buffer)).toEqual({
      text: 'name\nRéseau €\n',
      encoding: 'windows-1252',
    });
  });

  it('lets the encoding option override detection, and names a bad one', () => {
    expect(decode(Buffer.from('Café', 'utf8'), { encoding: 'windows-1252' })).toEqual({ text: 'CafÃ©', encoding: 'windows-1252' });
    const error = fileError(() => decode(Buffer.from('x'), { encoding: 'ebcdic' }));
    expect(error.field).toBe('encoding');
    expect(error.message).toBe('encoding must be one of utf-8, utf-16le, utf-16be, windows-1252');
  });

  it('refuses a binary file (a zip, as an .xlsx is) but leaves a NUL byte in a cell to the row checks', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xee]);
    const error = fileError(() => decode(zip));
    expect(error.field).toBe('file');
    expect(error.message).toBe('the file is not a CSV text file (binary content)');
    expect(decode(Buffer.from('name\nA\u0000B\n')).text).toBe('name\nA\u0000B\n');
  });
});

describe('detectDelimiter', () => {
  it('finds comma, semicolon and tab, ignoring delimiters inside quotes', () => {
    expect(detectDelimiter('name,quantity\nA,1\n')).toBe('comma');
    expect(detectDelimiter('name;quantity;notes\n"A, B, C";1;"x, y"\n')).toBe('semicolon');
    expect(detectDelimiter('name\tquantity\nA\t1\n')).toBe('tab');
    expect(detectDelimiter('"a;b;c",x\n"d;e;f",y\n')).toBe('comma');
    expect(detectDelimiter('name\nA\n')).toBe('comma');
  });
});

describe('parseCsvText', () => {
  it('gives each record the line it starts on, a quoted cell spanning lines', () => {
    const text = 'name,notes,quantity\r\n"Office, Pro","line one\r\nline two\r\nline three",5\r\n\r\nZip,"say ""hi""",1';
    expect(parseCsvText(text)).toEqual({
      delimiter: 'comma',
      header: ['name', 'notes', 'quantity'],
      records: [
        {
          line: 2,
          cells: ['Office, Pro', 'line one\nline two\nline three', '5'],
        },
        { line: 6, cells: ['Zip', 'say "hi"', '1'] },
      ],
    });
  });

  it('takes the delimiter option over detection and names a bad one', () => {
    expect(parseCsvText('a;b,c\n1;2,3\n', { delimiter: 'comma' }).header).toEqual(['a;b', 'c']);
    expect(fileError(() => parseCsvText('a\n', { delimiter: 'pipe' })).message).toBe('delimiter must be one of comma, semicolon, tab');
  });

  it('refuses an empty file and a file of blank lines', () => {
    expect(fileError(() => parseCsvText('')).message).toBe('the file is empty: no header row');
    expect(fileError(() => parseCsvText('\r\n\n  \n')).message).toBe('the file is empty: no header row');
  });

  it('refuses an unclosed quote naming the line', () => {
    const error = fileError(() => parseCsvText('name\nA\n"B\n'));
    expect(error.field).toBe('file');
    expect(error.message).toMatch(/^not a readable CSV file \(line 3\): Quote Not Closed/);
  });

  it('takes 50,000 rows and refuses 50,001', () => {
    const rows = (n: number) => `name\n${Array.from({ length: n }, (_, i) => `L${i}`).join('\n')}\n`;
    const ok = parseCsvText(rows(MAX_ROWS));
    expect(ok.records).toHaveLength(50_000);
    expect(ok.records[49_999]).toEqual({ line: 50_001, cells: ['L49999'] });
    expect(fileError(() => parseCsvText(rows(MAX_ROWS + 1))).message).toBe('the file has more than 50,000 rows');
  });
});
