import iconv from 'iconv-lite';
import { ImportFileError, readLicenseImport } from '../../server/src/services/import/read-file';

/** The rows without `cells` (what the report shows of each cell, checked on its own below). */
const withoutCells = <T extends { rows: { cells: unknown }[] }>(read: T) => ({ ...read, rows: read.rows.map(({ cells: _cells, ...row }) => row) });
const readRows = (...args: Parameters<typeof readLicenseImport>) => withoutCells(readLicenseImport(...args));

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('readLicenseImport', () => {
  it('reads a semicolon Windows-1252 file with DD.MM.YYYY dates and decimal commas, as a European Excel saves it', () => {
    const text =
      "Nom;Logiciel;Quantité par utilisateur/ordinateur;Prix unitaire HT;TVA %;Devise;Date d'expiration;Notes\r\n" +
      'Suite bureautique;Office;25;1.234,50;20;EUR;31.12.2027;"Prix en €; renouvelé"\r\n' +
      'Réseau;VPN;3;99,9;5,5;EUR;01.02.2026;\r\n';
    const buffer = iconv.encode(text, 'windows-1252');
    expect(buffer.includes(0x80)).toBe(true);
    const result = readRows(buffer, {
      dateFormat: 'DD.MM.YYYY',
      decimalSeparator: ',',
    });
    expect(result.encoding).toBe('windows-1252');
    expect(result.delimiter).toBe('semicolon');
    expect(result.mapping.warnings).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        data: {
          name: 'Suite bureautique',
          quantity: 25,
          netUnitPrice: '1234.50',
          vatRate: '20',
          currency: 'EUR',
          expirationDate: '2027-12-31',
          notes: 'Prix en €; renouvelé',
        },
        references: { software: 'Office' },
        errors: [],
      },
      {
        line: 3,
        data: {
          name: 'Réseau',
          quantity: 3,
          netUnitPrice: '99.9',
          vatRate: '5.5',
          currency: 'EUR',
          expirationDate: '2026-02-01',
        },
        references: { software: 'VPN' },
        errors: [],
      },
    ]);
  });

  it('reads UTF-8 with BOM and UTF-16 LE the same way, with English labels', () => {
    const text = 'Name,Software,Quantity per user/computer,Reminder e-mails,License type\n';
    const row = 'Adobe,Acrobat,2,"a@x.org; b@x.org",x\n';
    const header = text.replace('License type', 'assignmentModel');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(header + row.replace(',x', ',Per_Computer'))]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(header + row.replace(',x', ',per_computer'), 'utf16le')]);
    const expected = [
      {
        line: 2,
        data: {
          name: 'Adobe',
          quantity: 2,
          notifyEmails: ['a@x.org', 'b@x.org'],
          assignmentModel: 'per_computer',
        },
        references: { software: 'Acrobat' },
        errors: [],
      },
    ];
    expect(readRows(bom).rows).toEqual(expected);
    expect(readRows(le).rows).toEqual(expected);
    expect(readRows(le).encoding).toBe('utf-16le');
  });

  it('reports a bad date, a bad number and a bad quantity by row, column and value; keeps the good cells', () => {
    const file = utf8(
      'name,expirationDate,netUnitPrice,quantity,overAssignment\nA,2026-02-30,12.5,3,ALLOW\nB,31.12.2026,1.2.3,2.5,sometimes\nC,2026-1-5,"1,234.56",1 000,\n',
    );
    expect(readRows(file).rows).toEqual([
      {
        line: 2,
        data: {
          name: 'A',
          netUnitPrice: '12.5',
          quantity: 3,
          overAssignment: 'allow',
        },
        references: {},
        errors: [
          {
            row: 2,
            column: 'expirationDate',
            value: '2026-02-30',
            message: 'not a date in the format YYYY-MM-DD',
            code: 'not_a_date',
            params: { format: 'YYYY-MM-DD' },
          },
        ],
      },
      {
        line: 3,
        // An enum value the file misspells goes on as it is: the schema names the allowed values.
        data: { name: 'B', overAssignment: 'sometimes' },
        references: {},
        errors: [
          {
            row: 3,
            column: 'expirationDate',
            value: '31.12.2026',
            message: 'not a date in the format YYYY-MM-DD',
            code: 'not_a_date',
            params: { format: 'YYYY-MM-DD' },
          },
          {
            row: 3,
            column: 'netUnitPrice',
            value: '1.2.3',
            message: 'not a number with "." as decimal separator',
            code: 'not_a_decimal',
            params: { separator: '.' },
          },
          {
            row: 3,
            column: 'quantity',
            value: '2.5',
            message: 'not a whole number',
            code: 'not_an_integer',
            params: {},
          },
        ],
      },
      {
        line: 4,
        data: {
          name: 'C',
          expirationDate: '2026-01-05',
          netUnitPrice: '1234.56',
          quantity: 1000,
        },
        references: {},
        errors: [],
      },
    ]);
  });

  it('reads MM/DD/YYYY and DD/MM/YYYY, and refuses a thousands grouping that is not one', () => {
    const file = utf8('name,purchaseDate,netUnitPrice\nA,12/31/2026,"1,5"\n');
    expect(readRows(file, { dateFormat: 'MM/DD/YYYY' }).rows[0]).toEqual({
      line: 2,
      data: { name: 'A', purchaseDate: '2026-12-31' },
      references: {},
      errors: [
        {
          row: 2,
          column: 'netUnitPrice',
          value: '1,5',
          message: 'not a number with "." as decimal separator',
          code: 'not_a_decimal',
          params: { separator: '.' },
        },
      ],
    });
    expect(
      readRows(file, {
        dateFormat: 'DD/MM/YYYY',
        decimalSeparator: ',',
      }).rows[0],
    ).toEqual({
      line: 2,
      data: { name: 'A', netUnitPrice: '1.5' },
      references: {},
      errors: [
        {
          row: 2,
          column: 'purchaseDate',
          value: '12/31/2026',
          message: 'not a date in the format DD/MM/YYYY',
          code: 'not_a_date',
          params: { format: 'DD/MM/YYYY' },
        },
      ],
    });
  });

  it('keeps quoted delimiters and line breaks in a cell, and numbers rows by the line they start on', () => {
    const file = utf8('name;notes;software\n"A; B";"one\ntwo; three";X\n"C";"";Y\n');
    expect(readRows(file).rows).toEqual([
      {
        line: 2,
        data: { name: 'A; B', notes: 'one\ntwo; three' },
        references: { software: 'X' },
        errors: [],
      },
      {
        line: 4,
        data: { name: 'C' },
        references: { software: 'Y' },
        errors: [],
      },
    ]);
  });

  it('passes a 10,000-character cell on, refuses a NUL byte before any look-up, and a cell over 100,000 characters', () => {
    const long = 'n'.repeat(10_000);
    const absurd = 'z'.repeat(100_001);
    const file = utf8(`name,notes\nA,${long}\nB\u0000C,x\nD,${absurd}\n`);
    expect(readRows(file).rows).toEqual([
      { line: 2, data: { name: 'A', notes: long }, references: {}, errors: [] },
      {
        line: 3,
        // The row fails; its values carry U+FFFD so a look-up by name before its errors are reported is harmless.
        data: { name: 'B\ufffdC', notes: 'x' },
        references: {},
        errors: [{ row: 3, column: 'name', value: 'B\ufffdC', message: 'must not contain NUL characters', code: 'custom', params: { id: 'noNul' } }],
      },
      {
        line: 4,
        data: { name: 'D' },
        references: {},
        errors: [
          {
            row: 4,
            column: 'notes',
            value: `${'z'.repeat(200)}…`,
            message: 'the cell has more than 100,000 characters',
            code: 'cell_too_long',
            params: { max: 100_000 },
          },
        ],
      },
    ]);
  });

  it('takes a key column as a write-only key and never echoes its value', () => {
    const file = utf8(`name,key,quantity\nA,ABCD-EFGH-7QX2,x\nB,${'K'.repeat(100_001)},1\n`);
    const [a, b] = readRows(file).rows;
    expect(a).toEqual({
      line: 2,
      data: { name: 'A', keys: [{ value: 'ABCD-EFGH-7QX2' }] },
      references: {},
      errors: [
        {
          row: 2,
          column: 'quantity',
          value: 'x',
          message: 'not a whole number',
          code: 'not_an_integer',
          params: {},
        },
      ],
    });
    expect(b.errors).toEqual([
      {
        row: 3,
        column: 'key',
        value: '••••••••KKKK',
        message: 'the cell has more than 100,000 characters',
        code: 'cell_too_long',
        params: { max: 100_000 },
      },
    ]);
    expect(JSON.stringify(b)).not.toContain('KKKKK');
    // What a later error of the row (the schema's, a service's) shows of each cell: the key masked.
    const [withCells] = readLicenseImport(file).rows;
    expect(withCells.cells).toEqual({ name: 'A', key: '••••••••7QX2', quantity: 'x' });
  });

  it('leaves empty cells out, ignores read-only and unknown columns, and reports a cell beyond the header', () => {
    const file = utf8('name,seatsUsed,status,Colour,notes\nA,3,active,red,,\nB,,,,,extra\n');
    const result = readRows(file);
    expect(result.mapping.warnings).toEqual([{ column: 'Colour', message: 'unknown column, not imported' }]);
    expect(result.rows).toEqual([
      { line: 2, data: { name: 'A' }, references: {}, errors: [] },
      {
        line: 3,
        data: { name: 'B' },
        references: {},
        errors: [
          {
            row: 3,
            column: 'column 6',
            value: 'extra',
            message: 'a cell beyond the header row',
            code: 'beyond_header',
            params: {},
          },
        ],
      },
    ]);
  });

  it('refuses the file for a missing name column or a duplicate column, naming them', () => {
    const missing = (() => {
      try {
        readRows(utf8('software,quantity\nX,1\n'));
      } catch (error) {
        return error;
      }
    })() as ImportFileError;
    expect(missing).toBeInstanceOf(ImportFileError);
    expect([missing.field, missing.message]).toEqual(['name', 'name: missing required column name']);
    expect(() => readRows(utf8('name,Nom\nA,B\n'))).toThrow('Nom: duplicate column: "name" is already name');
  });

  it('refuses an empty file, and bad options by name', () => {
    expect(() => readRows(Buffer.alloc(0))).toThrow('the file is empty: no header row');
    expect(() =>
      readRows(utf8('name\nA\n'), {
        dateFormat: 'YYYY/MM/DD' as never,
      }),
    ).toThrow('dateFormat must be one of YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY');
    expect(() => readRows(utf8('name\nA\n'), { decimalSeparator: ';' as never })).toThrow('decimalSeparator must be "." or ","');
  });

  it('refuses NUL in every read cell (relations and keys too) naming row and column, and a UTF-16 file with an unpaired surrogate', () => {
    const file = utf8('name,software,location,key,notes,Ignored\r\nA\u0000,S\u0000,L\u0000x,k\u0000ey,ok,\u0000\r\nB,S,L,,\ud83d\ude00,\u0000\r\n');
    const [first, second] = readLicenseImport(file).rows;
    expect(first.errors.map((e) => [e.row, e.column, e.message])).toEqual(
      ['name', 'software', 'location', 'key'].map((column) => [2, column, 'must not contain NUL characters']),
    );
    // Nothing of the row reaches a query with the character, and the key stays masked.
    expect(JSON.stringify(first)).not.toMatch(/\\u0000/);
    expect(first.data.name).toBe('A\ufffd');
    expect(first.references).toEqual({ software: 'S\ufffd' });
    expect(JSON.stringify(first.errors)).not.toContain('k\ufffdey');
    // A paired surrogate (an emoji) is a character like any other; an ignored column is not read.
    expect(second.errors).toEqual([]);
    expect(second.data.notes).toBe('\ud83d\ude00');
    // Built from code units: a compiler may not keep an unpaired surrogate of a string literal.
    for (const unit of [0xd800, 0xdc00]) {
      const utf16 = Buffer.from(`\ufeffname\r\nA\r\nB${String.fromCharCode(unit)}\r\n`, 'utf16le');
      expect(() => readLicenseImport(utf16)).toThrow('the file is not valid UTF-16LE: an unpaired surrogate on line 3; save it again as UTF-8 or UTF-16');
    }
  });

  it('refuses a header over 200 columns or with a cell over 1,000 characters, before building the records', () => {
    expect(() => readRows(utf8(`${['name', ...Array.from({ length: 199 }, (_, i) => `c${i}`)].join(',')}\nA\n`))).not.toThrow();
    expect(() => readRows(utf8(`${['name', ...Array.from({ length: 200 }, (_, i) => `c${i}`)].join(',')}\nA\n`))).toThrow(
      'the header row has more than 200 columns (at most 200)',
    );
    expect(() => readRows(utf8(`name,${'x'.repeat(1000)}\nA\n`))).not.toThrow();
    expect(() => readRows(utf8(`name,${'x'.repeat(1001)}\nA\n`))).toThrow('header cell 2 has more than 1,000 characters (at most 1,000)');
    // A quoted delimiter is not a column; a quoted line break does not end the header.
    expect(readRows(utf8(`name,"a,b\nc"\nA,x\n`)).mapping.columns.map((c) => c.header)).toEqual(['name', 'a,b\nc']);
    // Blank lines before the header are not the header.
    expect(() => readRows(utf8(`\n,,,\nname,${'x,'.repeat(300)}\n`))).toThrow('the header row has more than 200 columns');
    // A one-line file of a million columns is refused, and the line is read only up to the limit.
    const huge = ',a'.repeat(1_000_000);
    expect(() => readRows(utf8(`name${huge}`))).toThrow('the header row has more than 200 columns');
    expect(() => readRows(utf8(`name;"${'q'.repeat(2_000_000)}`), { delimiter: 'semicolon' })).toThrow('header cell 2 has more than 1,000 characters');
  });
});
