/**
 * One device's inventory as a push brings it (docs/api.md, "Inventory"), in any of three shapes,
 * read into one: the GLPI agent's native inventory (`{ action, deviceid, itemtype, content }`, as
 * glpi-project/inventory_format describes it), FusionInventory's (the same from its XML: every key
 * upper-case, `{ DEVICEID, QUERY, CONTENT }`, values as texts, a single software as an object), or
 * the plugin's simple format (`{ device, software, source }`). Only the device's identifiers and the
 * software entries are read; the rest of an inventory is left alone, as agents send much more.
 */
import { z } from 'zod';
import { INVENTORY_ENTRIES_MAX } from '../constants';
import { customParams } from '../issues';
import { NO_NUL, noNul } from './values';

export const INVENTORY_FORMATS = ['glpi', 'fusioninventory', 'simple'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

/** Bounds of what an entry stores (installation's raw fields). */
export const INSTALLATION_TEXT_MAX = { name: 512, version: 128, publisher: 255, device: 255, source: 64 } as const;

/** A reported entry, read into the installation's raw fields. */
export interface InventoryEntry {
  name: string;
  version: string | null;
  publisher: string | null;
}

export interface InventoryPush {
  format: InventoryFormat;
  device: { hostname: string | null; serialNumber: string | null; uuid: string | null; inventoryNumber: string | null };
  /** Each distinct entry once, in the order first reported. */
  software: InventoryEntry[];
  /** `glpi`, `fusioninventory`, or what a simple push says (`api` when it says nothing). */
  source: string;
}

// Agents report numbers for some texts ("version": 12): read as texts.
const asText = (v: unknown) => (typeof v === 'number' ? String(v) : v);
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const text = (max: number) =>
  z.preprocess(
    asText,
    z
      .string({ error: 'must be a text' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(max, { error: `must be at most ${max} characters` })
      .refine(noNul, NO_NUL),
  );
const optionalText = (max: number) =>
  z.preprocess(
    (v) => blankToNull(asText(v)),
    z
      .string({ error: 'must be a text or null' })
      .trim()
      .max(max, { error: `must be at most ${max} characters` })
      .refine(noNul, NO_NUL)
      .nullish()
      .transform((v) => v ?? null),
  );

const entry = (shape: 'strict' | 'loose') =>
  (shape === 'strict' ? z.strictObject : z.looseObject)({
    name: text(INSTALLATION_TEXT_MAX.name),
    version: optionalText(INSTALLATION_TEXT_MAX.version),
    publisher: optionalText(INSTALLATION_TEXT_MAX.publisher),
  });
const entries = (shape: 'strict' | 'loose') => z.array(entry(shape), { error: 'must be a list' }).max(INVENTORY_ENTRIES_MAX);

const deviceText = () => optionalText(INSTALLATION_TEXT_MAX.device);

/** The plugin's simple format. */
export const simpleInventorySchema = z.strictObject({
  device: z.strictObject(
    { hostname: deviceText(), serialNumber: deviceText(), uuid: deviceText(), inventoryNumber: deviceText() },
    { error: 'must be an object' },
  ),
  software: entries('strict'),
  source: optionalText(INSTALLATION_TEXT_MAX.source),
});

/** A GLPI inventory with its keys lower-cased (FusionInventory's are upper-case); what it reads of it. */
export const glpiInventorySchema = z.looseObject({
  deviceid: deviceText(),
  content: z.looseObject(
    {
      hardware: z.looseObject({ name: deviceText(), uuid: deviceText() }, { error: 'must be an object' }).optional(),
      bios: z.looseObject({ ssn: deviceText(), assettag: deviceText() }, { error: 'must be an object' }).optional(),
      softwares: entries('loose').optional(),
    },
    { error: 'must be an object' },
  ),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An object's keys lower-cased (the first of two that differ only in case wins). */
const lowerKeys = (v: unknown): unknown => {
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) if (!(k.toLowerCase() in out)) out[k.toLowerCase()] = value;
  return out;
};

/** Which shape a body is: the simple format names `device` or `software`; an upper-case `CONTENT` or `DEVICEID` is FusionInventory's. */
export const inventoryFormatOf = (body: Record<string, unknown>): InventoryFormat => {
  if ('device' in body || 'software' in body) return 'simple';
  return 'CONTENT' in body || 'DEVICEID' in body ? 'fusioninventory' : 'glpi';
};

/** The GLPI and FusionInventory shapes as one: keys lower-cased where the plugin reads, a single software wrapped in a list. */
const asGlpi = (body: Record<string, unknown>): unknown => {
  const top = lowerKeys(body) as Record<string, unknown>;
  if (!isObject(top.content)) return top;
  const content = lowerKeys(top.content) as Record<string, unknown>;
  const softwares = isObject(content.softwares) ? [content.softwares] : content.softwares;
  return {
    ...top,
    content: {
      ...content,
      hardware: lowerKeys(content.hardware),
      bios: lowerKeys(content.bios),
      softwares: Array.isArray(softwares) ? softwares.map(lowerKeys) : softwares,
    },
  };
};

/** How many software entries a body carries, counted before any is read (413 past INVENTORY_ENTRIES_MAX). */
export const inventoryEntryCount = (body: Record<string, unknown>): number => {
  const list =
    inventoryFormatOf(body) === 'simple'
      ? body.software
      : ((lowerKeys((lowerKeys(body) as Record<string, unknown>).content) as Record<string, unknown>) ?? {}).softwares;
  return Array.isArray(list) ? list.length : isObject(list) ? 1 : 0;
};

export type InventoryRead = { success: true; push: InventoryPush } | { success: false; issues: z.core.$ZodIssue[]; format: InventoryFormat };

const distinct = (list: InventoryEntry[]): InventoryEntry[] => {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = JSON.stringify([e.name, e.version, e.publisher]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const unidentified = (path: string[]): z.core.$ZodIssue =>
  ({
    code: 'custom',
    path,
    message: 'the device has no hostname, serial number, uuid or inventory number to be matched by',
    params: customParams('deviceIdentified'),
  }) as z.core.$ZodIssue;

/**
 * A push's body read into one shape, or its issues (paths as the client named them: upper-case for
 * FusionInventory). A device must carry an identifier; each entry needs a name.
 */
export const readInventory = (body: unknown): InventoryRead => {
  if (!isObject(body))
    return { success: false, format: 'simple', issues: [{ code: 'custom', path: [], message: 'must be an object', input: body } as z.core.$ZodIssue] };
  const format = inventoryFormatOf(body);
  if (format === 'simple') {
    const r = simpleInventorySchema.safeParse(body);
    if (!r.success) return { success: false, format, issues: r.error.issues };
    const { device } = r.data;
    if (!device.hostname && !device.serialNumber && !device.uuid && !device.inventoryNumber)
      return { success: false, format, issues: [unidentified(['device'])] };
    return { success: true, push: { format, device, software: distinct(r.data.software), source: r.data.source ?? 'api' } };
  }
  const r = glpiInventorySchema.safeParse(asGlpi(body));
  const upper = (issues: z.core.$ZodIssue[]) =>
    format === 'fusioninventory' ? issues.map((i) => ({ ...i, path: i.path.map((p) => (typeof p === 'string' ? p.toUpperCase() : p)) })) : issues;
  if (!r.success) return { success: false, format, issues: upper(r.error.issues) };
  const { hardware, bios, softwares } = r.data.content;
  const device = {
    hostname: hardware?.name ?? null,
    serialNumber: bios?.ssn ?? null,
    uuid: hardware?.uuid ?? null,
    inventoryNumber: bios?.assettag ?? null,
  };
  if (!device.hostname && !device.serialNumber && !device.uuid && !device.inventoryNumber) {
    return { success: false, format, issues: upper([unidentified(['content', 'hardware'])]) };
  }
  const software = distinct((softwares ?? []).map((s) => ({ name: s.name, version: s.version, publisher: s.publisher })));
  return { success: true, push: { format, device, software, source: format } };
};
