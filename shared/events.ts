/**
 * The plugin's webhook events (docs/api.md, "Events (webhooks)"): registered with Strapi's webhook
 * store under these keys, sent after the commit of the change they describe. `carries` is what the
 * body holds beside `event`, `createdAt` and `license` (the license as read, without keys; null for
 * an import's and the installations' events): the settings page's Events section shows it.
 */
export const LICENSE_EVENTS = {
  LICENSE_CREATE: { event: 'license.create', carries: [] },
  LICENSE_UPDATE: { event: 'license.update', carries: ['changes'] },
  LICENSE_DELETE: { event: 'license.delete', carries: [] },
  LICENSE_ASSIGN: { event: 'license.assign', carries: ['persons', 'assets'] },
  LICENSE_UNASSIGN: { event: 'license.unassign', carries: ['persons', 'assets'] },
  LICENSE_KEY_REVEAL: { event: 'license.key-reveal', carries: ['key', 'actor'] },
  LICENSE_SEATS_EXHAUSTED: { event: 'license.seats-exhausted', carries: ['seats'] },
  LICENSE_OVER_ALLOCATED: { event: 'license.over-allocated', carries: ['seats'] },
  LICENSE_EXPIRING: { event: 'license.expiring', carries: ['kind', 'offset', 'dueDate'] },
  LICENSE_PURCHASE_CREATE: { event: 'license.purchase.create', carries: ['purchase', 'seatsTotal'] },
  LICENSE_PURCHASE_UPDATE: { event: 'license.purchase.update', carries: ['purchase', 'seatsTotal'] },
  LICENSE_PURCHASE_DELETE: { event: 'license.purchase.delete', carries: ['purchase', 'seatsTotal'] },
  LICENSE_IMPORT: { event: 'license.import', carries: ['rows', 'created', 'updated', 'unchanged', 'failed', 'errors'] },
  // Installations (issue 28): about a device or a software, not a license (`license` is null, as for an import).
  INVENTORY_PUSH: { event: 'inventory.push', carries: ['device', 'asset', 'source', 'recognized', 'unrecognized', 'ignored', 'ended'] },
  INSTALLATION_UNLICENSED: { event: 'installation.unlicensed', carries: ['software', 'asset', 'device'] },
} as const;

export type LicenseEventName = (typeof LICENSE_EVENTS)[keyof typeof LICENSE_EVENTS]['event'];
