/**
 * The one source for the plugin's identifiers: UIDs, RBAC action ids and list limits.
 * Server and admin both import this file.
 */
import type { ReminderSettings } from './contracts/settings';

export const PLUGIN_ID = 'license-manager' as const;

const uid = <T extends string>(name: T) => `plugin::${PLUGIN_ID}.${name}` as const;

export const UID = {
  license: uid('license'),
  category: uid('license-category'),
  software: uid('software'),
  key: uid('license-key'),
  assignment: uid('license-assignment'),
  person: uid('person'),
  asset: uid('asset'),
  organization: uid('organization'),
  organizationalUnit: uid('organizational-unit'),
  location: uid('location'),
  event: uid('license-event'),
  reminder: uid('license-reminder'),
  complianceSnapshot: uid('compliance-snapshot'),
  complianceScopeSnapshot: uid('compliance-scope-snapshot'),
  complianceSnapshotTotal: uid('compliance-snapshot-total'),
  compliancePosition: uid('compliance-position'),
  compliancePositionCost: uid('compliance-position-cost'),
  compliancePositionRow: uid('compliance-position-row'),
  complianceChange: uid('compliance-change'),
  licenseTally: uid('license-tally'),
  purchase: uid('license-purchase'),
  inventoryDevice: uid('inventory-device'),
  installation: uid('installation'),
  installationRule: uid('installation-rule'),
  recognitionState: uid('recognition-state'),
} as const;

export type PluginUid = (typeof UID)[keyof typeof UID];

const action = <T extends string>(name: T) => `plugin::${PLUGIN_ID}.${name}` as const;

/** Admin RBAC actions (docs/domain.md, "Permissions"). */
export const ACTIONS = {
  read: action('licenses.read'),
  create: action('licenses.create'),
  update: action('licenses.update'),
  delete: action('licenses.delete'),
  assign: action('licenses.assign'),
  reveal: action('keys.reveal'),
  manageReference: action('reference.manage'),
  settings: action('settings'),
  manageInstallations: action('installations.manage'),
} as const;

/**
 * The plugin's RBAC conditions (docs/domain.md, "Permissions"): on any of its actions they narrow
 * the records the action applies to, to those of the admin user's organizations or units.
 */
const condition = <T extends string>(name: T) => `plugin::${PLUGIN_ID}.${name}` as const;
export const CONDITIONS = {
  organizations: { id: condition('in-my-organizations'), name: 'in-my-organizations', displayName: 'Is in one of my organizations' },
  units: { id: condition('in-my-units'), name: 'in-my-units', displayName: 'Is in my organizational unit or below' },
} as const;
/** The most admin users one organization or unit names as its administrators. */
export const ADMINISTRATORS_MAX = 100;

/**
 * How a license counts its seats (docs/domain.md, "Seats"): a person, a computer, the cores or the
 * processors of an asset; or not at all (`site`: any number of persons and assets, recorded only).
 */
export const ASSIGNMENT_MODELS = ['per_user', 'per_computer', 'per_core', 'per_processor', 'site'] as const;
export type AssignmentModel = (typeof ASSIGNMENT_MODELS)[number];
/** Whether a model limits its seats: every model but `site`, whose quantity is optional and whose `seats.total` is null. */
export const seatLimited = (model: AssignmentModel): boolean => model !== 'site';
/** The models that count an asset's hardware: assigned to assets only, their seats are units (cores, processors). */
export const HARDWARE_MODELS = ['per_core', 'per_processor'] as const satisfies readonly AssignmentModel[];
/** What one seat of a model is: the word the list, detail, compliance and CSV put after a number. */
export const SEAT_UNITS = { per_user: 'seats', per_computer: 'seats', per_core: 'cores', per_processor: 'processors', site: 'seats' } as const satisfies Record<
  AssignmentModel,
  string
>;
export type SeatUnit = (typeof SEAT_UNITS)[AssignmentModel];
/** A per-core license's core factor (Oracle's table runs 0.25..1; some vendors count 2 or 4 per core). */
export const CORE_FACTOR_RANGE = { min: '0.25', max: '4' } as const;

export const OVER_ASSIGNMENT_POLICIES = ['block', 'allow'] as const;
export type OverAssignment = (typeof OVER_ASSIGNMENT_POLICIES)[number];

export const LICENSE_STATUSES = ['active', 'expiring', 'expired'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** How a purchase (and a license, its first purchase) is paid: once, or each period of its term (docs/domain.md, "Purchases"). */
export const BILLINGS = ['one_time', 'monthly', 'quarterly', 'yearly'] as const;
export type Billing = (typeof BILLINGS)[number];
export type RecurringBilling = Exclude<Billing, 'one_time'>;
export const RECURRING_BILLINGS = BILLINGS.filter((b): b is RecurringBilling => b !== 'one_time');

export const ASSET_TYPES = ['computer', 'laptop', 'server', 'virtual_machine', 'mobile', 'other'] as const;

export const EVENT_ACTIONS = [
  'created',
  'updated',
  'deleted',
  'assigned',
  'unassigned',
  'key_added',
  'key_removed',
  'key_revealed',
  'reminder_sent',
  'purchase_added',
  'purchase_updated',
  'purchase_removed',
  // The daily job: a purchase's term began or ended, and the seat total or validity with it.
  'term_changed',
  // An assigned asset's processors or cores changed, and the units it uses on a per-core or per-processor license.
  'units_changed',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** Renewal reminders (docs/domain.md): the license date each kind is about. */
export const REMINDER_KINDS = ['expiration', 'support'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
/** Kept license columns (docs/domain.md, "Purchases"): the last day its terms cover, its latest support end. */
export const REMINDER_DATE_FIELD = { expiration: 'validUntil', support: 'supportUntil' } as const satisfies Record<ReminderKind, string>;
/** `sending`: claimed by a run that is delivering it now (seconds); `sent` and `failed` as the contract says. */
/**
 * The reminder settings before any are saved: the server's defaults and the admin form's start.
 * On by default: with no recipients and no license `notifyEmails` nothing is sent, and once an
 * address is given the stages go out without a second switch to find.
 */
export const REMINDER_DEFAULTS: ReminderSettings = {
  enabled: true,
  offsets: [90, 30, 7, 0],
  kinds: [...REMINDER_KINDS],
  recipients: [],
  time: '07:00',
  timezone: 'UTC',
};

export const REMINDER_STATES = ['sending', 'sent', 'failed'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];
/** A failed reminder is tried again by the next runs, up to this many attempts in all. */
export const REMINDER_MAX_ATTEMPTS = 3;
export const REMINDER_OFFSETS_MAX = 6;
export const REMINDER_RECIPIENTS_MAX = 50;
export const NOTIFY_EMAILS_MAX = 10;

/** The license list's sort whitelist (docs/api.md). */
export const LICENSE_SORTS = [
  'name',
  'expirationDate',
  'validUntil',
  'purchaseDate',
  'quantity',
  'seatsUsed',
  'grossUnitPrice',
  'createdAt',
  'updatedAt',
] as const;
export type LicenseSort = (typeof LICENSE_SORTS)[number];

export const PAGE_SIZE_DEFAULT = 10;
export const PAGE_SIZE_MAX = 100;

/** Categories seeded on first start (docs/domain.md). */
export const DEFAULT_CATEGORIES = ['Open/MOLP', 'OEM', 'Retail (FPP)', 'Volume', 'Subscription', 'Freeware', 'Open source', 'Trial'] as const;

export const MONEY_MAX = '999999999999.99';
export const QUANTITY_MAX = 1_000_000;
/** An asset's processors and cores per processor: what per-processor and per-core licenses count (issue 27). */
export const ASSET_HARDWARE_MAX = 1024;
/** Purchases one license may have besides its own first one. */
export const PURCHASES_MAX = 1000;
export const KEY_VALUE_MAX = 4096;
/** How a recognition rule matches a reported name or publisher (docs/domain.md, "Installations"). */
export const MATCH_OPS = ['equals', 'contains', 'regex'] as const;
export type MatchOp = (typeof MATCH_OPS)[number];

/** One device's inventory push (docs/api.md, "Inventory"): at most this many software entries, and this many bytes (413 past it). */
export const INVENTORY_ENTRIES_MAX = 5000;
export const INVENTORY_BYTES_MAX = 2 * 1024 * 1024;
/** What a rule made of an installation (docs/domain.md, "Installations"). */
export const RECOGNITIONS = ['recognized', 'unrecognized', 'ignored'] as const;
export type Recognition = (typeof RECOGNITIONS)[number];
/** The installations list's states: a recognition, or a device matching no asset, or not seen within staleAfterDays. */
export const INSTALLATION_STATES = [...RECOGNITIONS, 'unmatched', 'stale'] as const;
export type InstallationState = (typeof INSTALLATION_STATES)[number];
/** The setting staleAfterDays before any is saved. */
export const STALE_AFTER_DAYS_DEFAULT = 30;
/** Rules there may be in all (each push tries them in order on every entry). */
export const INSTALLATION_RULES_MAX = 1000;
