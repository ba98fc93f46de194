/**
 * The purchases import's rows (docs/api.md, "Import and export"): each names its license (by name
 * without case, or documentId); with the `documentId` of one of that license's purchases it
 * updates that purchase (a row that changes nothing is `unchanged`), else it adds a purchase. Both
 * go through the purchase schemas and service an API write passes, so the license's lock and seat
 * rule decide each row: lowering a purchase below the seats in use under `block` is that row's error.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ImportReport } from '../../../../shared/contracts/import';
import type { ImportCode } from '../../../../shared/import/codes';
import { DOCUMENT_ID, purchaseCreateSchema, purchaseUpdateSchema } from '../../../../shared/schemas';
import { getService } from '../../plugin';
import type { ConvertedRow } from './cells';
import { headersOf } from './licenses';
import type { ReadImport } from './read-file';
import { referenceResolver } from './references';
import { rowLicenses } from './row-license';
import type { Scope } from '../../scope';
import { parsed, problemAt, rowText } from './row';
import { newReport, refusalOf, RowFailure, runRows, type RunOptions } from './run';

/** Columns that say which purchase a row is, not what it holds. */
const ROW_COLUMNS = ['license', 'licenseDocumentId', 'documentId'];

export const importPurchases = async (
  strapi: Core.Strapi,
  read: ReadImport,
  options: RunOptions & { createMissing: boolean; scope?: Scope },
  actor: string,
): Promise<ImportReport> => {
  const purchases = getService(strapi, 'purchases');
  const headerOf = headersOf(read);
  const references = referenceResolver(strapi, options.createMissing);
  const text = rowText;
  const problem = problemAt(headerOf);
  const fail = (row: ConvertedRow, field: string, message: string, code: ImportCode, params: Record<string, unknown> = {}): never => {
    throw new RowFailure([problem(row, field, message, code, params)]);
  };
  const licenses = await rowLicenses(
    strapi,
    read,
    (row, field) => fail(row, field, field === 'license' ? 'no license has this name' : 'refers to no license', 'no_record', { kind: 'license' }),
    options.scope,
  );
  /** The row in the report: its license, and the purchase's order number when it has one. */
  const nameOf = (row: ConvertedRow) => [text(row, 'license') || text(row, 'licenseDocumentId'), text(row, 'orderNumber')].filter(Boolean).join(' · ');
  // A purchase's documentId → the line that named it first: a second row for it is that row's error.
  const lines = new Map<string, number>();
  const noPurchase = (row: ConvertedRow) => fail(row, 'documentId', 'refers to no purchase of this license', 'no_record', { kind: 'purchase' });

  const work = async (row: ConvertedRow) => {
    references.startRow();
    const purchase = text(row, 'documentId');
    const first = lines.get(purchase);
    if (purchase !== '' && first === undefined) lines.set(purchase, row.line);
    if (row.errors.length) throw new RowFailure(row.errors);
    if (first !== undefined) fail(row, 'documentId', `the same purchase is on line ${first} of the file`, 'duplicate_row', { line: first, kind: 'purchase' });
    const license = await licenses.find(row);
    const { ids, problems } = await references.resolve(row.references);
    if (problems.length) throw new RowFailure(problems.map((p) => problem(row, p.field, p.message, p.code as ImportCode, p.params)));
    const fields = Object.fromEntries(Object.entries({ ...row.data, ...ids }).filter(([f]) => !ROW_COLUMNS.includes(f)));
    if (purchase === '') {
      await purchases.create(license.documentId, parsed(purchaseCreateSchema.safeParse(fields)), actor);
      return { name: nameOf(row), outcome: 'created' as const };
    }
    if (!DOCUMENT_ID.test(purchase)) noPurchase(row);
    const input = parsed(purchaseUpdateSchema.safeParse(fields));
    try {
      const { changed } = await purchases.apply(license.documentId, purchase, input, actor);
      return { name: nameOf(row), outcome: changed ? ('updated' as const) : ('unchanged' as const) };
    } catch (error) {
      // The license was found: a 404 here is the purchase (not one of this license's, or deleted meanwhile).
      if (error instanceof errors.NotFoundError && error.message.startsWith('Purchase')) noPurchase(row);
      throw error;
    }
  };

  const refuse = (error: unknown, row: ConvertedRow) => {
    references.rowRolledBack();
    return { name: nameOf(row), errors: refusalOf(error, row.line, headerOf, (f) => row.cells[f] ?? '') };
  };

  // A license's rows are judged in one transaction (run.ts): its purchases and seats decide each of them.
  return runRows(strapi, newReport(read, options.dryRun), read.rows, options, work, refuse, {
    keysOf: licenses.keysOf,
    rolledBack: () => references.batchRolledBack(),
  });
};
