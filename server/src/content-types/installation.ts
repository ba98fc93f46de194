/**
 * Installations (docs/domain.md, "Installations"): the devices that push their inventory, what each
 * reports as installed, the ordered recognition rules, and the rules' generation (the number every
 * rule write raises, against which each installation records the rules it was recognized by).
 */
import { MATCH_OPS, RECOGNITIONS, UID } from '../../../shared/constants';
import { INSTALLATION_TEXT_MAX } from '../../../shared/schemas/inventory';
import { RULE_TEXT_MAX } from '../../../shared/schemas/installation-rule';
import { collection, manyToOne, text } from './define';

const { name, version, publisher, device, source } = INSTALLATION_TEXT_MAX;

export const inventoryDevice = collection(
  'inventory-device',
  'inventory-devices',
  'Inventory device',
  {
    // SHA-256 of the first identifier it was pushed with ("serialNumber:<key>", domain/installations
    // deviceMatchKeys): the same device's pushes find one row, whatever else they report.
    identity: text(64, { required: true, private: true, configurable: false }),
    hostname: text(device),
    serialNumber: text(device),
    uuid: text(device),
    inventoryNumber: text(device),
    // The asset it was matched to (or linked to by hand); null while it matches none.
    asset: manyToOne(UID.asset),
    source: text(source),
    firstSeen: { type: 'datetime' },
    lastSeen: { type: 'datetime' },
  },
  [
    { name: 'lm_devices_identity_uq', columns: ['identity'], type: 'unique' },
    { name: 'lm_devices_asset_idx', columns: ['asset_id'] },
  ],
);

export const installation = collection(
  'installation',
  'installations',
  'Installation',
  {
    device: manyToOne(UID.inventoryDevice, { required: true }),
    // SHA-256 of the entry's name, version and publisher: one row per entry and device.
    entryKey: text(64, { required: true, private: true, configurable: false }),
    // Strapi's string is a varchar(255) unless told: the name is longer.
    rawName: text(name, { required: true, column: { args: [name] } }),
    rawVersion: text(version),
    rawPublisher: text(publisher),
    recognition: { type: 'enumeration', enum: [...RECOGNITIONS], default: 'unrecognized', column: { defaultTo: 'unrecognized', notNullable: true } },
    software: manyToOne(UID.software),
    // The rule that recognized or ignored it (null when none matched).
    rule: manyToOne(UID.installationRule),
    // The rules' generation it was recognized by: below the current one, the background re-recognition takes it.
    generation: { type: 'integer', default: 0, private: true, configurable: false, column: { defaultTo: 0, notNullable: true } },
    source: text(source),
    firstSeen: { type: 'datetime' },
    lastSeen: { type: 'datetime' },
  },
  [
    { name: 'lm_installations_entry_uq', columns: ['device_id', 'entry_key'], type: 'unique' },
    // The reconciled position: a software's installations and their devices.
    { name: 'lm_installations_software_idx', columns: ['software_id', 'device_id', 'last_seen'] },
    // A rule's test: an entry's installations on every device.
    { name: 'lm_installations_entry_key_idx', columns: ['entry_key'] },
    { name: 'lm_installations_generation_idx', columns: ['generation', 'id'] },
    { name: 'lm_installations_recognition_idx', columns: ['recognition', 'id'] },
  ],
);

const matchOp = () => ({ type: 'enumeration', enum: [...MATCH_OPS] });

export const installationRule = collection(
  'installation-rule',
  'installation-rules',
  'Installation rule',
  {
    // Tried lowest first (then by id); the first that matches wins.
    position: { type: 'integer', min: 0, default: 0, column: { defaultTo: 0, notNullable: true } },
    nameOp: matchOp(),
    nameValue: text(RULE_TEXT_MAX.value),
    publisherOp: matchOp(),
    publisherValue: text(RULE_TEXT_MAX.value),
    versionMin: text(RULE_TEXT_MAX.version),
    versionBelow: text(RULE_TEXT_MAX.version),
    software: manyToOne(UID.software),
    ignore: { type: 'boolean', default: false, column: { defaultTo: false, notNullable: true } },
  },
  [{ name: 'lm_rules_position_idx', columns: ['position', 'id'] }],
);

export const recognitionState = collection(
  'recognition-state',
  'recognition-states',
  'Recognition state',
  {
    // One row (scope `rules`): the generation every rule write raises under its lock, so rule writes are
    // one at a time and an installation recognized by older rules is known by its lower number.
    scope: text(32, { required: true }),
    generation: { type: 'integer', default: 0, column: { defaultTo: 0, notNullable: true } },
  },
  [{ name: 'lm_recognition_key_uq', columns: ['scope'], type: 'unique' }],
);
