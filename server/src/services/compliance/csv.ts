/**
 * The compliance report as CSV (docs/api.md, "Compliance": the same rows as the list): UTF-8 with a
 * BOM so spreadsheet programs read accents, a header row, one row per software. Costs get three
 * columns per currency of the report's totals, so every cell is a plain number. Written by the
 * plugin's one CSV writer (../csv), which escapes a software name or version a spreadsheet would run.
 */
import type { Readable } from 'node:stream';
import { csvStream } from '../csv';
import type { ComplianceRow, ComplianceTotals } from '../../../../shared/contracts/compliance';

/** The hardware and site models' columns come after the first ones, so a reader of the older columns by position still finds them. */
const LATER_MODELS = [
  ['per_core', 'perCore'],
  ['per_processor', 'perProcessor'],
  ['site', 'site'],
] as const;

export const complianceCsv = (rows: ComplianceRow[], totals: ComplianceTotals, delimiter: string): Readable => {
  const currencies = totals.costs.map((c) => c.currency);
  const header = [
    'software',
    'softwareVersion',
    'status',
    'licenses',
    'perUserLicensed',
    'perUserUsed',
    'perUserPosition',
    'perComputerLicensed',
    'perComputerUsed',
    'perComputerPosition',
    'shortfall',
    'unused',
    'expiredInUse',
    'utilization',
    'nextExpiration',
    ...LATER_MODELS.flatMap(([, name]) => [`${name}Licensed`, `${name}Used`, `${name}Position`]),
    // The reconciled position (issue 28), before the costs (read by their names, one set per currency).
    'installed',
    'installedUnlicensed',
    'assignedNotInstalled',
    ...currencies.flatMap((c) => [`trueUp ${c}`, `unusedValue ${c}`, `annualRecurring ${c}`, `committed ${c}`]),
  ];
  const cost = (r: ComplianceRow, currency: string) => r.costs.find((c) => c.currency === currency);
  return csvStream(
    header,
    rows.map((r) => [
      r.software.name,
      r.software.version ?? '',
      r.status,
      r.licenses,
      r.byModel.per_user.licensed,
      r.byModel.per_user.used,
      r.byModel.per_user.position,
      r.byModel.per_computer.licensed,
      r.byModel.per_computer.used,
      r.byModel.per_computer.position,
      r.shortfall,
      r.unused,
      r.expiredInUse,
      r.utilization ?? '',
      r.nextExpiration ?? '',
      ...LATER_MODELS.flatMap(([m]) => [r.byModel[m].licensed, r.byModel[m].used, r.byModel[m].position]),
      r.installed,
      r.installedUnlicensed,
      r.assignedNotInstalled,
      ...currencies.flatMap((c) => [cost(r, c)?.trueUp ?? '', cost(r, c)?.unusedValue ?? '', cost(r, c)?.annualRecurring ?? '', cost(r, c)?.committed ?? '']),
    ]),
    delimiter,
  );
};
