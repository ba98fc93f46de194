/**
 * Admin API: the CSV imports (docs/api.md, "Import and export"). The file comes as Strapi's body
 * parser gives a multipart upload (`ctx.request.files.file`, written to a temporary file that
 * ../uploads.ts deletes once the request is answered); the options are the form's text fields.
 */
import { readFile } from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { ACTIONS } from '../../../shared/constants';
import type { ImportReport } from '../../../shared/contracts/import';
import { IMPORT_DEFAULTS, IMPORT_ON_ERROR } from '../../../shared/import/options';
import { actorOf } from '../actor';
import { invalid, invalidField } from '../errors';
import { getService } from '../plugin';
import { scopeOf } from '../scope';
import type { ImportRequest } from '../services/import';
import { fieldErrorsOf } from '../validation';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const flag = (name: string, fallback: boolean) =>
  z
    .enum(['true', 'false'], { error: `${name} must be true or false` })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true'));

// Format options are checked by the reader (their values live there); these decide what is written.
const optionsSchema = z.object({
  dryRun: flag('dryRun', IMPORT_DEFAULTS.dryRun),
  onError: z.enum(IMPORT_ON_ERROR, { error: `onError must be ${IMPORT_ON_ERROR.join(' or ')}` }).default(IMPORT_DEFAULTS.onError),
  createMissing: flag('createMissing', IMPORT_DEFAULTS.createMissing),
  dateFormat: z.string().optional(),
  decimalSeparator: z.string().optional(),
  delimiter: z.string().optional(),
  encoding: z.string().optional(),
});

type Upload = { filepath?: string; path?: string; size: number };

/** The uploaded file's bytes and the options; a missing file or bad option is a 400 naming it, a file over 20 MB a 413. */
const readRequest = async (ctx: Context): Promise<{ file: Buffer; request: ImportRequest }> => {
  const files = (ctx.request as unknown as { files?: Record<string, Upload | Upload[]> }).files;
  const upload = files?.file;
  const one = Array.isArray(upload) ? upload[0] : upload;
  if (!one || (Array.isArray(upload) && upload.length > 1)) throw invalidField('file', 'one CSV file is required in the form field "file"');
  if (one.size > MAX_IMPORT_BYTES) throw new errors.PayloadTooLargeError('The file is larger than 20 MB; split it into smaller files');
  // An empty form field is as if it were not sent (a form posts every field).
  const fields = Object.fromEntries(Object.entries((ctx.request.body ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''));
  const options = optionsSchema.safeParse(fields);
  if (!options.success) throw invalid(fieldErrorsOf(options.error));
  // Read before any check that could write: an upload that cannot be read is the client's 400, not a 500.
  const file = await readFile((one.filepath ?? one.path)!).catch(() => {
    throw invalidField('file', 'the uploaded file could not be read; send it again');
  });
  return { file, request: options.data as ImportRequest };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** A commit under `abort` that met errors wrote nothing: a 400 with the report. */
  const answer = (ctx: Context, report: ImportReport) => {
    if (!report.dryRun && !report.committed) {
      const n = report.errors.length;
      throw new errors.ValidationError(`The file has ${n} error${n === 1 ? '' : 's'}: nothing was imported`, report);
    }
    ctx.body = { data: report, meta: {} };
  };

  /** Creating software, organizations and the like is reference management. */
  const mayCreateMissing = (ctx: Context, request: ImportRequest) => {
    if (request.createMissing && !(ctx.state.userAbility?.can(ACTIONS.manageReference) ?? false)) {
      throw new errors.ForbiddenError('createMissing needs the permission to manage reference data');
    }
  };

  return {
    async licenses(ctx: Context) {
      const { file, request } = await readRequest(ctx);
      mayCreateMissing(ctx, request);
      const revealKeys = ctx.state.userAbility?.can(ACTIONS.reveal) ?? false;
      answer(
        ctx,
        await getService(strapi, 'import').licenses(
          file,
          { ...request, revealKeys, scope: scopeOf(ctx, ACTIONS.update), createScope: scopeOf(ctx, ACTIONS.create) },
          actorOf(ctx),
        ),
      );
    },
    async assignments(ctx: Context) {
      const { file, request } = await readRequest(ctx);
      answer(
        ctx,
        await getService(strapi, 'import').assignments(file, { ...request, createMissing: false, revealKeys: false, scope: scopeOf(ctx) }, actorOf(ctx)),
      );
    },
    /** Installations: no references to create, no keys. */
    async installations(ctx: Context) {
      const { file, request } = await readRequest(ctx);
      answer(ctx, await getService(strapi, 'import').installations(file, { ...request, createMissing: false, revealKeys: false }));
    },
    async purchases(ctx: Context) {
      const { file, request } = await readRequest(ctx);
      mayCreateMissing(ctx, request);
      answer(ctx, await getService(strapi, 'import').purchases(file, { ...request, revealKeys: false, scope: scopeOf(ctx) }, actorOf(ctx)));
    },
  };
};
