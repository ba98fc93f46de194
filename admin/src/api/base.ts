/**
 * The plugin's slice of Strapi's admin RTK Query API (`adminApi`, as content-releases does it):
 * every endpoint of admin/src/api is injected into it, so the admin's store caches the answers and
 * a mutation refreshes exactly the queries whose tags it invalidates.
 */
import { adminApi } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';

/** The admin API's base path: Strapi mounts admin routes at /<plugin id>/... */
export const API = `/${PLUGIN_ID}`;

/**
 * What a cached answer is about. `License` is a license (id: documentId) or the lists (id: 'LIST');
 * `Assignment`, `History` and `Purchase` are a license's (id: its documentId); `Reference` a reference resource's
 * records (id: the resource's API path); `Settings` the plugin settings; `Reminder` the reminders recorded;
 * `Installation` the installations and their unrecognized names, `InstallationRule` the recognition rules,
 * `Device` the inventory devices.
 */
export const TAGS = [
  'License',
  'Assignment',
  'History',
  'Purchase',
  'Reference',
  'Settings',
  'Reminder',
  'Installation',
  'InstallationRule',
  'Device',
] as const;

export const pluginApi = adminApi.enhanceEndpoints({ addTagTypes: TAGS });

/** A license's own tags: its item and every list it may appear in (names, seats, status). */
export const licenseTags = (documentId: string) => [
  { type: 'License' as const, id: documentId },
  { type: 'License' as const, id: 'LIST' },
];

/**
 * For a page's main query: opening it asks the server again (another admin may have written since
 * the answer was cached), while the cached answer shows at once.
 */
export const FRESH_ON_OPEN = { refetchOnMountOrArgChange: true } as const;
