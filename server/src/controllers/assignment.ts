/**
 * Content API for a license's assignments. Its own controller so the list is a `find` action:
 * Strapi's read-only API tokens grant exactly the actions named find and findOne.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z } from 'zod';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../../../shared/constants';
import type { Assignment, ContentAssignment } from '../../../shared/contracts/licenses';
import { assignmentCreateSchema } from '../../../shared/schemas';
import { actorOf } from '../actor';
import { getService } from '../plugin';
import { invalid } from '../errors';
import { fieldErrorsOf, parseData } from '../validation';

const whole = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z
    .string({ error })
    .regex(/^\d{1,10}$/, { error })
    .transform(Number)
    .pipe(z.number().min(min, { error }).max(max, { error }));
};

/** page, pageSize and kind, each once; anything else is named in a 400. */
const listQuery = z
  .object({
    page: whole(1, 2 ** 31 - 1).optional(),
    pageSize: whole(1, PAGE_SIZE_MAX).optional(),
    kind: z.enum(['person', 'asset'], { error: 'must be person or asset' }).optional(),
  })
  .strict();

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** A bound key shows by documentId and label only, never a masked value. */
  const publicAssignment = (a: Assignment): ContentAssignment => ({
    ...a,
    key: a.key ? { documentId: a.key.documentId, label: a.key.label } : null,
  });

  return {
    async find(ctx: Context) {
      const parsed = listQuery.safeParse(ctx.query);
      if (!parsed.success) {
        throw invalid(
          fieldErrorsOf(parsed.error).map((e) =>
            e.message === 'is not a field of this resource' ? { ...e, message: 'is not a parameter of this list (page, pageSize, kind)' } : e,
          ),
        );
      }
      const { page = 1, pageSize = PAGE_SIZE_DEFAULT, kind } = parsed.data;
      const { data, pagination } = await getService(strapi, 'assignments').list(ctx.params.documentId, kind, page, pageSize);
      ctx.body = { data: data.map(publicAssignment), meta: { pagination } };
    },
    async create(ctx: Context) {
      const input = parseData(assignmentCreateSchema, ctx.request.body);
      ctx.status = 201;
      ctx.body = { data: publicAssignment(await getService(strapi, 'assignments').add(ctx.params.documentId, input, actorOf(ctx))), meta: {} };
    },
    async delete(ctx: Context) {
      const { documentId, assignmentDocumentId } = ctx.params;
      ctx.body = { data: await getService(strapi, 'assignments').remove(documentId, assignmentDocumentId, actorOf(ctx)), meta: {} };
    },
  };
};
