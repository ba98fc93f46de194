/** 409s are answered by Strapi's own error middleware: same envelope as every other error, no error log. */
import { errors } from '@strapi/utils';
import { ConflictError } from '../../server/src/errors';
import { UniqueViolation } from '../../server/src/db';

import { dirname, join } from 'node:path';

// Strapi's own error middleware (strapi::errors), which answers every plugin route.
const core = dirname(require.resolve('@strapi/core'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { errors: errorMiddleware } = require(join(core, 'middlewares/errors.js'));

/** What Strapi answers when a route throws `error`, and whether it logged an error. */
const answer = async (error: Error) => {
  const log = { error: jest.fn() };
  (globalThis as any).strapi = { log };
  const ctx: Record<string, unknown> = {};
  await errorMiddleware()(ctx, async () => {
    throw error;
  });
  delete (globalThis as any).strapi;
  return { status: ctx.status, body: ctx.body, logged: log.error.mock.calls.length > 0 };
};

describe('ConflictError', () => {
  it("is an http-errors 409 that Strapi's error middleware answers with its details, without logging it", async () => {
    const error = new ConflictError('Not enough seats: 2 requested, 1 available', { requested: 2, available: 1, used: 4, total: 5 });
    expect(error).toBeInstanceOf(errors.HttpError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.expose).toBe(true);
    expect(await answer(error)).toEqual({
      status: 409,
      logged: false,
      body: {
        data: null,
        error: {
          status: 409,
          name: 'ConflictError',
          message: 'Not enough seats: 2 requested, 1 available',
          details: { requested: 2, available: 1, used: 4, total: 5 },
        },
      },
    });
  });

  it('keeps subclasses recognisable', async () => {
    const error = new UniqueViolation('licenses_name_key_unique');
    expect(error).toBeInstanceOf(UniqueViolation);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toBeInstanceOf(errors.HttpError);
    expect(error.index).toBe('licenses_name_key_unique');
    expect(((await answer(error)).body as any).error).toEqual({
      status: 409,
      name: 'ConflictError',
      message: 'A record with these values already exists',
      details: {},
    });
  });
});
