/**
 * The import service (docs/api.md, "Import and export"): an uploaded file read by the pure core
 * (./read-file), then its rows written by ./licenses or ./assignments. A problem with the whole file is
 * a 400 naming it (the option, `file`, or each bad column). Purchases are written by ./purchases.
 */
import type { Core } from '@strapi/strapi';
import type { ImportReport } from '../../../../shared/contracts/import';
import { invalid } from '../../errors';
import { importAssignments } from './assignments';
import { ImportFileError, readAssignmentImport, readLicenseImport, readPurchaseImport, type ImportFileOptions, type ReadImport } from './read-file';
import { importPurchases } from './purchases';
import { importLicenses } from './licenses';
import type { RunOptions } from './run';
import type { Scope } from '../../scope';
import { importInstallations, readInstallationImport } from './installations';

export interface ImportRequest extends ImportFileOptions, RunOptions {
  createMissing: boolean;
  /** Whether the user holds keys.reveal: only then may the report show whether a key cell is a stored key. */
  revealKeys: boolean;
  /** The importer's organization scope (../../scope): rows outside it are row errors; `createScope` the license import's creates'. */
  scope?: Scope;
  createScope?: Scope;
}

const readOrRefuse = <T = ReadImport>(read: () => T): T => {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    const problems = error.problems.length ? error.problems : [{ column: error.field, message: error.message }];
    throw invalid(
      problems.map((p) => ({ path: [p.column], message: p.message })),
      error.message,
    );
  }
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  licenses(file: Buffer, request: ImportRequest, actor: string): Promise<ImportReport> {
    return importLicenses(
      strapi,
      readOrRefuse(() => readLicenseImport(file, request)),
      request,
      actor,
    );
  },
  assignments(file: Buffer, request: ImportRequest, actor: string): Promise<ImportReport> {
    return importAssignments(
      strapi,
      readOrRefuse(() => readAssignmentImport(file, request)),
      request,
      actor,
    );
  },
  /** Installations (issue 28): each device's rows written as one push (./installations). */
  installations(file: Buffer, request: ImportRequest): Promise<ImportReport> {
    return importInstallations(
      strapi,
      readOrRefuse(() => readInstallationImport(file, request)),
      request,
    );
  },
  purchases(file: Buffer, request: ImportRequest, actor: string): Promise<ImportReport> {
    return importPurchases(
      strapi,
      readOrRefuse(() => readPurchaseImport(file, request)),
      request,
      actor,
    );
  },
});
