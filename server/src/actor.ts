/** Who made a request, as written to the history and to `assignedBy`. */
import type { Context } from 'koa';

/** Bounded to the 255 characters of the column it is written to. */
export const actorOf = (ctx: Context): string => describe(ctx).slice(0, 255);

const describe = (ctx: Context): string => {
  const auth = ctx.state?.auth as { strategy?: { name?: string }; credentials?: { id?: number; name?: string } } | undefined;
  const user = ctx.state?.user as { id?: number; email?: string; username?: string } | undefined;
  const strategy = auth?.strategy?.name;
  const token = auth?.credentials?.name ?? auth?.credentials?.id ?? 'unknown';
  // An admin token (Strapi 5.5x) acts for the admin user who owns it: name both.
  if (strategy === 'admin-token') return `admin:${user?.email ?? user?.id ?? 'unknown'} (admin-token:${token})`;
  // 'api-token' before Strapi 5.5x, 'content-api-token' since.
  if (strategy?.endsWith('token')) return `api-token:${token}`;
  if (strategy === 'users-permissions') return `user:${user?.username ?? user?.email ?? user?.id ?? 'unknown'}`;
  if (user?.email) return `admin:${user.email}`;
  return 'system';
};
