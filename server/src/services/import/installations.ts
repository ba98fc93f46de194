/**
 * The installations import (issue 28; docs/api.md, "Installations"): a CSV from any discovery tool,
 * one row per installed entry. Rows are read with the other imports' reader (encoding, delimiter,
 * header limits) and checked with the push's own schema; rows of one device (its first identifier,
 * as a push finds it) are that device's inventory and are written as one push (its set replaced,
 * the same service and lock). A device with a bad row, or past INVENTORY_ENTRIES_MAX entries, is
 * not written: its rows fail. A dry run plans each device against what it has, writing nothing.
 */
import type { Core } from '@strapi/strapi';
import { INVENTORY_ENTRIES_MAX } from '../../../../shared/constants';
import type { ImportError, ImportReport, ImportResult } from '../../../../shared/contracts/import';
import { INSTALLATION_IMPORT_VOCABULARY, mapHeaders } from '../../../../shared/import/headers';
import { fieldErrorOf } from '../../../../shared/issues';
import { simpleInventorySchema } from '../../../../shared/schemas/inventory';
import { deviceMatchKeys, entryIdentity, planPush } from '../../domain/installations';
import { nameKey } from '../../db';
import { deviceEntryKeys } from '../../db/installations';
import { getService } from '../../plugin';
import { unescapeCell } from '../csv';
import { decode } from './decode';
import { ImportFileError } from './errors';
import { checkHeaderStart, parseCsvText } from './parse';
import type { ImportFileOptions } from './read-file';

/** A cell as the report may show it: long ones cut. */
const shown = (value: string) => (value.length > 200 ? `${value.slice(0, 200)}…` : value);

interface Row {
  line: number;
  name: string;
  device: { hostname: string | null; serialNumber: string | null; uuid: string | null; inventoryNumber: string | null };
  entry: { name: string; version: string | null; publisher: string | null };
  errors: ImportError[];
}

/** Which column a path of the push's schema came from. */
const COLUMN_OF: Record<string, string> = {
  'device.hostname': 'hostname',
  'device.serialNumber': 'serialNumber',
  'device.uuid': 'uuid',
  'device.inventoryNumber': 'inventoryNumber',
  'software.0.name': 'name',
  'software.0.version': 'version',
  'software.0.publisher': 'publisher',
};

/** The file's rows, each checked as a one-entry push of the simple format. */
export const readInstallationImport = (buffer: Buffer, options: ImportFileOptions) => {
  const { text, encoding } = decode(buffer, options, (start) => checkHeaderStart(start, options.delimiter));
  const { delimiter, header, records } = parseCsvText(text, options);
  const mapping = mapHeaders(header, INSTALLATION_IMPORT_VOCABULARY);
  if (mapping.errors.length > 0) {
    throw new ImportFileError(mapping.errors[0].column, mapping.errors.map((e) => `${e.column}: ${e.message}`).join('; '), mapping.errors);
  }
  const headerOf = (field: string) => mapping.columns.find((c) => c.field === field || (field === 'serialNumber' && c.field === 'serial'))?.header ?? field;
  const rows: Row[] = records.map((record) => {
    const cells: Record<string, string> = {};
    for (const c of mapping.columns) {
      const value = record.cells[c.index] ?? '';
      if (c.status === 'field' && c.field && value.trim() !== '') cells[c.field === 'serial' ? 'serialNumber' : c.field] = unescapeCell(value.trim());
    }
    const body = {
      device: {
        hostname: cells.hostname ?? null,
        serialNumber: cells.serialNumber ?? null,
        uuid: cells.uuid ?? null,
        inventoryNumber: cells.inventoryNumber ?? null,
      },
      software: [{ name: cells.name ?? '', version: cells.version ?? null, publisher: cells.publisher ?? null }],
      source: 'csv',
    };
    const parsed = simpleInventorySchema.safeParse(body);
    const errors: ImportError[] = parsed.success
      ? []
      : parsed.error.issues.map((issue) => {
          const field = COLUMN_OF[issue.path.join('.')] ?? 'name';
          const e = fieldErrorOf(issue, [field]);
          return {
            row: record.line,
            column: headerOf(field),
            value: shown(cells[field] ?? ''),
            message: `${field} ${e.message}`,
            code: e.code,
            params: e.params,
          };
        });
    const ok = parsed.success ? parsed.data : null;
    if (ok && !deviceMatchKeys(ok.device).length) {
      errors.push({
        row: record.line,
        column: null,
        value: '',
        message: 'the row names no device: a hostname, serial number, uuid or inventory number (not a placeholder) is required',
        code: 'device_required',
      });
    }
    return {
      line: record.line,
      name: cells.name ?? '',
      device: ok?.device ?? body.device,
      entry: ok ? ok.software[0] : { name: cells.name ?? '', version: null, publisher: null },
      errors,
    };
  });
  return { encoding, delimiter, mapping, rows };
};

export const importInstallations = async (
  strapi: Core.Strapi,
  read: ReturnType<typeof readInstallationImport>,
  { dryRun, onError }: { dryRun: boolean; onError: 'skip' | 'abort' },
): Promise<ImportReport> => {
  // Rows by device, in file order: a device is its first identifier, as a push finds it.
  const devices = new Map<string, Row[]>();
  for (const row of read.rows) {
    const key = deviceMatchKeys(row.device)[0];
    if (!key) continue;
    const id = nameKey(key.by, key.key);
    devices.set(id, [...(devices.get(id) ?? []), row]);
  }
  const errors: ImportError[] = read.rows.flatMap((r) => r.errors);
  const failedLines = new Set(errors.map((e) => e.row));
  for (const rows of devices.values()) {
    const bad = rows.find((r) => r.errors.length);
    if (bad) {
      for (const r of rows.filter((x) => !x.errors.length)) {
        errors.push({
          row: r.line,
          column: null,
          value: '',
          message: `not imported: row ${bad.line} of the same device has an error`,
          code: 'device_row_failed',
          params: { line: bad.line },
        });
        failedLines.add(r.line);
      }
    } else if (rows.length > INVENTORY_ENTRIES_MAX) {
      for (const r of rows) {
        errors.push({
          row: r.line,
          column: null,
          value: '',
          message: `the device has more than ${INVENTORY_ENTRIES_MAX} rows`,
          code: 'too_many_entries',
          params: { max: INVENTORY_ENTRIES_MAX },
        });
        failedLines.add(r.line);
      }
    }
  }
  const write = !dryRun && !(onError === 'abort' && errors.length);
  const outcome = new Map<number, ImportResult['outcome']>();
  let ended = 0;
  const push = getService(strapi, 'installations').push;
  for (const [identity, rows] of devices) {
    if (rows.some((r) => failedLines.has(r.line))) continue;
    const entries = rows.map((r) => ({ ...r.entry, entryKey: entryIdentity(r.entry) }));
    const plan = planPush(await deviceEntryKeys(strapi, identity), entries);
    const added = new Set(plan.added.map((e) => e.entryKey));
    for (const r of rows) outcome.set(r.line, added.has(entryIdentity(r.entry)) ? 'created' : 'unchanged');
    ended += plan.ended.length;
    if (write) await push({ device: rows[0].device, software: rows.map((r) => r.entry), source: 'csv' });
  }
  const results: ImportResult[] = read.rows.map((r) => ({
    row: r.line,
    name: r.name,
    outcome: failedLines.has(r.line) ? 'failed' : (outcome.get(r.line) ?? 'failed'),
  }));
  const count = (o: ImportResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return {
    dryRun,
    committed: write,
    rows: read.rows.length,
    created: count('created'),
    updated: 0,
    unchanged: count('unchanged'),
    failed: count('failed'),
    ended,
    errors: errors.sort((a, b) => a.row - b.row),
    encoding: read.encoding,
    delimiter: read.delimiter,
    columns: read.mapping.columns.map(({ header, field, status }) => ({ header, field, status })),
    warnings: read.mapping.warnings,
    results,
  };
};
