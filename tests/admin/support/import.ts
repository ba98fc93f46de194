/** Import reports as the server answers them (shared/contracts/import.ts), for the import dialog's tests. */
import type { ImportReport } from '../../../admin/src/api/import';

/**
 * A semicolon-separated Windows-1252 license file of 4 rows: two good ones (one new, one already
 * there unchanged), a bad date and an unknown software; a read-only and an unknown column.
 */
export const checkedReport = (overrides: Partial<ImportReport> = {}): ImportReport => ({
  dryRun: true,
  committed: false,
  rows: 4,
  created: 1,
  updated: 0,
  unchanged: 1,
  failed: 2,
  errors: [
    { row: 3, column: "Date d'expiration", value: '31.02.2027', message: 'not a real date in the format DD.MM.YYYY' },
    { row: 5, column: 'Logiciel', value: 'Nowhere Suite', message: 'no software named "Nowhere Suite"' },
  ],
  encoding: 'windows-1252',
  delimiter: 'semicolon',
  columns: [
    { header: 'Nom', field: 'name', status: 'field' },
    { header: 'Logiciel', field: 'software', status: 'field' },
    { header: "Date d'expiration", field: 'expirationDate', status: 'field' },
    { header: 'seatsUsed', field: 'seatsUsed', status: 'ignored' },
    { header: 'Colour', field: null, status: 'unknown' },
  ],
  warnings: [{ column: 'Colour', message: 'unknown column, not imported' }],
  results: [
    { row: 2, name: 'Office A', outcome: 'created' },
    { row: 3, name: 'Office B', outcome: 'failed' },
    { row: 4, name: 'Office C', outcome: 'unchanged' },
    { row: 5, name: 'Office D', outcome: 'failed' },
  ],
  ...overrides,
});

/** The same file without errors. */
export const cleanReport = (overrides: Partial<ImportReport> = {}): ImportReport =>
  checkedReport({
    rows: 2,
    failed: 0,
    errors: [],
    results: [
      { row: 2, name: 'Office A', outcome: 'created' },
      { row: 3, name: 'Office C', outcome: 'unchanged' },
    ],
    ...overrides,
  });

/** The 200 answer's envelope. */
export const answer = (report: ImportReport) => ({ data: { data: report, meta: {} } });
