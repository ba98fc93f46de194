/** The units a vendor counts on a server (shared/units.ts), over published licensing examples: pure, no database. */
import { coreUnits, processorUnits } from '../../shared/units';

const server = (processors: number, coresPerProcessor: number | null) => ({ processors, coresPerProcessor });
const MICROSOFT = { coreFactor: '1', minCoresPerProcessor: 8, minCoresPerServer: 16 };
const SQL_SERVER = { coreFactor: '1', minCoresPerProcessor: 4, minCoresPerServer: 0 };
const ORACLE_X86 = { coreFactor: '0.5', minCoresPerProcessor: 0, minCoresPerServer: 0 };
const PLAIN = { coreFactor: '1', minCoresPerProcessor: 0, minCoresPerServer: 0 };

describe('coreUnits', () => {
  it.each([
    // Windows Server: every physical core, at least 8 per processor and 16 per server.
    ['Windows Server, 1 × 4 cores: the server minimum', server(1, 4), MICROSOFT, 16],
    ['Windows Server, 2 × 4 cores: 8 per processor', server(2, 4), MICROSOFT, 16],
    ['Windows Server, 2 × 12 cores: the cores', server(2, 12), MICROSOFT, 24],
    ['Windows Server, 4 × 6 cores: 8 per processor beats 24 cores', server(4, 6), MICROSOFT, 32],
    // SQL Server per core: at least 4 per processor, no server minimum.
    ['SQL Server, 1 × 2 cores', server(1, 2), SQL_SERVER, 4],
    ['SQL Server, 2 × 6 cores', server(2, 6), SQL_SERVER, 12],
    // Oracle: cores × the processor's core factor, rounded up.
    ['Oracle x86 (0.5), 2 × 6 cores', server(2, 6), ORACLE_X86, 6],
    ['Oracle x86 (0.5), 1 × 3 cores: 1.5 rounded up', server(1, 3), ORACLE_X86, 2],
    ['Oracle SPARC T (0.25), 1 × 5 cores: 1.25 rounded up', server(1, 5), { ...ORACLE_X86, coreFactor: '0.25' }, 2],
    ['Oracle IBM POWER (1.0), 2 × 8 cores', server(2, 8), { ...ORACLE_X86, coreFactor: '1.0' }, 16],
    ['a single-processor 4-core server, no minimum', server(1, 4), PLAIN, 4],
    // Exact decimals: 50 × 1.1 is 55.00000000000001 in floats, which rounds up to one core too many.
    ['a factor floats get wrong: 2 × 25 cores × 1.1', server(2, 25), { ...PLAIN, coreFactor: '1.1' }, 55],
  ])('%s', (_label, asset, terms, expected) => {
    expect(coreUnits(asset, terms)).toBe(expected);
  });

  it('is null for an asset whose cores are unknown', () => {
    expect(coreUnits(server(2, null), MICROSOFT)).toBeNull();
  });
});

describe('processorUnits', () => {
  it('counts the processors, whatever their cores', () => {
    expect(processorUnits(server(2, 12))).toBe(2);
    expect(processorUnits(server(1, null))).toBe(1);
  });
});
