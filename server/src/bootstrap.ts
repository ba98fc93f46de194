import type { Core } from '@strapi/strapi';
import { ACTIONS, DEFAULT_CATEGORIES, PLUGIN_ID, UID } from '../../shared/constants';
import { fillKeptDates } from './db/purchases';
import { ensureRulesGeneration } from './db/installation-rules';
import { countReferences, insertCategories } from './db/reference';
import { fillSnapshotTotals } from './db/snapshots';
import { getService } from './plugin';
import { registerConditions, scopeHolder } from './scope';
import { deleteUploads } from './uploads';

const ACTION_NAMES: Record<keyof typeof ACTIONS, { displayName: string; subCategory: string }> = {
  read: { displayName: 'Read licenses and reference data', subCategory: 'Licenses' },
  create: { displayName: 'Create licenses', subCategory: 'Licenses' },
  update: { displayName: 'Edit licenses and their keys', subCategory: 'Licenses' },
  delete: { displayName: 'Delete licenses', subCategory: 'Licenses' },
  assign: { displayName: 'Assign persons and assets', subCategory: 'Licenses' },
  reveal: { displayName: 'Reveal license keys', subCategory: 'Keys' },
  manageReference: { displayName: 'Manage software and reference data', subCategory: 'Reference data' },
  settings: { displayName: 'Edit settings', subCategory: 'Settings' },
  manageInstallations: { displayName: 'Manage installation recognition rules and devices', subCategory: 'Installations' },
};

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Bootstrap runs after Strapi added its global middlewares and before it mounts the router: so
  // this one runs inside the body parser and around every route, policies included.
  strapi.server.use(deleteUploads);
  // And a holder of the request's organization scope, which its route's policy fills in (./scope).
  strapi.server.use(scopeHolder);

  const prefix = `plugin::${PLUGIN_ID}.`;
  await strapi.service('admin::permission').actionProvider.registerMany(
    (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).map((k) => ({
      section: 'plugins',
      pluginName: PLUGIN_ID,
      uid: ACTIONS[k].slice(prefix.length),
      displayName: ACTION_NAMES[k].displayName,
      subCategory: ACTION_NAMES[k].subCategory,
    })),
  );

  // Its RBAC conditions, offered for every action in Settings → Roles (./scope).
  await registerConditions(strapi);

  // The plugin's webhook events, so Strapi's webhook API accepts webhooks subscribed to them.
  getService(strapi, 'events').register();

  // Fails startup in production when no encryption key is configured, and whenever stored keys
  // were written with a key the configuration no longer holds (before anything is served).
  const keys = getService(strapi, 'keys');
  keys.init();
  await keys.checkStoredKeys();

  // License types (categories) seeded on first start, never over existing ones.
  if ((await countReferences(strapi, UID.category)) === 0) await insertCategories(strapi, DEFAULT_CATEGORIES);

  await getService(strapi, 'settings').init();

  // A database from before the licenses kept their seat counts gets them counted, once.
  await getService(strapi, 'seatCounts').initialize();
  // Licenses from before purchases (or written by a bulk loader) are valid, and supported, until their own dates.
  const filled = await fillKeptDates(strapi);
  if (filled) strapi.log.info(`license-manager: set ${filled} validity or support date(s) of licenses from their own dates`);
  // Terms from before the kept periods (or a bulk loader's) get them, once: the compliance report's committed cost adds them.
  const periods = await getService(strapi, 'purchases').fillPeriods();
  if (periods) strapi.log.info(`license-manager: set the periods of ${periods} license or purchase term(s)`);
  // A database from before the kept number of licenses gets it counted, once.
  await getService(strapi, 'licenseTotal').initialize();
  // The index the list's search reads (created, or refilled when it does not hold every license).
  await getService(strapi, 'licenseSearch').install();

  // The rules' generation row every rule write locks; then a pass over installations a stopped process left, and the periodic sweep.
  await ensureRulesGeneration(strapi);
  getService(strapi, 'installations').recognition.start();

  // Compliance snapshot days stored before the kept totals get them, once (db/snapshots); the trend reads them.
  await fillSnapshotTotals(strapi).then((n) => n && strapi.log.info(`license-manager: filled ${n} compliance totals row(s) of days stored before them`));
  // The daily job (renewal reminders) at the settings' time and timezone, through Strapi's cron.
  await getService(strapi, 'daily').start();
};
