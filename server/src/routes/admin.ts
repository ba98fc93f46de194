/**
 * Admin API routes (docs/api.md): every one guarded on the server by admin::hasPermissions and by
 * the plugin's `scope` policy (../policies/scope), which says how a condition on its action narrows it.
 */
import { ACTIONS, UID } from '../../../shared/constants';
import { REFERENCE_NAMES, REFERENCE_RESOURCES } from '../../../shared/fields/reference';
import type { ReferenceName } from '../../../shared/fields/types';
import type { ScopeMode } from '../policies/scope';

const guard = (actions: string[], mode: ScopeMode) => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions } },
    // Each action's scope: the first is the route's own (a route with two checks both).
    ...actions.map((action) => ({ name: 'plugin::license-manager.scope', config: { action, mode } })),
  ],
});

const ALL: ScopeMode = { kind: 'all' };
const SCOPED: ScopeMode = { kind: 'scoped' };
const UNCONDITIONED: ScopeMode = { kind: 'unconditioned' };
const LICENSE: ScopeMode = { kind: 'record', uid: UID.license, param: 'documentId', noun: 'License' };

const route = (method: string, path: string, handler: string, action: string, mode: ScopeMode) => ({
  method,
  path,
  handler,
  config: guard([action], mode),
});

const recordOf = (uid: (typeof UID)[keyof typeof UID], noun: string): ScopeMode => ({ kind: 'record', uid, param: 'documentId', noun });
/** Persons, assets and units belong to an organization, so conditions narrow them; software, license types and locations are shared by all. */
const REFERENCE_SCOPE: Record<ReferenceName, { find: ScopeMode; create: ScopeMode; findOne: ScopeMode; write: ScopeMode }> = {
  software: { find: ALL, create: ALL, findOne: ALL, write: ALL },
  categories: { find: ALL, create: ALL, findOne: ALL, write: ALL },
  locations: { find: ALL, create: ALL, findOne: ALL, write: ALL },
  persons: { find: SCOPED, create: SCOPED, findOne: recordOf(UID.person, 'Person'), write: recordOf(UID.person, 'Person') },
  assets: { find: SCOPED, create: SCOPED, findOne: recordOf(UID.asset, 'Asset'), write: recordOf(UID.asset, 'Asset') },
  'organizational-units': {
    find: SCOPED,
    create: SCOPED,
    findOne: recordOf(UID.organizationalUnit, 'Organizational unit'),
    write: recordOf(UID.organizationalUnit, 'Organizational unit'),
  },
  // Read by all (suppliers and manufacturers are organizations too); changed only where administered.
  organizations: { find: ALL, create: SCOPED, findOne: ALL, write: recordOf(UID.organization, 'Organization') },
};

const L = '/licenses/:documentId';

export default {
  type: 'admin',
  routes: [
    route('GET', '/licenses', 'adminLicense.find', ACTIONS.read, SCOPED),
    route('POST', '/licenses', 'adminLicense.create', ACTIONS.create, SCOPED),
    // Before the documentId routes, or "export" would be read as a documentId.
    route('GET', '/licenses/export', 'exportAdmin.licenses', ACTIONS.read, SCOPED),
    route('GET', '/assignments/export', 'exportAdmin.assignments', ACTIONS.read, SCOPED),
    route('GET', '/purchases/export', 'exportAdmin.purchases', ACTIONS.read, SCOPED),
    // Creates and updates licenses: both permissions (and reference.manage for createMissing, checked by the action).
    { method: 'POST', path: '/licenses/import', handler: 'importAdmin.licenses', config: guard([ACTIONS.create, ACTIONS.update], SCOPED) },
    route('POST', '/assignments/import', 'importAdmin.assignments', ACTIONS.assign, SCOPED),
    // Purchases are license edits (and reference.manage for createMissing, checked by the action).
    route('POST', '/purchases/import', 'importAdmin.purchases', ACTIONS.update, SCOPED),
    route('GET', L, 'adminLicense.findOne', ACTIONS.read, LICENSE),
    route('PUT', L, 'adminLicense.update', ACTIONS.update, LICENSE),
    route('DELETE', L, 'adminLicense.delete', ACTIONS.delete, LICENSE),
    route('POST', `${L}/keys`, 'adminLicense.createKey', ACTIONS.update, LICENSE),
    route('DELETE', `${L}/keys/:keyDocumentId`, 'adminLicense.deleteKey', ACTIONS.update, LICENSE),
    route('POST', `${L}/keys/:keyDocumentId/reveal`, 'adminLicense.revealKey', ACTIONS.reveal, LICENSE),
    route('GET', `${L}/assignments`, 'adminLicense.findAssignments', ACTIONS.read, LICENSE),
    route('POST', `${L}/assignments`, 'adminLicense.createAssignment', ACTIONS.assign, LICENSE),
    route('DELETE', `${L}/assignments/:assignmentDocumentId`, 'adminLicense.deleteAssignment', ACTIONS.assign, LICENSE),
    route('PUT', `${L}/persons`, 'adminLicense.setPersons', ACTIONS.assign, LICENSE),
    route('PUT', `${L}/assets`, 'adminLicense.setAssets', ACTIONS.assign, LICENSE),
    route('GET', `${L}/history`, 'adminLicense.history', ACTIONS.read, LICENSE),
    route('GET', `${L}/purchases`, 'purchase.find', ACTIONS.read, LICENSE),
    route('POST', `${L}/purchases`, 'purchase.create', ACTIONS.update, LICENSE),
    // Before the purchase's own routes, or "renew" would be read as a purchase's documentId.
    route('POST', `${L}/purchases/renew`, 'purchase.renew', ACTIONS.update, LICENSE),
    route('PUT', `${L}/purchases/:purchaseDocumentId`, 'purchase.update', ACTIONS.update, LICENSE),
    route('DELETE', `${L}/purchases/:purchaseDocumentId`, 'purchase.delete', ACTIONS.update, LICENSE),
    route('GET', '/compliance', 'complianceAdmin.find', ACTIONS.read, SCOPED),
    route('GET', '/compliance/trend', 'complianceAdmin.trend', ACTIONS.read, SCOPED),
    route('GET', '/compliance/export', 'complianceAdmin.export', ACTIONS.read, SCOPED),
    route('GET', '/compliance/:softwareDocumentId/reconciliation', 'complianceAdmin.reconciliation', ACTIONS.read, SCOPED),
    route('GET', '/administrators', 'administrators.find', ACTIONS.manageReference, UNCONDITIONED),
    // Users & Permissions users belong to no organization: the person form's picker lists them to whoever manages persons.
    route('GET', '/users', 'administrators.users', ACTIONS.manageReference, ALL),
    route('GET', '/settings', 'adminLicense.getSettings', ACTIONS.read, ALL),
    route('PUT', '/settings', 'adminLicense.updateSettings', ACTIONS.settings, UNCONDITIONED),
    route('GET', '/reminders/preview', 'reminders.preview', ACTIONS.settings, SCOPED),
    route('POST', '/reminders/run', 'reminders.run', ACTIONS.settings, UNCONDITIONED),
    route('GET', '/reminders', 'reminders.find', ACTIONS.read, SCOPED),
    route('GET', '/installations', 'installations.find', ACTIONS.read, SCOPED),
    route('GET', '/installations/recognition', 'installations.recognition', ACTIONS.read, ALL),
    route('GET', '/installations/unrecognized', 'installations.unrecognized', ACTIONS.read, SCOPED),
    route('GET', '/inventory-devices', 'installations.findDevices', ACTIONS.read, SCOPED),
    route('GET', '/assets/:documentId/licenses', 'installations.assetLicenses', ACTIONS.read, {
      kind: 'record',
      uid: UID.asset,
      param: 'documentId',
      noun: 'Asset',
    }),
    route('PUT', '/inventory-devices/:documentId', 'installations.linkDevice', ACTIONS.manageInstallations, UNCONDITIONED),
    route('POST', '/installations/import', 'importAdmin.installations', ACTIONS.manageInstallations, UNCONDITIONED),
    route('GET', '/installation-rules', 'installations.findRules', ACTIONS.read, ALL),
    route('POST', '/installation-rules', 'installations.createRule', ACTIONS.manageInstallations, ALL),
    // Before the documentId routes, or "test" would be read as a documentId. Reads only, so reading suffices.
    route('POST', '/installation-rules/test', 'installations.testRule', ACTIONS.read, ALL),
    route('PUT', '/installation-rules/:documentId', 'installations.updateRule', ACTIONS.manageInstallations, ALL),
    route('DELETE', '/installation-rules/:documentId', 'installations.deleteRule', ACTIONS.manageInstallations, ALL),
    ...REFERENCE_NAMES.flatMap((name) => {
      const c = REFERENCE_RESOURCES[name].controller;
      return [
        route('GET', `/${name}`, `${c}.find`, ACTIONS.read, REFERENCE_SCOPE[name].find),
        route('POST', `/${name}`, `${c}.create`, ACTIONS.manageReference, REFERENCE_SCOPE[name].create),
        route('GET', `/${name}/:documentId`, `${c}.findOne`, ACTIONS.read, REFERENCE_SCOPE[name].findOne),
        route('PUT', `/${name}/:documentId`, `${c}.update`, ACTIONS.manageReference, REFERENCE_SCOPE[name].write),
        route('DELETE', `/${name}/:documentId`, `${c}.delete`, ACTIONS.manageReference, REFERENCE_SCOPE[name].write),
      ];
    }),
  ],
};
