/** The RBAC permissions the admin pages check, built from the shared action ids. */
import type { Permission } from '@strapi/strapi/admin';
import { ACTIONS } from '../../shared/constants';

// Strapi's own plugins pass { action, subject: null }; the rest of a Permission is filled by the admin.
const p = (action: string) => [{ action, subject: null }] as Permission[];

export const PERMISSIONS = {
  read: p(ACTIONS.read),
  create: p(ACTIONS.create),
  update: p(ACTIONS.update),
  delete: p(ACTIONS.delete),
  assign: p(ACTIONS.assign),
  reveal: p(ACTIONS.reveal),
  manageReference: p(ACTIONS.manageReference),
  settings: p(ACTIONS.settings),
  manageInstallations: p(ACTIONS.manageInstallations),
};

/**
 * Every plugin action at once, for useRBAC. Its answer names each by the action's last segment:
 * canRead, canCreate, canUpdate, canDelete, canAssign, canReveal, canManage, canSettings.
 */
export const ALL_PERMISSIONS = Object.entries(PERMISSIONS)
  .filter(([name]) => name !== 'manageInstallations')
  .flatMap(([, permissions]) => permissions);
/** installations.manage would also answer as canManage (the last segment): asked on its own where the installations pages need it. */
export const INSTALLATION_PERMISSIONS = PERMISSIONS.manageInstallations;

/**
 * Strapi's own webhook permissions, which its webhook API checks: reading and updating webhooks
 * lets the settings page's Events section add the plugin's events to one (canRead, canUpdate).
 */
export const WEBHOOK_PERMISSIONS = [...p('admin::webhooks.read'), ...p('admin::webhooks.update')];
