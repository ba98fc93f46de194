/**
 * The CSV exports (docs/api.md, "Import and export"): every license the admin list's query
 * matches, the assignments, and the further purchases. Each reads one consistent snapshot of the
 * database, in keyset order, EXPORT_BATCH rows per statement, and writes each batch through the CSV
 * stream before reading the next, so memory stays one batch whatever the number of rows. No key
 * value or ciphertext is read at all.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { LICENSE_FIELDS, LICENSE_READ_VALUES, type LicenseFieldName } from '../../../../shared/fields/license';
import type { LicenseFieldSpec } from '../../../../shared/fields/types';
import { DOCUMENT_ID } from '../../../../shared/schemas';
import { getService } from '../../plugin';
import { csvBatchStream, type CsvCell } from '../csv';
import { assignmentExportBatch, purchaseExportLicenses } from '../../db/export';
import { openReadSnapshot } from '../../db/read-snapshot';
import { purchasesOf } from '../../db/purchases';
import { PURCHASE_FIELD_NAMES, PURCHASE_FIELDS } from '../../../../shared/fields/purchase';
import type { Purchase } from '../../../../shared/contracts/purchases';
import { purchaseDay } from '../purchases/position';
import { purchaseOut } from '../purchases/present';
import type { LicenseListQuery, LicenseOut } from '../license';
import { invalidField, notFound } from '../../errors';
import { UID } from '../../../../shared/constants';
import { recordInScope, type Scope } from '../../scope';
import { licenseStatus, type StatusWindow } from '../../domain/status';
import { shownValue, totalOf, validUntilOf } from '../license/present';

/**
 * Rows per statement. Fewer rows alive at once is less for the collector to copy at each scavenge:
 * at scale 10, 250 exported 200,000 licenses in 8.9 s on SQLite and 7.3 s on PostgreSQL, 1,000 in
 * 10.7 to 12.3 s and 8.4 s (docs/performance.md).
 */
export const EXPORT_BATCH = 250;

/**
 * An exported column: its cell from a license as reads show it, and the same cell straight from the
 * export statement's row (no license object made per row: at 200,000 rows that was a fifth of the
 * time). tests/unit/export-cells.test.ts holds the two equal.
 */
type Column = { name: string; cell: (l: LicenseOut) => CsvCell; fromRow: (row: PageRow, window: StatusWindow) => CsvCell };
type PageRow = Record<string, any>;

/** Text as it is stored: the CSV writer escapes what a spreadsheet would run. */
const text = (v: unknown): CsvCell => (v == null ? null : String(v));

/**
 * A relation's field on a page row (`<relation>__<field>`), as a read shows it. Without the relation
 * the left join's field is null too, so the export's statement does not read the documentId.
 */
const relationField = (name: string, field: string) => {
  const column = `${name}__${field}`;
  return (row: PageRow): CsvCell => text(row[column]);
};

/** The columns, from the license's description: its exported fields in order, then the read values it marks for export. */
export const licenseColumns = (): Column[] => {
  const columns: Column[] = [];
  for (const name of Object.keys(LICENSE_FIELDS) as LicenseFieldName[]) {
    const f = LICENSE_FIELDS[name] as LicenseFieldSpec;
    if (!f.export) continue;
    const value = (l: LicenseOut) => (l as unknown as Record<string, any>)[name];
    const shown = shownValue(name);
    if (f.kind === 'relation') {
      // By name, as the import matches them; the software's version has its own column.
      columns.push({ name, cell: (l) => text(value(l)?.name), fromRow: relationField(name, 'name') });
      if (name === 'software') columns.push({ name: 'softwareVersion', cell: (l) => text(value(l)?.version), fromRow: relationField(name, 'version') });
    } else if (f.kind === 'emails') {
      const joined = (v: unknown) => text(((v as string[] | null) ?? []).join(', '));
      columns.push({ name, cell: (l) => joined(value(l)), fromRow: (row) => joined(shown(row)) });
    } else if (f.kind === 'text' || f.kind === 'longtext') {
      columns.push({ name, cell: (l) => text(value(l)), fromRow: (row) => text(shown(row)) });
    } else {
      // Days (YYYY-MM-DD), amounts (exact two-decimal strings), numbers and enum values, as reads show them.
      columns.push({ name, cell: (l) => value(l) as CsvCell, fromRow: (row) => shown(row) as CsvCell });
    }
  }
  const expiration = shownValue('expirationDate');
  const validUntil = (row: PageRow) => validUntilOf(row, expiration(row) as string | null);
  const total = (price: string) => {
    const unitPrice = shownValue(price);
    return (row: PageRow) => totalOf(unitPrice(row) as string | null, row.quantity);
  };
  const [net, gross] = [total('netUnitPrice'), total('grossUnitPrice')];
  const read: Record<keyof typeof LICENSE_READ_VALUES, Column> = {
    seats: { name: 'seatsUsed', cell: (l) => l.seats.used, fromRow: (row) => Number(row.used) },
    status: { name: 'status', cell: (l) => l.status, fromRow: (row, w) => licenseStatus(validUntil(row), w) },
    totalNet: { name: 'totalNet', cell: (l) => l.totalNet, fromRow: net },
    totalGross: { name: 'totalGross', cell: (l) => l.totalGross, fromRow: gross },
    validUntil: { name: 'validUntil', cell: (l) => l.validUntil, fromRow: validUntil },
    // Per currency, so not one cell: not exported (export: false in the description).
    cost: { name: 'cost', cell: () => null, fromRow: () => null },
  };
  for (const [k, v] of Object.entries(LICENSE_READ_VALUES)) if (v.export) columns.push(read[k as keyof typeof read]);
  return columns;
};

export const ASSIGNMENT_COLUMNS = [
  'license',
  'person',
  'personEmail',
  'personEmployeeNumber',
  'asset',
  'assetInventoryNumber',
  'assignedAt',
  'assignedBy',
] as const;

/**
 * The purchases export's columns: the license's name (as the import matches it), the purchase's
 * fields in their order (the supplier by name), then whether it is active today and its documentId
 * (by which an import updates it rather than adding it again).
 */
export const PURCHASE_COLUMNS = ['license', ...PURCHASE_FIELD_NAMES, 'active', 'documentId'] as const;

const purchaseCells = (license: string, p: Purchase): CsvCell[] => [
  text(license),
  ...PURCHASE_FIELD_NAMES.map((f): CsvCell => {
    const v = p[f];
    if (f === 'supplier') return text(p.supplier?.name);
    // Days, exact amounts and enum values as reads show them; a boolean and a quantity as themselves.
    return PURCHASE_FIELDS[f].kind === 'boolean' ? String(v) : PURCHASE_FIELDS[f].kind === 'integer' ? (v as number) : text(v);
  }),
  String(p.active),
  p.documentId,
];

const iso = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const d = v instanceof Date ? v : new Date(v as string);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The `license` filter's row id, checked before the answer starts; outside the scope it is as unknown (404). */
  const licenseOf = async (documentId: string | undefined, scope: Scope): Promise<number | undefined> => {
    if (documentId === undefined) return undefined;
    if (!DOCUMENT_ID.test(documentId)) throw invalidField('license', 'must be a documentId');
    const { id } = await getService(strapi, 'license').findRow(documentId);
    if (!(await recordInScope(strapi, scope, UID.license, documentId))) throw notFound('License');
    return id;
  };
  return {
    licenses(query: Omit<LicenseListQuery, 'page' | 'pageSize'>, delimiter: string, scope: Scope = null) {
      const columns = licenseColumns();
      // Each row's cells as it is read; the row is let go of at once (less for the collector to copy).
      function* cells(rows: PageRow[], w: StatusWindow) {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          rows[i] = {};
          yield columns.map((c) => c.fromRow(row, w));
        }
      }
      async function* batches() {
        const { window: w, read } = await getService(strapi, 'license').listReader(query, EXPORT_BATCH, scope);
        yield* inSnapshot(strapi, async function* (on) {
          for await (const rows of read(on)) yield cells(rows, w);
        });
      }
      return csvBatchStream(
        columns.map((c) => c.name),
        batches(),
        delimiter,
      );
    },

    /** Checks `license` before the answer starts: a 400 or 404 must not arrive as a half-written file. */
    async assignments(licenseDocumentId: string | undefined, delimiter: string, scope: Scope = null) {
      const licenseId = await licenseOf(licenseDocumentId, scope);
      return csvBatchStream(
        ASSIGNMENT_COLUMNS,
        inSnapshot(strapi, (on) => assignmentRows(strapi, on, licenseId, scope)),
        delimiter,
      );
    },

    /**
     * The further purchases (the license's own first purchase is its row of the licenses export), by
     * license and in term order: EXPORT_BATCH licenses at a time. `license` is checked before the answer starts.
     */
    async purchases(licenseDocumentId: string | undefined, delimiter: string, scope: Scope = null) {
      const licenseId = await licenseOf(licenseDocumentId, scope);
      const day = purchaseDay();
      async function* rows(on: Knex) {
        let after = 0;
        for (;;) {
          const licenses = await purchaseExportLicenses(strapi, on, { after, limit: EXPORT_BATCH, licenseId, scope });
          const ids = licenses.map((l) => l.id);
          const purchases = await purchasesOf(strapi, ids, undefined, on);
          yield licenses.flatMap((l) => (purchases.get(l.id) ?? []).map((row) => purchaseCells(l.name, purchaseOut(row, day))));
          if (licenses.length < EXPORT_BATCH) return;
          after = licenses[licenses.length - 1].id;
        }
      }
      return csvBatchStream(PURCHASE_COLUMNS, inSnapshot(strapi, rows), delimiter);
    },
  };
};

/**
 * What `read` yields, every statement of it in one read snapshot (db/read-snapshot): rows written
 * meanwhile are neither repeated nor skipped. The snapshot ends however the stream ends (the last
 * row, an error, or a client that went away).
 */
async function* inSnapshot<T>(strapi: Core.Strapi, read: (on: Knex) => AsyncIterable<T>): AsyncGenerator<T> {
  const snapshot = await openReadSnapshot(strapi);
  try {
    yield* read(snapshot.on);
  } finally {
    await snapshot.end();
  }
}

/** The assignments as CSV rows, EXPORT_BATCH at a time by id, every statement on `on` (the export's snapshot). */
async function* assignmentRows(strapi: Core.Strapi, on: Knex, licenseId: number | undefined, scope: Scope): AsyncGenerator<CsvCell[][]> {
  let after = 0;
  for (;;) {
    const batch = await assignmentExportBatch(strapi, on, { after, limit: EXPORT_BATCH, licenseId, scope });
    yield batch.map((r) => {
      const person = [r.firstName, r.lastName].filter(Boolean).join(' ');
      return [
        text(r.license),
        text(person || null),
        text(r.personEmail),
        text(r.personEmployeeNumber),
        text(r.asset),
        text(r.assetInventoryNumber),
        iso(r.assignedAt),
        text(r.assignedBy),
      ];
    });
    if (batch.length < EXPORT_BATCH) return;
    after = batch[batch.length - 1].id;
  }
}
