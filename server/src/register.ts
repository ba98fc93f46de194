import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../shared/constants';

const PLUGIN_UIDS = new Set<string>(Object.values(UID));
const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);

/**
 * The plugin's rules (seats, encryption, money, history) live in its services. A write to its
 * types through Strapi's document service would pass none of them, so it is refused.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.documents.use(async (context, next) => {
    if (PLUGIN_UIDS.has(context.uid) && WRITES.has(context.action)) {
      throw new errors.ApplicationError(
        `${context.uid} is written through the license-manager API only, so that its rules always hold`
      );
    }
    return next();
  });
};
