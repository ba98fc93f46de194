/**
 * The license import's rows (docs/api.md, "Import and export"): each row matched by name
 * (case-insensitively) to update that license or create a new one, through the license service
 * and the schemas an API write passes. A `key` cell is added unless the license holds it already,
 * which the report shows only to a user who may reveal keys.
 */
import type { Core } from '@strapi/strapi';
import type { ImportError, ImportReport } from '../../../../shared/contracts/import';
import { importIssue } from '../../../../shared/import/codes';
import { keyChangesSchema, licenseCreateSchema, licenseUpdateSchema } from '../../../../shared/schemas';
import { getService } from '../../plugin';
import { UID } from '../../../../shared/constants';
import { recordInScope, type Scope } from '../../scope';
import { nameKey } from '../../db';
import { licensesByNameKey } from '../../db/import';
import type { ConvertedRow } from './cells';
import type { ReadImport } from './read-file';
import { referenceResolver } from './references';
import { parsed, rowText } from './row';
import { newReport, refusalOf, RowFailure, runRows, type RunOptions } from './run';
import { licenseBulkInsert, type PreparedLicense } from '../license/bulk-insert';
import type { BulkRows } from './bulk-rows';

/** New licenses written together in a commit (./bulk-rows): rows per run. */
const BULK_SIZE = 250;

/** The file's header for each field it feeds. */
export const headersOf = (read: ReadImport) => {
  const byField = new Map(read.mapping.columns.filter((c) => c.status === 'field' && c.field).map((c) => [c.field!, c.header]));
  return (field: string) => byField.get(field) ?? null;
};

export const importLicenses = async (
  strapi: Core.Strapi,
  read: ReadImport,
  options: RunOptions & { createMissing: boolean; revealKeys: boolean; scope?: Scope; createScope?: Scope },
  actor: string,
): Promise<ImportReport> => {
  const license = getService(strapi, 'license');
  const headerOf = headersOf(read);
  const references = referenceResolver(strapi, options.createMissing);
  // nameKey → the line that named it first: a second row of the same license is that row's error.
  const lines = new Map<string, number>();
  const fail = (row: ConvertedRow, field: string, message: string, issue: { code: string; params: Record<string, unknown> }): never => {
    throw new RowFailure([{ row: row.line, column: headerOf(field) ?? field, value: row.cells[field] ?? '', message, ...issue }]);
  };

  // The licenses the file names, read 500 names per query before the rows run, not one query a row.
  const keysInFile = [...new Set(read.rows.map((r) => (typeof r.data.name === 'string' ? nameKey(r.data.name) : '')).filter(Boolean))];
  const existing = await licensesByNameKey(strapi, keysInFile);
  // The references the file names by name key, read 500 per statement before the rows run.
  await references.prefetch(read.rows.map((r) => r.references));

  /** The line that named the row's license first (this row's own when it is the first; recorded once, whichever path runs it first). */
  const firstLine = (row: ConvertedRow): number => {
    const key = nameKey(rowText(row, 'name'));
    if (rowText(row, 'name') !== '' && !lines.has(key)) lines.set(key, row.line);
    return lines.get(key) ?? row.line;
  };

  // In a commit, new licenses whose checks read nothing that could refuse them are written 250 at a
  // time (../license/bulk-insert); every other row runs on its own, through `work`.
  const bulkInsert = licenseBulkInsert(strapi);
  const bulk: BulkRows<ConvertedRow, PreparedLicense> = {
    size: BULK_SIZE,
    async prepare(row) {
      const name = rowText(row, 'name');
      if (row.errors.length || name === '' || firstLine(row) !== row.line || existing.has(nameKey(name))) return null;
      const ids = await references.resolveFound(row.references);
      if (!ids) return null;
      // The create's input as `work` builds it.
      const { keys, ...fields } = { ...row.data, ...ids } as Record<string, unknown> & { keys?: { value: string }[] };
      const input = licenseCreateSchema.safeParse({ ...fields, ...(keys ? { keys } : {}) });
      return input.success ? bulkInsert.prepare(input.data) : null;
    },
    check: (trx, list) => bulkInsert.check(trx, list, options.createScope ?? null),
    write: (trx, list) => bulkInsert.write(trx, list, actor),
    resultOf: (row) => ({ name: rowText(row, 'name'), outcome: 'created' }),
  };

  // Rows judged in one transaction (run.ts): the same name, or an inventory number one row sets and
  // another sets or frees (both unique). A case-folded number, as MySQL's unique index compares it.
  const batching = {
    keysOf: (row: ConvertedRow) => {
      const name = typeof row.data.name === 'string' ? nameKey(row.data.name) : '';
      const numbers = [row.data.inventoryNumber, existing.get(name)?.inventoryNumber].filter((n): n is string => typeof n === 'string' && n !== '');
      return [...(name ? [`name:${name}`] : []), ...numbers.map((n) => `inventoryNumber:${n.trim().toLowerCase()}`)];
    },
    rolledBack: () => references.batchRolledBack(),
    bulk,
  };

  const work = async (row: ConvertedRow) => {
    references.startRow();
    const name = typeof row.data.name === 'string' ? row.data.name : '';
    const first = firstLine(row);
    if (row.errors.length) throw new RowFailure(row.errors);
    if (name === '') fail(row, 'name', 'is required', importIssue('required'));
    if (first !== row.line) fail(row, 'name', `the same license is on line ${first} of the file`, importIssue('duplicate_row', { line: first }));

    const { ids, problems } = await references.resolve(row.references);
    if (problems.length) {
      throw new RowFailure(
        problems.map((p) => ({
          row: row.line,
          column: headerOf(p.field) ?? p.field,
          value: row.cells[p.field] ?? '',
          message: p.message,
          code: p.code,
          params: p.params,
        })),
      );
    }
    const { keys, ...fields } = { ...row.data, ...ids } as Record<string, unknown> & { keys?: { value: string }[] };
    // A license created or deleted meanwhile: the service's uniqueness check or lock refuses the row.
    const match = existing.get(nameKey(name));
    const scope = options.scope ?? null;
    // License names are unique across the register: a name outside the scope is refused, neither created nor written.
    if (match && !(await recordInScope(strapi, scope, UID.license, match.documentId))) {
      fail(row, 'name', 'names a license outside your organizations', importIssue('outside_scope'));
    }
    if (!match) {
      await license.insert(parsed(licenseCreateSchema.safeParse({ ...fields, ...(keys ? { keys } : {}) })), actor, options.createScope ?? null);
      return { name, outcome: 'created' as const };
    }
    const edit = parsed(licenseUpdateSchema.safeParse(fields));
    // A key the license holds already is not added again (checked under the license's lock).
    const newKeys = keys ? parsed(keyChangesSchema.safeParse({ add: keys })) : undefined;
    // Matched by name before the rows ran: a rename committed since then refuses the row (checked under the lock).
    let stored = '';
    const changed = await license.apply(match.documentId, newKeys ? { ...edit, keys: newKeys } : edit, actor, {
      skipHeldKeys: true,
      scope,
      expectNameKey: nameKey(name),
      onLocked: (locked) => (stored = locked.name),
    });
    // Whether the license holds the key cell's value is known only to who may reveal keys: to anyone
    // else a row with a key cell is `updated` either way, or a dry run would confirm a guessed key.
    const keyBlind = keys !== undefined && !options.revealKeys;
    // The same name without case (the lock checked it), written in the file's spelling (trimmed by the
    // schema): the report says so beside the outcome, which stays `updated`.
    const written = edit.name;
    const renamed = written !== undefined && written !== stored ? { from: stored, to: written } : undefined;
    return { name, outcome: changed || keyBlind ? ('updated' as const) : ('unchanged' as const), ...(renamed ? { renamed } : {}) };
  };

  const refuse = (error: unknown, row: ConvertedRow): { name: string; errors: ImportError[] } => {
    references.rowRolledBack();
    return {
      name: typeof row.data.name === 'string' ? row.data.name : '',
      errors: refusalOf(error, row.line, headerOf, (field) => row.cells[field] ?? ''),
    };
  };

  return runRows(strapi, newReport(read, options.dryRun), read.rows, options, work, refuse, batching);
};
