import { useRBAC } from '@strapi/strapi/admin';
import { ALL_PERMISSIONS, INSTALLATION_PERMISSIONS, WEBHOOK_PERMISSIONS } from '../permissions';

/** What the current admin user may do in the plugin (the server checks each request again). */
export const usePermissions = () => {
  const { allowedActions, isLoading } = useRBAC(ALL_PERMISSIONS);
  return {
    isLoading,
    canRead: !!allowedActions.canRead,
    canCreate: !!allowedActions.canCreate,
    canUpdate: !!allowedActions.canUpdate,
    canDelete: !!allowedActions.canDelete,
    canAssign: !!allowedActions.canAssign,
    canReveal: !!allowedActions.canReveal,
    canManageReference: !!allowedActions.canManage,
    canEditSettings: !!allowedActions.canSettings,
  };
};

/** Whether the current admin user may add the plugin's events to a Strapi webhook. */
export const useWebhookPermissions = () => {
  const { allowedActions, isLoading } = useRBAC(WEBHOOK_PERMISSIONS);
  return { isLoading, canSubscribe: !!allowedActions.canRead && !!allowedActions.canUpdate };
};

/** Whether the current admin user may write recognition rules and link devices (installations.manage, asked on its own: see permissions.ts). */
export const useInstallationPermissions = () => {
  const { allowedActions, isLoading } = useRBAC(INSTALLATION_PERMISSIONS);
  return { isLoading, canManageInstallations: !!allowedActions.canManage };
};
