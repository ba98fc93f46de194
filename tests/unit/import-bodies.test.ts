import { readAssignmentImport, readLicenseImport } from '../../server/src/services/import/read-file';
import { licenseCreateSchema } from '../../shared/schemas';

/** The rows without `cells` (what the report shows of each cell, checked on its own below). */
const withoutCells = <T extends { rows: { cells: unknown }[] }>(read: T) => ({ ...read, rows: read.rows.map(({ cells: _cells, ...row }) => row) });
const readAssignments = (...args: Parameters<typeof readAssignmentImport>) => withoutCells(readAssignmentImport(...args));

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('rows through the create schema (the import service does this next)', () => {
  // The relation would be resolved by name to a documentId; a made-up one stands in for it here.
  const body = (data: Record<string, unknown>) => ({
    ...data,
    software: 'doc-software-1',
  });

  it('a converted row is a valid request body: decimals normalized, dates and numbers typed as the API takes them', () => {
    const file = utf8(
      'name;quantity;netUnitPrice;vatRate;grossUnitPrice;expirationDate;notifyEmails;key\nA;25;1.234,50;20;1.481,40;31.12.2027;a@x.org, b@x.org;ABCD-EFGH\n',
    );
    const [row] = readLicenseImport(file, {
      dateFormat: 'DD.MM.YYYY',
      decimalSeparator: ',',
    }).rows;
    const parsed = licenseCreateSchema.safeParse(body(row.data));
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({
      name: 'A',
      quantity: 25,
      netUnitPrice: '1234.50',
      vatRate: '20.00',
      grossUnitPrice: '1481.40',
      expirationDate: '2027-12-31',
      notifyEmails: ['a@x.org', 'b@x.org'],
      keys: [{ value: 'ABCD-EFGH' }],
    });
  });

  it("the NUL byte is refused when the file is read, in the schema's words; the 10,000-character name by the schema", () => {
    const file = utf8(`name,quantity\nB\u0000C,1\n${'n'.repeat(10_000)},1\n`);
    const [nul, long] = readLicenseImport(file).rows;
    expect(nul.errors.map((e) => [e.column, e.message])).toEqual([['name', 'must not contain NUL characters']]);
    expect(licenseCreateSchema.safeParse(body({ name: 'B\u0000C' })).error?.issues.map((i) => i.message)).toContain('must not contain NUL characters');
    expect(long.errors).toEqual([]);
    expect(licenseCreateSchema.safeParse(body(long.data)).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['name', 'must be at most 255 characters'],
    ]);
  });
});

describe('readAssignmentImport', () => {
  it('reads the license and the person or asset as given', () => {
    const file = utf8('license\tpersonEmail\tassetInventoryNumber\tassignedAt\nOffice\t a@x.org \t\t2026-01-01\n\tb@x.org\tINV-7\t\n');
    const result = readAssignments(file);
    expect(result.delimiter).toBe('tab');
    expect(result.rows).toEqual([
      {
        line: 2,
        data: { license: 'Office', personEmail: 'a@x.org' },
        references: {},
        errors: [],
      },
      {
        line: 3,
        data: { personEmail: 'b@x.org', assetInventoryNumber: 'INV-7' },
        references: {},
        errors: [],
      },
    ]);
  });
});
