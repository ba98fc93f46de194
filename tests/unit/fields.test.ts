/**
 * The field descriptions (shared/fields) against the content types the database is built from
 * (server/src/content-types) and the translations the admin shows: a field added to one and not
 * the other, or described with another kind, bounds, values or target, fails here.
 */
import contentTypes from '../../server/src/content-types';
import { UID } from '../../shared/constants';
import {
  LICENSE_FIELDS,
  LICENSE_INPUT_FIELDS,
  licenseDefaults,
  licenseFieldsOfKind,
  licenseFormOrder,
  licenseRelations,
  PER_CORE_TERMS,
} from '../../shared/fields/license';
import { PURCHASE_FIELDS, PURCHASE_KEPT } from '../../shared/fields/purchase';
import { REFERENCE_NAMES, REFERENCE_RESOURCES } from '../../shared/fields/reference';
import type { FieldSpec } from '../../shared/fields/types';
import { AMOUNTS, DAYS, LICENSE_RELATIONS, POPULATE, RELATION_NAMES, SCALARS, SEARCHED } from '../../server/src/services/license/model';
import en from '../../shared/translations/en.json';
import fr from '../../shared/translations/fr.json';

type Attribute = Record<string, any>;
const attributesOf = (uid: string): Record<string, Attribute> => {
  const entry = Object.values(contentTypes).find((ct) => `plugin::license-manager.${ct.schema.info.singularName}` === uid);
  if (!entry) throw new Error(`no content type ${uid}`);
  return entry.schema.attributes as Record<string, Attribute>;
};

/** What a description says the attribute must look like; only the properties that matter are compared. */
const expectedAttribute = (f: FieldSpec): Attribute => {
  switch (f.kind) {
    case 'text':
    case 'email':
      return { type: 'string', maxLength: f.max };
    case 'longtext':
      return { type: 'text' };
    case 'emails':
    case 'adminIds':
      return { type: 'json' };
    case 'integer':
      // A default is the column's too, so rows from before the field have it and never null.
      return f.default === undefined
        ? { type: 'integer', min: f.min }
        : { type: 'integer', min: f.min, default: f.default, column: expect.objectContaining({ defaultTo: f.default, notNullable: true }) };
    case 'money':
      return { type: 'decimal', column: { args: [14, 2] } };
    case 'percent':
      return { type: 'decimal', column: { args: [5, 2] } };
    case 'factor':
      return { type: 'decimal', default: Number(f.default), column: { args: [4, 2], defaultTo: Number(f.default), notNullable: true } };
    case 'date':
      return { type: 'date' };
    case 'currency':
      return { type: 'string', maxLength: 3 };
    case 'enum':
      return { type: 'enumeration', enum: [...f.values], default: f.default };
    case 'boolean':
      return { type: 'boolean', default: f.default };
    case 'relation':
      return { type: 'relation', relation: 'manyToOne', target: REFERENCE_RESOURCES[f.target].uid };
  }
};

const actualAttribute = (a: Attribute, expected: Attribute): Attribute => Object.fromEntries(Object.keys(expected).map((k) => [k, a[k]]));

/** Runs the same checks over one content type and its description. */
/** `owner`: an attribute the description leaves out because the URL names it (a purchase's license). */
const describeAgainst = (title: string, uid: string, fields: Record<string, FieldSpec>, owner?: string) => {
  describe(title, () => {
    const { [owner ?? '']: _owner, ...attributes } = attributesOf(uid);

    it('describes every attribute of the content type, and no other', () => {
      expect(Object.keys(fields).sort()).toEqual(Object.keys(attributes).sort());
    });

    it.each(Object.keys(fields))('%s has the kind, bounds, values and target of its attribute', (name) => {
      const expected = expectedAttribute(fields[name]);
      expect(actualAttribute(attributes[name] ?? {}, expected)).toEqual(expected);
    });

    it.each(Object.keys(fields))('%s is private, and required, where its attribute is', (name) => {
      const f = fields[name];
      const a = attributes[name] ?? {};
      expect(Boolean(a.private)).toBe(f.readOnly === 'private');
      // An attribute the database requires must be sent, or have a default (enumerations).
      if (a.required) expect(Boolean(f.required) || 'default' in f).toBe(true);
      // A required scalar is required in the database too. (The license's software is a relation
      // required by the API only: the foreign-key column stays nullable like every relation's.)
      if (f.required && f.kind !== 'relation') expect(a.required).toBe(true);
    });

    it.each(Object.keys(fields).filter((n) => fields[n].label))('%s has its label and hint in English and French', (name) => {
      for (const key of [fields[name].label, fields[name].hint].filter((k): k is string => Boolean(k))) {
        expect([key, key in en, key in fr]).toEqual([key, true, true]);
      }
    });
  });
};

describeAgainst('the license', UID.license, LICENSE_FIELDS);
describeAgainst('a purchase', UID.purchase, { ...PURCHASE_FIELDS, ...PURCHASE_KEPT }, 'license');
for (const name of REFERENCE_NAMES) {
  describeAgainst(`reference resource ${name}`, REFERENCE_RESOURCES[name].uid, REFERENCE_RESOURCES[name].fields);
}

describe('the list of resources', () => {
  it('names every content type: described, or one of the records the license owns', () => {
    const described = [UID.license, UID.purchase, ...REFERENCE_NAMES.map((n) => REFERENCE_RESOURCES[n].uid)];
    // Keys, assignments, history and reminders are written only through a license's own endpoints;
    // compliance snapshots and their totals only by the compliance service's daily snapshot; the license tally by
    // license creates and deletes; devices and installations by inventory pushes, rules and their
    // generation by the rule routes (services/installations).
    const owned = [
      UID.key,
      UID.assignment,
      UID.event,
      UID.reminder,
      UID.complianceSnapshot,
      UID.complianceScopeSnapshot,
      UID.complianceSnapshotTotal,
      UID.compliancePosition,
      UID.compliancePositionCost,
      UID.compliancePositionRow,
      UID.complianceChange,
      UID.licenseTally,
      UID.inventoryDevice,
      UID.installation,
      UID.installationRule,
      UID.recognitionState,
    ];
    const all = Object.values(contentTypes).map((ct) => `plugin::license-manager.${ct.schema.info.singularName}`);
    expect(all.sort()).toEqual([...described, ...owned].sort());
  });

  it('has the translations each reference page needs, in English and French', () => {
    for (const name of REFERENCE_NAMES) {
      const { i18n, page } = REFERENCE_RESOURCES[name];
      for (const key of [...['title', 'subtitle', 'add', 'create', 'edit'].map((s) => `${i18n}.${s}`), `nav.${page}`]) {
        expect([key, key in en, key in fr]).toEqual([key, true, true]);
      }
    }
  });

  it('lists each column of a reference list among its fields', () => {
    for (const name of REFERENCE_NAMES) {
      const { fields, columns } = REFERENCE_RESOURCES[name];
      for (const column of columns) expect([name, column, column in fields]).toEqual([name, column, true]);
    }
  });
});

describe('what the license description gives the server and the admin', () => {
  it('relations show fields their targets have', () => {
    const all = [LICENSE_FIELDS, ...REFERENCE_NAMES.map((n) => REFERENCE_RESOURCES[n].fields)] as Record<string, FieldSpec>[];
    for (const fields of all) {
      for (const [name, f] of Object.entries(fields)) {
        if (f.kind !== 'relation') continue;
        const target: Record<string, FieldSpec> = REFERENCE_RESOURCES[f.target].fields;
        for (const shown of f.shows) expect([name, shown, shown in target && target[shown].readOnly !== 'private']).toEqual([name, shown, true]);
      }
    }
    expect(Object.keys(licenseRelations())).toEqual(['category', 'software', 'organization', 'organizationalUnit', 'locationStructure', 'supplier']);
  });

  it('the days and the amounts a read formats', () => {
    expect(licenseFieldsOfKind('date')).toEqual(['expirationDate', 'supportDate', 'purchaseDate']);
    expect(licenseFieldsOfKind('money', 'percent')).toEqual(['netUnitPrice', 'vatRate', 'grossUnitPrice']);
  });

  it('the form order of the "New license" window: currency before the prices, nameKey nowhere', () => {
    const order = licenseFormOrder();
    expect(order.slice(13, 18)).toEqual(['invoiceNumber', 'currency', 'netUnitPrice', 'vatRate', 'grossUnitPrice']);
    // The manual's fields, then notifyEmails (renewal reminders) last; billing (purchases) beside the model,
    // a per-core license's terms after the over-assignment policy.
    expect(order).toHaveLength(27);
    expect(order[26]).toBe('notifyEmails');
    expect(order.slice(18, 25)).toEqual(['assignmentModel', 'billing', 'quantity', 'overAssignment', ...PER_CORE_TERMS]);
    // Each place taken once, so the grid's order is never left to chance.
    const places = order.map((name) => (LICENSE_FIELDS[name].form as { order: number }).order);
    expect(new Set(places).size).toBe(places.length);
    expect(order).not.toContain('nameKey');
  });
});

describe("the license service's field lists, against the description", () => {
  const attributes = attributesOf(UID.license);

  it('reads and writes every public field once: the scalars, then the relations, in the description order', () => {
    expect([...SCALARS, ...RELATION_NAMES].sort()).toEqual([...LICENSE_INPUT_FIELDS].sort());
    expect(SCALARS).toEqual(LICENSE_INPUT_FIELDS.filter((n) => LICENSE_FIELDS[n].kind !== 'relation'));
    expect(RELATION_NAMES).toEqual(LICENSE_INPUT_FIELDS.filter((n) => LICENSE_FIELDS[n].kind === 'relation'));
    for (const f of SCALARS) expect([f, attributes[f]?.type]).not.toEqual([f, 'relation']);
  });

  it('each relation joins the target of its attribute and shows what the description says', () => {
    for (const r of RELATION_NAMES) {
      const f = LICENSE_FIELDS[r] as Extract<FieldSpec, { kind: 'relation' }>;
      expect([r, LICENSE_RELATIONS[r].uid, LICENSE_RELATIONS[r].fields]).toEqual([r, attributes[r].target, f.shows]);
      expect([r, POPULATE[r]]).toEqual([r, { select: ['id', 'documentId', ...f.shows] }]);
    }
  });

  it('formats as days the date attributes, as amounts the decimal ones', () => {
    const ofType = (type: string) => SCALARS.filter((f) => attributes[f].type === type);
    expect(DAYS).toEqual(ofType('date'));
    expect(AMOUNTS).toEqual(ofType('decimal'));
  });

  it('searches text fields only', () => {
    for (const f of SEARCHED) expect([f, LICENSE_FIELDS[f].kind]).toEqual([f, 'text']);
  });

  it("creates with the defaults of the content type's enumerations, and the settings' currency", () => {
    const enumDefaults = Object.fromEntries(SCALARS.filter((f) => attributes[f].default !== undefined).map((f) => [f, attributes[f].default]));
    // A factor's default is a decimal string on the wire, a number in the content type.
    expect(licenseDefaults({ defaultCurrency: 'XYZ' })).toEqual({ ...enumDefaults, coreFactor: String(enumDefaults.coreFactor), currency: 'XYZ' });
  });
});
