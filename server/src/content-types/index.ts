/**
 * The plugin's content types (docs/domain.md). Relations are many-to-one foreign-key columns
 * (`useJoinTable: false`, as Strapi's own createdBy/updatedBy): seat counts, filters and unique
 * indexes then work on plain indexed columns instead of link tables.
 * None is shown in the Content Manager: every write goes through the plugin's services.
 */
import {
  ASSET_HARDWARE_MAX,
  ASSET_TYPES,
  ASSIGNMENT_MODELS,
  BILLINGS,
  EVENT_ACTIONS,
  OVER_ASSIGNMENT_POLICIES,
  QUANTITY_MAX,
  REMINDER_KINDS,
  REMINDER_STATES,
  UID,
} from '../../../shared/constants';
import { collection, manyToOne, seatCount, text } from './define';
import { installation, installationRule, inventoryDevice, recognitionState } from './installation';
import purchase from './purchase';
import { complianceScopeSnapshot, complianceSnapshot, complianceSnapshotTotal } from './snapshot';
import { complianceChange, compliancePosition, compliancePositionCost, compliancePositionRow } from './position';

export default {
  license: collection(
    'license',
    'licenses',
    'License',
    {
      name: text(255, { required: true }),
      category: manyToOne(UID.category),
      software: manyToOne(UID.software),
      organization: manyToOne(UID.organization),
      organizationalUnit: manyToOne(UID.organizationalUnit),
      locationStructure: manyToOne(UID.location),
      physicalLocation: text(),
      serialNumber: text(),
      inventoryNumber: text(),
      supplier: manyToOne(UID.organization),
      expirationDate: { type: 'date' },
      supportDate: { type: 'date' },
      purchaseDate: { type: 'date' },
      invoiceNumber: text(),
      // 14 digits: up to 999999999999.99 (Strapi's default decimal is only (10,2)).
      netUnitPrice: { type: 'decimal', column: { args: [14, 2] } },
      vatRate: { type: 'decimal', column: { args: [5, 2] } },
      grossUnitPrice: { type: 'decimal', column: { args: [14, 2] } },
      currency: text(3),
      assignmentModel: { type: 'enumeration', enum: [...ASSIGNMENT_MODELS], default: 'per_user', required: true },
      billing: { type: 'enumeration', enum: [...BILLINGS], default: 'one_time', column: { defaultTo: 'one_time' } },
      quantity: { type: 'integer', min: 1 },
      overAssignment: { type: 'enumeration', enum: [...OVER_ASSIGNMENT_POLICIES], default: 'block', required: true },
      // A per-core license's terms (docs/domain.md, "Seats"); the column defaults give older licenses the neutral terms.
      coreFactor: { type: 'decimal', default: 1, column: { args: [4, 2], defaultTo: 1, notNullable: true } },
      minCoresPerProcessor: { type: 'integer', min: 0, max: ASSET_HARDWARE_MAX, default: 0, column: { defaultTo: 0, notNullable: true } },
      minCoresPerServer: { type: 'integer', min: 0, max: ASSET_HARDWARE_MAX, default: 0, column: { defaultTo: 0, notNullable: true } },
      notes: { type: 'text' },
      // A list of addresses (shared/fields/license: kind `emails`).
      notifyEmails: { type: 'json' },
      // Hash of the lower-cased name: the case-insensitive unique index a "unique name" needs (docs/domain.md).
      nameKey: text(64, { private: true, configurable: false }),
      // Its assignments of each kind, kept by every write that adds or removes one (db/seat-counts):
      // lists sort and filter on seats without counting. Both kinds, so a change of model needs no recount.
      personsCount: seatCount(),
      assetsCount: seatCount(),
      // The sum of its asset assignments' units: what a per-core or per-processor license uses, kept with the counts.
      assetUnits: seatCount(),
      // Derived from those under the same lock (the count of the kind the model counts, and whether it
      // passes the quantity), so the seat sort and the over-allocated filter read an index range.
      seatsUsed: seatCount(),
      overAllocated: { type: 'boolean', default: false, private: true, configurable: false, column: { defaultTo: false, notNullable: true } },
      // The purchases' part of the seat total (quantity + extraSeats) and the last day covered, kept by
      // every purchase write and license edit under the license's lock and by the daily job as terms
      // begin and end (db/purchases): the seat rule, the lists' status filter and sort read columns.
      extraSeats: { type: 'integer', min: -QUANTITY_MAX, default: 0, private: true, configurable: false, column: { defaultTo: 0, notNullable: true } },
      validUntil: { type: 'date', private: true, configurable: false },
      supportUntil: { type: 'date', private: true, configurable: false },
      // The periods its own term is paid for (domain/purchases periodsIn), kept by its writes and at
      // startup for rows without it: the compliance report adds committed cost in SQL.
      periods: { type: 'integer', min: 1, private: true, configurable: false },
    },
    [
      { name: 'lm_licenses_name_key_uq', columns: ['name_key'], type: 'unique' },
      { name: 'lm_licenses_inventory_uq', columns: ['inventory_number'], type: 'unique' },
      { name: 'lm_licenses_name_idx', columns: ['name'] },
      { name: 'lm_licenses_expiration_idx', columns: ['expiration_date'] },
      // The list's other sorts (shared/constants LICENSE_SORTS), so a page stops after its rows.
      { name: 'lm_licenses_purchase_idx', columns: ['purchase_date'] },
      { name: 'lm_licenses_quantity_idx', columns: ['quantity'] },
      { name: 'lm_licenses_gross_idx', columns: ['gross_unit_price'] },
      { name: 'lm_licenses_created_idx', columns: ['created_at'] },
      { name: 'lm_licenses_updated_idx', columns: ['updated_at'] },
      // Compliance: a software's licenses per model in purchase order, for its reference price.
      { name: 'lm_licenses_software_model_idx', columns: ['software_id', 'assignment_model', 'purchase_date'] },
      // Compliance: the report's scans of the licenses (their seats per software and model, and what their
      // own terms commit per software and currency) read from the index alone.
      {
        name: 'lm_licenses_compliance_idx',
        columns: ['software_id', 'assignment_model', 'valid_until', 'quantity', 'extra_seats', 'seats_used', 'currency', 'gross_unit_price', 'periods'],
      },
      // The seat sort and the over-allocated filter (sorted by name, the list's default): a page is
      // an index range, whatever the number of licenses.
      { name: 'lm_licenses_seats_used_idx', columns: ['seats_used', 'id'] },
      { name: 'lm_licenses_over_allocated_idx', columns: ['over_allocated', 'name', 'id'] },
      { name: 'lm_licenses_valid_until_idx', columns: ['valid_until'] },
      // Compliance's annual recurring cost: the recurring licenses only, not every license.
      { name: 'lm_licenses_billing_idx', columns: ['billing'] },
    ],
  ),
  'license-purchase': purchase,
  'license-category': collection(
    'license-category',
    'license-categories',
    'License type',
    {
      name: text(255, { required: true }),
      description: { type: 'text' },
      nameKey: text(64, { private: true, configurable: false }),
    },
    [{ name: 'lm_categories_name_key_uq', columns: ['name_key'], type: 'unique' }],
  ),
  software: collection(
    'software',
    'softwares',
    'Software',
    {
      name: text(255, { required: true }),
      version: text(),
      manufacturer: manyToOne(UID.organization),
      description: { type: 'text' },
      // (name, version) is unique case-insensitively: see nameKey in services/reference.
      nameKey: text(64, { private: true, configurable: false }),
    },
    [
      { name: 'lm_software_name_key_uq', columns: ['name_key'], type: 'unique' },
      // Strapi's `filters[software][name][$eq]` on the content API's license list: an index lookup.
      { name: 'lm_software_name_idx', columns: ['name'] },
    ],
  ),
  'license-key': collection('license-key', 'license-keys', 'License key', {
    license: manyToOne(UID.license, { required: true }),
    // AES-256-GCM ciphertext; private so no sanitizer, filter or sort ever exposes it.
    value: { type: 'text', required: true, private: true, configurable: false },
    maskedValue: text(32),
    label: text(),
    activationLimit: { type: 'integer', min: 1 },
    notes: { type: 'text' },
  }),
  'license-assignment': collection(
    'license-assignment',
    'license-assignments',
    'License assignment',
    {
      license: manyToOne(UID.license, { required: true }),
      person: manyToOne(UID.person),
      asset: manyToOne(UID.asset),
      key: manyToOne(UID.key),
      assignedAt: { type: 'datetime' },
      assignedBy: text(),
      note: { type: 'text' },
      // What it uses of the license's seats: 1, or the cores or processors its asset counts under a
      // per-core or per-processor license (shared/units), set when assigned and whenever the asset's
      // hardware or the license's terms change, under the license's lock.
      units: { type: 'integer', min: 0, default: 1, private: true, configurable: false, column: { defaultTo: 1, notNullable: true } },
    },
    [
      { name: 'lm_assignments_license_person_uq', columns: ['license_id', 'person_id'], type: 'unique' },
      { name: 'lm_assignments_license_asset_uq', columns: ['license_id', 'asset_id'], type: 'unique' },
    ],
  ),
  person: collection(
    'person',
    'persons',
    'Person',
    {
      firstName: text(),
      lastName: text(255, { required: true }),
      email: text(),
      employeeNumber: text(64),
      organization: manyToOne(UID.organization),
      organizationalUnit: manyToOne(UID.organizationalUnit),
      location: manyToOne(UID.location),
      active: { type: 'boolean', default: true },
    },
    [
      { name: 'lm_persons_email_uq', columns: ['email'], type: 'unique' },
      { name: 'lm_persons_employee_number_uq', columns: ['employee_number'], type: 'unique' },
      { name: 'lm_persons_last_name_idx', columns: ['last_name'] },
    ],
  ),
  asset: collection(
    'asset',
    'assets',
    'Asset',
    {
      name: text(255, { required: true }),
      inventoryNumber: text(),
      serialNumber: text(),
      assetType: { type: 'enumeration', enum: [...ASSET_TYPES], default: 'computer' },
      hostname: text(),
      uuid: text(),
      // The column default gives assets from before it 1, as a create without it.
      processors: { type: 'integer', min: 1, max: ASSET_HARDWARE_MAX, default: 1, column: { defaultTo: 1, notNullable: true } },
      coresPerProcessor: { type: 'integer', min: 1, max: ASSET_HARDWARE_MAX },
      organization: manyToOne(UID.organization),
      organizationalUnit: manyToOne(UID.organizationalUnit),
      location: manyToOne(UID.location),
      user: manyToOne(UID.person),
    },
    [
      { name: 'lm_assets_inventory_uq', columns: ['inventory_number'], type: 'unique' },
      { name: 'lm_assets_name_idx', columns: ['name'] },
    ],
  ),
  organization: collection(
    'organization',
    'organizations',
    'Organization',
    {
      name: text(255, { required: true }),
      taxId: text(64),
      isInternal: { type: 'boolean', default: false },
      isSupplier: { type: 'boolean', default: false },
      isManufacturer: { type: 'boolean', default: false },
      // Admin user ids: who the condition "Is in one of my organizations" lets act on its records.
      administrators: { type: 'json' },
      nameKey: text(64, { private: true, configurable: false }),
    },
    [{ name: 'lm_organizations_name_key_uq', columns: ['name_key'], type: 'unique' }],
  ),
  'organizational-unit': collection('organizational-unit', 'organizational-units', 'Organizational unit', {
    name: text(255, { required: true }),
    organization: manyToOne(UID.organization, { required: true }),
    parent: manyToOne(UID.organizationalUnit),
    // Admin user ids: who the condition "Is in my organizational unit or below" lets act on its records and its sub-units'.
    administrators: { type: 'json' },
  }),
  location: collection('location', 'locations', 'Location', {
    name: text(255, { required: true }),
    address: { type: 'text' },
    parent: manyToOne(UID.location),
  }),
  'license-event': collection(
    'license-event',
    'license-events',
    'License event',
    {
      // Plain values, not a relation: the history survives the license's deletion.
      licenseDocumentId: text(64),
      licenseName: text(),
      action: { type: 'enumeration', enum: [...EVENT_ACTIONS], required: true },
      actor: text(),
      at: { type: 'datetime' },
      changes: { type: 'json' },
    },
    [{ name: 'lm_events_license_idx', columns: ['license_document_id', 'at'] }],
  ),
  // One row per reminder stage (docs/domain.md, "Renewal reminders"), inserted before the e-mails
  // go out: the unique index is what makes a stage go out once across runs and processes.
  'license-reminder': collection(
    'license-reminder',
    'license-reminders',
    'License reminder',
    {
      // Plain values, as in the history: the record outlives the license.
      licenseDocumentId: text(64, { required: true }),
      licenseName: text(),
      kind: { type: 'enumeration', enum: [...REMINDER_KINDS], required: true },
      // The license's date the reminder is about; a renewal (a new date) gives new stages.
      dueDate: { type: 'date', required: true },
      // The API's `offset` (a reserved word in SQL, so not the column's name).
      offsetDays: { type: 'integer', required: true },
      recipients: { type: 'json' },
      // Recipients still to receive it: a retry sends to these only, so no one gets it twice.
      pending: { type: 'json', private: true },
      state: { type: 'enumeration', enum: [...REMINDER_STATES], required: true },
      attempts: { type: 'integer', required: true },
      // The run holding the row while it sends: a random id per claim, checked by every update,
      // so a run whose claim lapsed and was taken over changes nothing more.
      claimToken: text(64, { private: true }),
      claimedAt: { type: 'datetime' },
      sentAt: { type: 'datetime' },
      error: text(),
    },
    [
      { name: 'lm_reminders_stage_uq', columns: ['license_document_id', 'kind', 'due_date', 'offset_days'], type: 'unique' },
      { name: 'lm_reminders_created_idx', columns: ['created_at'] },
    ],
  ),
  'compliance-snapshot': complianceSnapshot,
  'compliance-scope-snapshot': complianceScopeSnapshot,
  'compliance-snapshot-total': complianceSnapshotTotal,
  'compliance-position': compliancePosition,
  'compliance-position-cost': compliancePositionCost,
  'compliance-position-row': compliancePositionRow,
  'compliance-change': complianceChange,
  'license-tally': collection(
    'license-tally',
    'license-tallies',
    'License tally',
    {
      // The number of licenses, kept as rows that add up to it (db/license-total): one `base`
      // row, and a +1 or -1 row per license created or deleted, folded into the base now and then.
      kind: text(16),
      delta: { type: 'integer', required: true },
    },
    // One base row, however many processes start at once (deltas have none: NULLs never collide).
    [{ name: 'lm_tallies_kind_uq', columns: ['kind'], type: 'unique' }],
  ),
  'inventory-device': inventoryDevice,
  installation,
  'installation-rule': installationRule,
  'recognition-state': recognitionState,
};
