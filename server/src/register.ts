import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../../shared/constants';
import { dropCrossTableTrigger } from './db/install/sqlite-search';
import { addPersonUser } from './persons-user';

const PLUGIN_UIDS = new Set<string>(Object.values(UID));
const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);

interface Attribute {
  type: string;
  target?: string;
  component?: string;
  components?: string[];
}

/**
 * The plugin's rules (seats, encryption, money, history) live in its services. A write to its
 * types through Strapi's document service would pass none of them, so it is refused.
 *
 * Reads pass, but never with a key's `value`: the Content Manager's API answers for hidden types
 * too, to a Super Admin, and its admin sanitizer keeps private fields. So `value` is removed from
 * every license-key a document-service read returns, at the top or populated from any type.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let reachingKeys: Set<string> | null = null;

  /**
   * Whether a read of `uid` can carry a license-key, through relations, components, media or
   * morphs: every model is known once Strapi has registered them, so this is computed once, as
   * the fixed point of "has an attribute leading to a type that reaches keys".
   */
  const canReachKeys = (uid: string): boolean => {
    if (!reachingKeys) {
      const reaching = new Set<string>([UID.key]);
      const models = [...Object.entries(strapi.contentTypes), ...Object.entries(strapi.components)] as Array<
        [string, { attributes: Record<string, Attribute> }]
      >;
      const leadsToKeys = (a: Attribute) => {
        if (a.type === 'relation') return a.target ? reaching.has(a.target) : true; // a morph may hold any type
        if (a.type === 'component') return reaching.has(a.component!);
        if (a.type === 'dynamiczone') return (a.components ?? []).some((c) => reaching.has(c));
        if (a.type === 'media') return reaching.has('plugin::upload.file');
        return false;
      };
      for (let grew = true; grew; ) {
        grew = false;
        for (const [modelUid, model] of models) {
          if (!reaching.has(modelUid) && Object.values(model.attributes).some(leadsToKeys)) {
            reaching.add(modelUid);
            grew = true;
          }
        }
      }
      reachingKeys = reaching;
    }
    return reachingKeys.has(uid);
  };

  const stripKeyValues = (uid: string | undefined, data: unknown): void => {
    if (Array.isArray(data)) {
      for (const item of data) stripKeyValues(uid, item);
      return;
    }
    if (!data || typeof data !== 'object') return;
    const entry = data as Record<string, unknown>;
    // Morph relations and dynamic zones name each item's type.
    const itemUid = (entry.__type ?? entry.__component ?? uid) as string | undefined;
    if (!itemUid || !canReachKeys(itemUid)) return;
    if (itemUid === UID.key) delete entry.value;
    const model = strapi.getModel(itemUid as StrapiUID.Schema);
    for (const [name, a] of Object.entries((model?.attributes ?? {}) as Record<string, Attribute>)) {
      const value = entry[name];
      if (!value || typeof value !== 'object') continue;
      if (a.type === 'relation') stripKeyValues(a.target, value);
      else if (a.type === 'component') stripKeyValues(a.component, value);
      else if (a.type === 'dynamiczone') stripKeyValues(undefined, value);
      else if (a.type === 'media') stripKeyValues('plugin::upload.file', value);
    }
  };

  // Persons' Users & Permissions user, when the config asks for it (./persons-user).
  addPersonUser(strapi);

  // Before Strapi syncs the tables: on SQLite a trigger of the search index would stop it from
  // copying the licenses table when an upgrade changes it (db/install/sqlite-search).
  strapi.hook('strapi::content-types.beforeSync').register(() => dropCrossTableTrigger(strapi));

  strapi.documents.use(async (context, next) => {
    if (PLUGIN_UIDS.has(context.uid) && WRITES.has(context.action)) {
      throw new errors.ApplicationError(`${context.uid} is written through the license-manager API only, so that its rules always hold`);
    }
    const result = await next();
    stripKeyValues(context.uid, result);
    return result;
  });
};
