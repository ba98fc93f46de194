/**
 * Answers a ConflictError as 409 in Strapi's error envelope. A refusal about the current state
 * (seats, a taken name, data in use) is an expected answer, not a server error to log.
 */
import type { Context, Next } from 'koa';
import { ConflictError } from '../errors';

export default () => async (ctx: Context, next: Next) => {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    ctx.status = 409;
    ctx.body = { data: null, error: { status: 409, name: error.name, message: error.message, details: error.details } };
  }
};
