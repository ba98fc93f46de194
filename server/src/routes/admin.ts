/** Admin API routes (docs/api.md): every one guarded on the server by admin::hasPermissions. */
import { ACTIONS } from '../../../shared/constants';
import { REFERENCE_NAMES, REFERENCE_RESOURCES } from '../../../shared/fields/reference';

const guard = (...actions: string[]) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions } }],
});

const route = (method: string, path: string, handler: string, action: string) => ({
  method,
  path,
  handler,
  config: guard(action),
});

const L = '/licenses/:documentId';

export default {
  type: 'admin',
  routes: [
    route('GET', '/licenses', 'adminLicense.find', ACTIONS.read),
    route('POST', '/licenses', 'adminLicense.create', ACTIONS.create),
    // Before the documentId routes, or "export" would be read as a documentId.
    route('GET', '/licenses/export', 'exportAdmin.licenses', ACTIONS.read),
    route('GET', '/assignments/export', 'exportAdmin.assignments', ACTIONS.read),
    route('GET', '/purchases/export', 'exportAdmin.purchases', ACTIONS.read),
    // Creates and updates licenses: both permissions (and reference.manage for createMissing, checked by the action).
    { method: 'POST', path: '/licenses/import', handler: 'importAdmin.licenses', config: guard(ACTIONS.create, ACTIONS.update) },
    route('POST', '/assignments/import', 'importAdmin.assignments', ACTIONS.assign),
    // Purchases are license edits (and reference.manage for createMissing, checked by the action).
    route('POST', '/purchases/import', 'importAdmin.purchases', ACTIONS.update),
    route('GET', L, 'adminLicense.findOne', ACTIONS.read),
    route('PUT', L, 'adminLicense.update', ACTIONS.update),
    route('DELETE', L, 'adminLicense.delete', ACTIONS.delete),
    route('POST', `${L}/keys`, 'adminLicense.createKey', ACTIONS.update),
    route('DELETE', `${L}/keys/:keyDocumentId`, 'adminLicense.deleteKey', ACTIONS.update),
    route('POST', `${L}/keys/:keyDocumentId/reveal`, 'adminLicense.revealKey', ACTIONS.reveal),
    route('GET', `${L}/assignments`, 'adminLicense.findAssignments', ACTIONS.read),
    route('POST', `${L}/assignments`, 'adminLicense.createAssignment', ACTIONS.assign),
    route('DELETE', `${L}/assignments/:assignmentDocumentId`, 'adminLicense.deleteAssignment', ACTIONS.assign),
    route('PUT', `${L}/persons`, 'adminLicense.setPersons', ACTIONS.assign),
    route('PUT', `${L}/assets`, 'adminLicense.setAssets', ACTIONS.assign),
    route('GET', `${L}/history`, 'adminLicense.history', ACTIONS.read),
    route('GET', `${L}/purchases`, 'purchase.find', ACTIONS.read),
    route('POST', `${L}/purchases`, 'purchase.create', ACTIONS.update),
    // Before the purchase's own routes, or "renew" would be read as a purchase's documentId.
    route('POST', `${L}/purchases/renew`, 'purchase.renew', ACTIONS.update),
    route('PUT', `${L}/purchases/:purchaseDocumentId`, 'purchase.update', ACTIONS.update),
    route('DELETE', `${L}/purchases/:purchaseDocumentId`, 'purchase.delete', ACTIONS.update),
    route('GET', '/compliance', 'complianceAdmin.find', ACTIONS.read),
    route('GET', '/compliance/trend', 'complianceAdmin.trend', ACTIONS.read),
    route('GET', '/compliance/export', 'complianceAdmin.export', ACTIONS.read),
    route('GET', '/compliance/:softwareDocumentId/reconciliation', 'complianceAdmin.reconciliation', ACTIONS.read),
    route('GET', '/settings', 'adminLicense.getSettings', ACTIONS.read),
    route('PUT', '/settings', 'adminLicense.updateSettings', ACTIONS.settings),
    route('GET', '/reminders/preview', 'reminders.preview', ACTIONS.settings),
    route('POST', '/reminders/run', 'reminders.run', ACTIONS.settings),
    route('GET', '/reminders', 'reminders.find', ACTIONS.read),
    route('GET', '/installations', 'installations.find', ACTIONS.read),
    route('GET', '/installations/recognition', 'installations.recognition', ACTIONS.read),
    route('GET', '/installations/unrecognized', 'installations.unrecognized', ACTIONS.read),
    route('GET', '/inventory-devices', 'installations.findDevices', ACTIONS.read),
    route('GET', '/assets/:documentId/licenses', 'installations.assetLicenses', ACTIONS.read),
    route('PUT', '/inventory-devices/:documentId', 'installations.linkDevice', ACTIONS.manageInstallations),
    route('POST', '/installations/import', 'importAdmin.installations', ACTIONS.manageInstallations),
    route('GET', '/installation-rules', 'installations.findRules', ACTIONS.read),
    route('POST', '/installation-rules', 'installations.createRule', ACTIONS.manageInstallations),
    // Before the documentId routes, or "test" would be read as a documentId. Reads only, so reading suffices.
    route('POST', '/installation-rules/test', 'installations.testRule', ACTIONS.read),
    route('PUT', '/installation-rules/:documentId', 'installations.updateRule', ACTIONS.manageInstallations),
    route('DELETE', '/installation-rules/:documentId', 'installations.deleteRule', ACTIONS.manageInstallations),
    ...REFERENCE_NAMES.flatMap((name) => {
      const c = REFERENCE_RESOURCES[name].controller;
      return [
        route('GET', `/${name}`, `${c}.find`, ACTIONS.read),
        route('POST', `/${name}`, `${c}.create`, ACTIONS.manageReference),
        route('GET', `/${name}/:documentId`, `${c}.findOne`, ACTIONS.read),
        route('PUT', `/${name}/:documentId`, `${c}.update`, ACTIONS.manageReference),
        route('DELETE', `/${name}/:documentId`, `${c}.delete`, ACTIONS.manageReference),
      ];
    }),
  ],
};
