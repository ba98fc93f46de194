/** Content API: a signed-in user's own licenses (docs/api.md, "Self-service"). */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    // An API token has no person: the route answers for a signed-in Users & Permissions user only.
    const user = ctx.state.user as { id?: number; email?: string | null } | undefined;
    if (ctx.state.auth?.strategy?.name !== 'users-permissions' || typeof user?.id !== 'number') {
      throw new errors.ForbiddenError('This route answers for a signed-in user');
    }
    ctx.body = { data: await getService(strapi, 'me').licenses({ id: user.id, email: user.email }), meta: {} };
  },
});
