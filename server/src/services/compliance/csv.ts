/**
 * The compliance report as CSV (docs/api.md, "Compliance": the same rows as the list): UTF-8 with a
 * BOM so spreadsheet programs read accents, a header row, one row per software. Costs get a
 * column pair per currency of the report's totals, so every cell is a plain number.
 */
import { stringify, type Stringifier } from 'csv-stringify';
import type { ComplianceRow, ComplianceTotals } from '../../../../shared/contracts/compliance';

export const complianceCsv = (rows: ComplianceRow[], totals: ComplianceTotals, delimiter: string): Stringifier => {
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
    ...currencies.flatMap((c) => [`trueUp ${c}`, `unusedValue ${c}`]),
  ];
  const out = stringify({ bom: true, delimiter, header: false });
  // The rows are already in memory (one per software); writing them through the stream's
  // back-pressure keeps the response's buffer small.
  const write = async () => {
    const ok = (line: unknown[]) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
    await ok(header);
    for (const r of rows) {
      const cost = (currency: string) => r.costs.find((c) => c.currency === currency);
      await ok([
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
        ...currencies.flatMap((c) => [cost(c)?.trueUp ?? '', cost(c)?.unusedValue ?? '']),
      ]);
    }
    out.end();
  };
  void write().catch((error) => out.destroy(error));
  return out;
};
