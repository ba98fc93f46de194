/**
 * Hostile import files, generated from a seed (the same seed gives the same files): control
 * characters and NUL in every cell, invalid UTF-8, BOMs of other encodings, 10,000 columns, 1 MB
 * cells, quoted line breaks, unbalanced quotes, formulas, duplicate headers, empty files, options
 * that do not fit, and random byte mutations of a good file. Each has a title saying what it is.
 */
import type { ImportForm, ImportKind } from './import';

export type { ImportKind };
export interface HostileFile {
  title: string;
  kind: ImportKind;
  bytes: Buffer;
  form: ImportForm;
}

/** mulberry32: a small seeded generator, enough to pick. */
export const seeded = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
};

const LICENSE_HEADER = [
  'name',
  'software',
  'softwareVersion',
  'organization',
  'organizationalUnit',
  'locationStructure',
  'supplier',
  'category',
  'quantity',
  'expirationDate',
  'netUnitPrice',
  'vatRate',
  'currency',
  'notes',
  'notifyEmails',
  'key',
];
const ASSIGNMENT_HEADER = ['license', 'licenseDocumentId', 'personEmail', 'personEmployeeNumber', 'assetInventoryNumber'];

const licenseRow = (name: string, software: string) => [
  name,
  software,
  '',
  '',
  '',
  '',
  '',
  '',
  '3',
  '2030-01-31',
  '100.50',
  '20',
  'EUR',
  'some notes',
  'a@example.com; b@example.com',
  'KEY-1234-5678',
];
const assignmentRow = (license: string, email: string) => [license, '', email, '', ''];
const PURCHASE_HEADER = [
  'license',
  'quantity',
  'purchaseDate',
  'orderNumber',
  'supplier',
  'netUnitPrice',
  'vatRate',
  'termStart',
  'termEnd',
  'billing',
  'notes',
  'documentId',
];
const purchaseRow = (license: string, i: number) => [
  license,
  '1',
  '2027-01-01',
  `PO-${i}`,
  '',
  '10.00',
  '20',
  '2027-01-01',
  '2027-12-31',
  'yearly',
  `hostile ${i}`,
  '',
];

const quote = (cell: string, delimiter = ',') => (/["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell);
const toCsv = (rows: string[][], delimiter = ',', eol = '\r\n') => rows.map((r) => r.map((c) => quote(c, delimiter)).join(delimiter)).join(eol) + eol;
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const utf32 = (text: string, bigEndian: boolean) => {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (bigEndian ? out.writeUInt32BE(p, i * 4) : out.writeUInt32LE(p, i * 4)));
  return out;
};
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};

// Characters hostile to a cell, a parser, a database or a spreadsheet.
const CONTROLS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001a',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u2028',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\u202e',
];
const FORMULAS = ['=SUM(A1:A9)', '+1+1', '-2+3', '@SUM(1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0"];
const INVALID_UTF8 = [
  [0x80],
  [0xbf],
  [0xc0, 0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
  [0xc3, 0x28],
];
const BOMS: [string, number[]][] = [
  ['UTF-32 LE', [0xff, 0xfe, 0x00, 0x00]],
  ['UTF-32 BE', [0x00, 0x00, 0xfe, 0xff]],
  ['UTF-7', [0x2b, 0x2f, 0x76, 0x38]],
  ['UTF-7 (2)', [0x2b, 0x2f, 0x76, 0x39]],
  ['UTF-1', [0xf7, 0x64, 0x4c]],
  ['UTF-EBCDIC', [0xdd, 0x73, 0x66, 0x73]],
  ['SCSU', [0x0e, 0xfe, 0xff]],
  ['BOCU-1', [0xfb, 0xee, 0x28]],
  ['GB18030', [0x84, 0x31, 0x95, 0x33]],
  ['UTF-16 LE', [0xff, 0xfe]],
  ['UTF-16 BE', [0xfe, 0xff]],
  ['UTF-8', [0xef, 0xbb, 0xbf]],
  ['UTF-8 twice', [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]],
];

/**
 * At least `perKind` files of each kind. `names` are values the files use where a real file would
 * name something that exists (a software, a license), so that some rows get as far as the writes.
 */
export function hostileFiles(seed: number, names: { software: string; license: string; email: string }, perKind = 260): HostileFile[] {
  const rng = seeded(seed);
  const files: HostileFile[] = [];
  let n = 0;
  const add = (kind: ImportKind, title: string, bytes: Buffer | string, form: ImportForm = {}) =>
    files.push({ kind, title: `${kind} #${++n}: ${title}`, bytes: Buffer.isBuffer(bytes) ? bytes : utf8(bytes), form });

  for (const kind of ['licenses', 'assignments', 'purchases'] as ImportKind[]) {
    const header = { licenses: LICENSE_HEADER, assignments: ASSIGNMENT_HEADER, purchases: PURCHASE_HEADER }[kind];
    const good = (i: number) =>
      kind === 'licenses'
        ? licenseRow(`${names.license} hostile ${seed}-${i}`, names.software)
        : kind === 'purchases'
          ? purchaseRow(names.license, i)
          : assignmentRow(names.license, i === 0 ? names.email : `p${i}@example.com`);
    const base = () => [header, good(0), good(1), good(2)];
    const start = files.length;

    // Every control character (NUL included) in every cell, as the whole cell or inside it.
    for (let c = 0; c < header.length; c++) {
      for (const ch of ['\u0000', ...Array.from({ length: kind === 'licenses' ? 3 : 8 }, () => rng.pick(CONTROLS))]) {
        const rows = base();
        const row = 1 + rng.int(3);
        rows[row][c] = rng.next() < 0.3 ? ch : `${rows[row][c].slice(0, 2)}${ch}${rows[row][c].slice(2)}`;
        add(kind, `U+${ch.charCodeAt(0).toString(16).padStart(4, '0')} in ${header[c]}`, toCsv(rows));
      }
    }
    // NUL in a header cell, and far past the first 4 KB (after the binary sniffing).
    add(kind, 'NUL in a header cell', toCsv([[...header.slice(0, -1), `${header.at(-1)}\u0000`], good(0)]));
    add(
      kind,
      'NUL after 4 KB',
      toCsv([...base(), ...Array.from({ length: 60 }, (_, i) => good(10 + i)), good(99).map((v, i) => (i === 0 ? `${v}\u0000` : v))]),
    );

    // Invalid UTF-8 in cells (read as Windows-1252, or refused with encoding=utf-8).
    for (let i = 0; i < 14; i++) {
      const text = toCsv(base());
      const at = text.indexOf('\n') + 1 + rng.int(text.length - text.indexOf('\n') - 1);
      const bytes = Buffer.concat([utf8(text.slice(0, at)), Buffer.from(rng.pick(INVALID_UTF8)), utf8(text.slice(at))]);
      add(kind, `invalid UTF-8 at ${at}`, bytes, i % 3 === 0 ? { encoding: rng.pick(['utf-8', 'utf-16le', 'windows-1252']) } : {});
    }
    // BOMs of other encodings, and text that does not match its BOM.
    for (const [bomName, bom] of BOMS) {
      const text = toCsv(base());
      add(kind, `${bomName} BOM before UTF-8 text`, Buffer.concat([Buffer.from(bom), utf8(text)]));
    }
    add(kind, 'UTF-32 LE text with its BOM', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(toCsv(base()), false)]));
    add(kind, 'UTF-32 BE text with its BOM', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(toCsv(base()), true)]));
    add(kind, 'UTF-16 LE BOM, odd byte count', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv(base()), 'utf16le'), Buffer.from([0x41])]));
    add(kind, 'UTF-16 BE BOM before UTF-16 LE text', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(toCsv(base()), 'utf16le')]));
    add(kind, 'UTF-16 LE text without BOM', Buffer.from(toCsv(base()), 'utf16le'));
    add(kind, 'UTF-16 BE text declared utf-16le', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(toCsv(base()))]), { encoding: 'utf-16le' });
    add(
      kind,
      'UTF-16 LE unpaired surrogate',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv(base()), 'utf16le'), Buffer.from([0x00, 0xd8, 0x41, 0x00])]),
    );
    add(
      kind,
      'UTF-16 LE with a NUL cell',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv([header, good(0).map((v, i) => (i === 0 ? `${v}\u0000` : v))]), 'utf16le')]),
    );
    add(kind, 'UTF-8 text declared utf-16be', toCsv(base()), { encoding: 'utf-16be' });
    add(kind, 'only a BOM', Buffer.from([0xef, 0xbb, 0xbf]));
    add(kind, 'only a UTF-16 BOM', Buffer.from([0xff, 0xfe]));

    // Size: columns and cells.
    add(kind, '10,000 columns in the header', toCsv([[...header, ...Array.from({ length: 10_000 - header.length }, (_, i) => `c${i}`)], good(0)]));
    add(kind, '10,000 columns in a data row', toCsv([header, [...good(0), ...Array.from({ length: 10_000 - header.length }, (_, i) => `v${i}`)]]));
    add(kind, '10,000 empty columns in a data row', toCsv([header, [...good(0), ...Array.from({ length: 10_000 - header.length }, () => '')]]));
    add(kind, '201 columns', toCsv([[...header, ...Array.from({ length: 201 - header.length }, (_, i) => `c${i}`)], good(0)]));
    add(kind, '200 columns', toCsv([[...header, ...Array.from({ length: 200 - header.length }, (_, i) => `c${i}`)], good(0)]));
    add(kind, 'a 1 MB header cell', toCsv([[...header, 'h'.repeat(1024 * 1024)], good(0)]));
    add(kind, 'a 1,001-character header cell', toCsv([[...header, 'h'.repeat(1001)], good(0)]));
    for (const c of [0, 1 + rng.int(header.length - 1)]) {
      const rows = base();
      rows[1][c] = 'x'.repeat(1024 * 1024);
      add(kind, `a 1 MB cell in ${header[c]}`, toCsv(rows));
    }
    add(kind, 'a 1 MB quoted cell with line breaks', toCsv([header, good(0).map((v, i) => (i === 0 ? `${v}\n${'l\n'.repeat(300_000)}` : v))]));

    // Structure.
    for (let c = 0; c < header.length; c += kind === 'licenses' ? 3 : 1) {
      const rows = base();
      rows[1][c] = `${rows[1][c]}\r\nsecond line\nthird "quoted"`;
      add(kind, `quoted line breaks in ${header[c]}`, toCsv(rows));
    }
    add(kind, 'an unbalanced quote in a cell', `${header.join(',')}\r\n"${good(0).join(',')}\r\n${good(1).join(',')}\r\n`);
    add(kind, 'an unbalanced quote at the end', `${toCsv(base())}"unterminated`);
    add(kind, 'a quote inside an unquoted cell', `${header.join(',')}\r\nab"cd,${good(0).slice(1).join(',')}\r\n`);
    add(kind, 'text after a closing quote', `${header.join(',')}\r\n"ab"cd,${good(0).slice(1).join(',')}\r\n`);
    add(kind, 'an unbalanced quote in the header', `"${header.join(',')}\r\n${good(0).join(',')}\r\n`);
    for (const formula of FORMULAS) {
      const rows = base();
      const c = rng.int(header.length);
      rows[1][c] = formula;
      add(kind, `formula ${JSON.stringify(formula)} in ${header[c]}`, toCsv(rows));
    }
    add(kind, 'a duplicate header', toCsv([[...header, header[0]], good(0)]));
    add(kind, 'a duplicate header by label', toCsv([[...header, { licenses: 'Name', assignments: 'License', purchases: 'Quantity' }[kind]], good(0)]));
    add(
      kind,
      'an ambiguous label',
      toCsv([
        [...header, 'License type'],
        [...good(0), 'x'],
      ]),
    );
    add(
      kind,
      'empty header cells',
      toCsv([
        [...header, '', '', ''],
        [...good(0), 'a', 'b', 'c'],
      ]),
    );
    add(kind, 'a header of empty names', ',,,,\r\n1,2,3,4,5\r\n');
    add(kind, 'an empty file', Buffer.alloc(0));
    add(kind, 'only a header', toCsv([header]));
    add(kind, 'only a header without a line break', header.join(','));
    add(kind, 'only blank lines', '\r\n\r\n\n\n\r\n');
    add(kind, 'only whitespace', '   \t  \r\n  ');
    add(kind, 'only delimiters', ',,,,\r\n;;;;\r\n\t\t\r\n');
    add(
      kind,
      'no required column',
      toCsv([
        ['Colour', 'Size'],
        ['blue', 'L'],
      ]),
    );
    add(kind, 'CR-only line breaks', toCsv(base(), ',', '\r'));
    add(kind, 'mixed line breaks', `${header.join(',')}\r${good(0).join(',')}\n${good(1).join(',')}\r\n`);
    add(kind, 'semicolons in a comma file', toCsv(base().map((r) => r.map((v) => `${v};x`))));
    add(kind, 'semicolon file', toCsv(base(), ';'));
    add(kind, 'tab file', toCsv(base(), '\t'));
    add(kind, 'an Excel sep= line', `sep=;\r\n${toCsv(base(), ';')}`);
    add(kind, 'more cells than the header', toCsv([header, [...good(0), 'extra', 'more']]));
    add(kind, 'fewer cells than the header', toCsv([header, good(0).slice(0, 1)]));
    add(
      kind,
      'a header only of read-only columns',
      toCsv([
        ['seatsUsed', 'status'],
        ['1', 'active'],
      ]),
    );
    add(kind, 'the same row twice', toCsv([header, good(0), good(0)]));
    add(kind, 'a zip signature', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), utf8(toCsv(base()))]));
    add(kind, 'a PDF', `%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n`);
    add(kind, 'HTML', '<!doctype html><html><body><table><tr><td>name</td></tr></table></body></html>');
    add(kind, 'JSON', JSON.stringify({ data: [{ name: 'x' }] }));
    add(kind, 'too many rows', `${header[0]}\n${'r\n'.repeat(50_001)}`);
    if (kind === 'licenses') {
      for (const cell of ['1e400', '-1', '99999999999999999999', '1,5', 'NaN', 'Infinity', '0x10', '１２']) {
        add(kind, `quantity ${cell}`, toCsv([header, good(0).map((v, i) => (header[i] === 'quantity' ? cell : v))]));
      }
      for (const cell of ['2030-02-30', '0000-00-00', '99999-01-01', '2030-1-1T00:00', '31.12.2030']) {
        add(kind, `expirationDate ${cell}`, toCsv([header, good(0).map((v, i) => (header[i] === 'expirationDate' ? cell : v))]));
      }
      add(
        kind,
        'a thousand e-mails',
        toCsv([header, good(0).map((v, i) => (header[i] === 'notifyEmails' ? Array.from({ length: 1000 }, (_, k) => `m${k}@example.com`).join(';') : v))]),
      );
      add(kind, 'createMissing with hostile names', toCsv([header, good(0).map((v, i) => (i >= 1 && i <= 7 ? `=x${i}\u202e\t` : v))]), {
        createMissing: 'true',
      });
    }

    // Options that do not fit the file, or are not options.
    const optionSets: ImportForm[] = [
      { delimiter: 'pipe' },
      { delimiter: '' },
      { delimiter: ';' },
      { delimiter: 'semicolon' },
      { delimiter: 'tab' },
      { encoding: 'ebcdic' },
      { encoding: 'utf-32' },
      { encoding: 'UTF8' },
      { encoding: 'latin1' },
      { dateFormat: 'YYYY/MM/DD' },
      { dateFormat: 'DD.MM.YYYY' },
      { decimalSeparator: ';' },
      { decimalSeparator: ',' },
      { onError: 'ignore' },
      { dryRun: 'maybe' },
      { createMissing: 'yes' },
      { dryRun: '' },
    ];
    for (const form of optionSets) add(kind, `options ${JSON.stringify(form)}`, toCsv(base()), form);

    // Random mutations of a good file, up to `perKind`.
    const ALPHABET = ['"', ',', ';', '\t', '\r', '\n', '\u0000', '\u00ff', '=', '\\', "'", '\ufeff', '\ud83d\ude00', '""', '\u0085'];
    while (files.length - start < perKind) {
      let text = toCsv(base());
      const edits = 1 + rng.int(6);
      for (let e = 0; e < edits; e++) {
        const at = rng.int(text.length + 1);
        const op = rng.int(3);
        if (op === 0) text = text.slice(0, at) + rng.pick(ALPHABET) + text.slice(at);
        else if (op === 1) text = text.slice(0, at) + text.slice(at + 1 + rng.int(4));
        else text = text.slice(0, at) + rng.pick(ALPHABET).repeat(1 + rng.int(50)) + text.slice(at + 1);
      }
      const bytes = rng.next() < 0.15 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : utf8(text);
      add(kind, `${edits} random edit(s)`, bytes);
    }
  }
  return files;
}
