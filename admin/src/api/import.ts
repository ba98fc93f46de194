/**
 * The CSV imports (docs/api.md, "Import and export"): the upload, and the cache tags a written
 * import invalidates. The file goes through the admin's fetch client (it sends the user's token and
 * leaves a FormData's content type to the browser) rather than an RTK Query mutation, whose state
 * would hold the File; a tag-only mutation then refreshes what the import wrote.
 */
import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';
import type { ImportOptions, ImportReport } from '../../../shared/contracts/import';
import { API, pluginApi } from './base';
import type { ApiErrorBody } from './errors';

export type { ImportError, ImportOptions, ImportOutcome, ImportReport, ImportResult } from '../../../shared/contracts/import';

export type ImportKind = 'licenses' | 'assignments' | 'purchases' | 'installations';

/**
 * What a written import changes: licenses (items, lists, seats), their assignments (a quantity or
 * model may change which use seats) and history, their purchases; reference lists when it created
 * missing records. An installations import: the installations and devices (each device's rows a push).
 */
const writtenTags = ({ kind, createMissing }: { kind: ImportKind; createMissing: boolean }) =>
  kind === 'installations' ? (['Installation', 'Device'] as const) : licenseTags({ kind, createMissing });
/** What a license, assignment or purchase import writes. */
const licenseTags = ({ kind, createMissing }: { kind: ImportKind; createMissing: boolean }) => [
  'License' as const,
  'Assignment' as const,
  'History' as const,
  ...(kind === 'purchases' ? ['Purchase' as const] : []),
  ...(kind !== 'assignments' && createMissing ? ['Reference' as const] : []),
];

const importApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    importWritten: build.mutation<null, { kind: ImportKind; createMissing: boolean }>({
      queryFn: () => ({ data: null }),
      invalidatesTags: (_result, _error, arg) => writtenTags(arg),
    }),
  }),
});

/** The error body the pages read (errors.ts), from what the fetch client throws. */
const errorBodyOf = (error: unknown): ApiErrorBody => {
  if (isFetchError(error)) {
    const body = (error.response?.data as { error?: ApiErrorBody } | undefined)?.error;
    return body ?? { status: error.status, name: 'UnknownError', message: error.message };
  }
  return { name: 'UnknownError', message: error instanceof Error ? error.message : String(error) };
};

/**
 * A commit that `abort` refused (400, nothing written): its report and message, or undefined for any
 * other error. Its `details` is the report, not field errors: errors.ts's field reading does not apply.
 */
export const refusalOf = (error: unknown): { report: ImportReport; message: string } | undefined => {
  const body = error as ApiErrorBody | undefined;
  const details = body?.details as Partial<ImportReport> | undefined;
  return body?.status === 400 && details && Array.isArray(details.results) && typeof details.rows === 'number'
    ? { report: details as ImportReport, message: body.message ?? '' }
    : undefined;
};

/**
 * `run(file, options)`: posts the file with the options as form fields and resolves to the report;
 * rejects with the API error body (`{ status, message, details }`) as the data layer's mutations do.
 */
export const useImportFile = (kind: ImportKind) => {
  const { post } = useFetchClient();
  const [importWritten] = importApi.useImportWrittenMutation();
  return React.useCallback(
    async (file: File, options: ImportOptions): Promise<ImportReport> => {
      const form = new FormData();
      form.append('file', file);
      for (const [name, value] of Object.entries(options)) if (value !== undefined) form.append(name, String(value));
      let report: ImportReport;
      try {
        report = ((await post(`${API}/${kind}/import`, form)) as { data: { data: ImportReport } }).data.data;
      } catch (error) {
        throw errorBodyOf(error);
      }
      if (report.committed) await importWritten({ kind, createMissing: !!options.createMissing });
      return report;
    },
    [post, kind, importWritten],
  );
};
