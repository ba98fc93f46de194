/**
 * Uploads are never kept. Strapi's body parser (koa-body/formidable) writes every multipart file
 * to the temporary folder (readable by other local users) and removes only its own `files` field;
 * an import file holds license keys in plain text. This koa middleware, mounted after the global
 * middlewares (so after the body parser) and before the router, deletes every uploaded file of a
 * request to one of the plugin's routes once that request is answered, whatever the answer:
 * Strapi's 401/403 (authentication and policies run inside the route, before any route middleware
 * or controller), a 400, a 413, an error thrown, or a success.
 */
import { rm } from 'node:fs/promises';
import type { Context, Next } from 'koa';
import { PLUGIN_ID } from '../../shared/constants';

interface Upload {
  filepath?: string;
  path?: string;
}

/** Every file path of `ctx.request.files`: every field, single files and arrays alike. */
export const uploadedPaths = (files: unknown): string[] =>
  Object.values((files ?? {}) as Record<string, Upload | Upload[] | undefined>)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .map((f) => f?.filepath ?? f?.path)
    .filter((p): p is string => typeof p === 'string' && p !== '');

export const deleteUploads = async (ctx: Context, next: Next): Promise<void> => {
  try {
    await next();
  } finally {
    // The route is known once the router matched it (Strapi's route-info middleware runs first).
    const route = ctx.state?.route as { info?: { pluginName?: string } } | undefined;
    if (route?.info?.pluginName === PLUGIN_ID) {
      // Awaited: the answer leaves only once the files are gone. `force` ignores one already removed.
      await Promise.all(uploadedPaths((ctx.request as { files?: unknown }).files).map((p) => rm(p, { force: true })));
    }
  }
};
