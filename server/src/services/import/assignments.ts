/**
 * The assignment import's rows: a license (by name or documentId) and one person (by e-mail or
 * employee number) or one asset (by inventory number), assigned through the assignment service,
 * so the seat rule of an API assignment decides each row. An existing assignment is unchanged.
 */
import type { Core } from '@strapi/strapi';
import type { ImportReport } from '../../../../shared/contracts/import';
import { assignmentCreateSchema } from '../../../../shared/schemas';
import { invalid } from '../../errors';
import { getService } from '../../plugin';
import { fieldErrorsOf } from '../../validation';
import { assetRefByInventoryNumber, assignmentExists, personRefFor } from '../../db/import';
import type { ConvertedRow } from './cells';
import type { ReadImport } from './read-file';
import { headersOf } from './licenses';
import { rowLicenses } from './row-license';
import type { Scope } from '../../scope';
import { problemAt, rowText } from './row';
import { newReport, refusalOf, RowFailure, runRows, type RunOptions } from './run';

const PERSON_COLUMNS = ['personEmail', 'personEmployeeNumber'] as const;

export const importAssignments = async (
  strapi: Core.Strapi,
  read: ReadImport,
  options: RunOptions & { scope?: Scope },
  actor: string,
): Promise<ImportReport> => {
  const headerOf = headersOf(read);
  const text = rowText;
  /** The column that names the row's person or asset: where a seat or assignment refusal belongs. */
  const targetField = (row: ConvertedRow) => [...PERSON_COLUMNS, 'assetInventoryNumber'].find((f) => text(row, f) !== '') ?? 'personEmail';
  const problem = problemAt(headerOf);
  const nameOf = (row: ConvertedRow) => `${text(row, 'license') || text(row, 'licenseDocumentId')} → ${text(row, targetField(row))}`;

  const licenses = await rowLicenses(
    strapi,
    read,
    (row, field) => {
      throw new RowFailure([problem(row, field, field === 'license' ? 'no license has this name' : 'refers to no license', 'no_record', { kind: 'license' })]);
    },
    options.scope,
  );

  const findTarget = async (row: ConvertedRow): Promise<{ kind: 'person' | 'asset'; id: number; documentId: string }> => {
    const given = [...PERSON_COLUMNS, 'assetInventoryNumber'].filter((f) => text(row, f) !== '');
    if (given.length === 0)
      throw new RowFailure([
        problem(row, 'personEmail', 'one of personEmail, personEmployeeNumber, assetInventoryNumber is required', 'person_or_asset_required'),
      ]);
    const asset = text(row, 'assetInventoryNumber');
    if (asset !== '' && given.length > 1) {
      throw new RowFailure([problem(row, 'assetInventoryNumber', 'a row assigns one person or one asset, not both', 'person_and_asset')]);
    }
    const kind = asset !== '' ? 'asset' : 'person';
    const found =
      kind === 'asset'
        ? await assetRefByInventoryNumber(strapi, asset)
        : await personRefFor(strapi, { email: text(row, 'personEmail'), employeeNumber: text(row, 'personEmployeeNumber') });
    if (!found) throw new RowFailure([problem(row, given[0], `refers to no ${kind}`, 'no_record', { kind })]);
    return { kind, id: found.id, documentId: found.documentId };
  };

  const work = async (row: ConvertedRow) => {
    if (row.errors.length) throw new RowFailure(row.errors);
    const license = await licenses.find(row);
    const target = await findTarget(row);
    if (await assignmentExists(strapi, license.id, target.kind, target.id)) return { name: nameOf(row), outcome: 'unchanged' as const };
    const input = assignmentCreateSchema.safeParse({ [target.kind]: target.documentId });
    if (!input.success) throw invalid(fieldErrorsOf(input.error));
    await getService(strapi, 'assignments').add(license.documentId, input.data, actor, options.scope ?? null);
    return { name: nameOf(row), outcome: 'created' as const };
  };

  const refuse = (error: unknown, row: ConvertedRow) => ({
    name: nameOf(row),
    // A seat refusal names no field: it is the row's person or asset that did not fit.
    errors: refusalOf(
      error,
      row.line,
      (f) => headerOf(f === 'person' || f === 'asset' ? targetField(row) : f),
      (f) => row.cells[f] ?? '',
    ).map((e) => (e.column === null ? { ...e, column: headerOf(targetField(row)) ?? targetField(row), value: row.cells[targetField(row)] ?? '' } : e)),
  });

  // Rows of one license are judged in one transaction (run.ts): its seats and assignments decide each of them.
  const keysOf = licenses.keysOf;

  return runRows(strapi, newReport(read, options.dryRun), read.rows, options, work, refuse, { keysOf });
};
