/**
 * Recognition rules, versions and device keys (server/src/domain/installations.ts), and inventories
 * read from the three shapes a push brings (shared/schemas/inventory.ts), over the GLPI and
 * FusionInventory fixtures in tests/fixtures/inventory: pure, no database.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  deviceKey,
  deviceMatchKeys,
  inRuleOrder,
  inVersionRange,
  entryIdentity,
  matchesText,
  patternError,
  planPush,
  recognize,
  type Rule,
} from '../../server/src/domain/installations';
import { INVENTORY_ENTRIES_MAX } from '../../shared/constants';
import { compareVersions } from '../../shared/versions';
import { installationRuleErrors, installationRuleSchema, inventoryEntryCount, readInventory, type InventoryPush } from '../../shared/schemas';

const fixture = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'inventory', name), 'utf8'));
const pushOf = (body: unknown): InventoryPush => {
  const r = readInventory(body);
  if (!r.success) throw new Error(JSON.stringify(r.issues));
  return r.push;
};
const pathsOf = (body: unknown) => {
  const r = readInventory(body);
  return r.success ? [] : r.issues.map((i) => i.path.join('.'));
};

describe('matchesText', () => {
  it('compares equals and contains case-insensitively, trimmed; a missing text matches nothing', () => {
    expect(matchesText({ op: 'equals', value: 'microsoft corporation ' }, ' Microsoft Corporation')).toBe(true);
    expect(matchesText({ op: 'equals', value: 'Microsoft' }, 'Microsoft Corporation')).toBe(false);
    expect(matchesText({ op: 'contains', value: 'VISIO' }, 'Microsoft Visio Professional 2021')).toBe(true);
    expect(matchesText({ op: 'contains', value: 'visio' }, null)).toBe(false);
  });

  it('finds a pattern case-insensitively, anchored only where the pattern says so', () => {
    expect(matchesText({ op: 'regex', value: '^microsoft (365|office)' }, 'Microsoft 365 Apps for enterprise - en-us')).toBe(true);
    expect(matchesText({ op: 'regex', value: 'redistributable.*\\(x64\\)' }, 'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38')).toBe(true);
    expect(matchesText({ op: 'regex', value: '^visio' }, 'Microsoft Visio')).toBe(false);
  });

  it('runs a pattern that backtracks for ever elsewhere in time linear in the text', () => {
    // (a+)+$ over 100,000 a's and a "!" is exponential for a backtracking engine (this test would
    // never end, past jest's timeout); RE2 answers at once.
    expect(matchesText({ op: 'regex', value: '(a+)+$' }, `${'a'.repeat(100_000)}!`)).toBe(false);
  });

  it('refuses the patterns RE2 does not accept, and says why', () => {
    expect(patternError('^Adobe (Acrobat|Reader)')).toBeNull();
    expect(patternError('(a)\\1')).toMatch(/invalid escape/);
    expect(patternError('(?=x)')).not.toBeNull();
    expect(patternError('(unclosed')).toMatch(/missing closing \)/);
  });
});

describe('compareVersions and inVersionRange', () => {
  it.each([
    ['10.2', '9.12', 1],
    ['1.2', '1.2.0', 0],
    ['16.0.17126.20132', '16.0.17126.20131', 1],
    ['2021', '2019', 1],
    ['1.10', '1.9', 1],
    ['1.02', '1.2', 0],
    ['1.2-beta', '1.2.0', 1],
    ['1.2.a', '1.2.b', -1],
    ['99999999999999999999.1', '99999999999999999998.9', 1],
    ['8.0.0', '8', 0],
    ['1:2.3', '1:2.4', -1],
  ])('%s against %s: %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });

  it('holds min ≤ version < below, each optional; no version is outside any bounded range', () => {
    expect(inVersionRange('16.0', '16', '17')).toBe(true);
    expect(inVersionRange('17.0', '16', '17')).toBe(false);
    expect(inVersionRange('15.9.9', '16', null)).toBe(false);
    expect(inVersionRange('2024', null, '2025')).toBe(true);
    expect(inVersionRange(null, null, null)).toBe(true);
    expect(inVersionRange(null, '1', null)).toBe(false);
  });
});

describe('recognize', () => {
  const rules: Rule[] = inRuleOrder([
    { id: 5, position: 30, match: { name: { op: 'contains', value: 'Visio' } }, software: 2 },
    { id: 1, position: 10, match: { name: { op: 'regex', value: '^KB\\d+$' } }, ignore: true },
    {
      id: 2,
      position: 20,
      match: { name: { op: 'contains', value: 'Visio' }, publisher: { op: 'equals', value: 'Microsoft Corporation' } },
      versionMin: '16',
      software: 1,
    },
    { id: 3, position: 20, match: { publisher: { op: 'contains', value: 'microsoft' } }, software: 9 },
  ]);

  it('tries the rules by position, then id; the first match wins', () => {
    expect(rules.map((r) => r.id)).toEqual([1, 2, 3, 5]);
    expect(recognize(rules, { name: 'Microsoft Visio Professional 2021', version: '16.0.14332', publisher: 'Microsoft Corporation' })).toEqual({
      rule: 2,
      software: 1,
      ignore: false,
    });
    // Below the version: the next rule that matches.
    expect(recognize(rules, { name: 'Microsoft Visio Standard 2010', version: '14.0', publisher: 'Microsoft Corporation' })).toMatchObject({
      rule: 3,
      software: 9,
    });
    // Without a publisher only the name rules can match.
    expect(recognize(rules, { name: 'Visio Viewer', version: null, publisher: null })).toMatchObject({ rule: 5, software: 2 });
    expect(recognize(rules, { name: 'KB5032189', version: null, publisher: null })).toEqual({ rule: 1, software: null, ignore: true });
    expect(recognize(rules, { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov' })).toBeNull();
  });
});

describe('device keys', () => {
  it('trims and lower-cases identifiers and leaves out placeholders', () => {
    expect(deviceKey('  5CG1234XYZ ')).toBe('5cg1234xyz');
    expect(['To Be Filled By O.E.M.', 'Default string', 'No Asset Information', '   ', null].map(deviceKey)).toEqual([null, null, null, null, null]);
  });

  it('matches by serial number, then uuid, then hostname, then inventory number', () => {
    expect(deviceMatchKeys({ hostname: 'WKS-ACC-014', serialNumber: 'System Serial Number', uuid: 'ABC-1', inventoryNumber: 'INV-7' })).toEqual([
      { by: 'uuid', key: 'abc-1' },
      { by: 'hostname', key: 'wks-acc-014' },
      { by: 'inventoryNumber', key: 'inv-7' },
    ]);
  });
});

describe('readInventory', () => {
  it('reads a GLPI agent inventory of a Windows computer: the device and each software entry', () => {
    const body = fixture('glpi-agent-computer.json');
    const push = pushOf(body);
    expect(push.format).toBe('glpi');
    expect(push.source).toBe('glpi');
    expect(push.device).toEqual({
      hostname: body.content.hardware.name,
      serialNumber: body.content.bios.ssn,
      uuid: body.content.hardware.uuid,
      inventoryNumber: body.content.bios.assettag ?? null,
    });
    expect(push.software).toHaveLength(body.content.softwares.length);
    expect(push.software).toContainEqual({
      name: 'Microsoft Visio Professional 2021 - en-us',
      version: '16.0.17126.20132',
      publisher: 'Microsoft Corporation',
    });
    // Entries without a version or a publisher (Windows hotfixes) keep null.
    expect(push.software.find((s) => s.name === 'KB5032189')).toEqual({ name: 'KB5032189', version: null, publisher: null });
  });

  it('reads a GLPI agent inventory of a Linux server', () => {
    const body = fixture('glpi-agent-linux-server.json');
    const push = pushOf(body);
    expect(push.device.hostname).toBe(body.content.hardware.name);
    expect(push.software.map((s) => s.name)).toEqual(body.content.softwares.map((s: { name: string }) => s.name));
  });

  it('reads a FusionInventory inventory (upper-case keys), and a single software given as an object', () => {
    const body = fixture('fusioninventory-computer.json');
    const push = pushOf(body);
    expect(push).toMatchObject({ format: 'fusioninventory', source: 'fusioninventory', device: { hostname: 'LAPTOP-HR-03', serialNumber: 'PF2ABCD1' } });
    expect(push.software).toHaveLength(body.CONTENT.SOFTWARES.length);
    const single = { ...body, CONTENT: { ...body.CONTENT, SOFTWARES: body.CONTENT.SOFTWARES[0] } };
    expect(pushOf(single).software).toEqual([push.software[0]]);
    // The "No Asset Information" tag stays a text here; matching leaves it out (deviceKey).
    expect(deviceKey(push.device.inventoryNumber)).toBeNull();
  });

  it('reads the simple format; the same entry twice is one', () => {
    const entry = { name: 'Visio', version: '16.0', publisher: 'Microsoft' };
    expect(pushOf({ device: { hostname: 'pc-1' }, software: [entry, { ...entry }, { name: 'Visio', version: 16 }] })).toEqual({
      format: 'simple',
      device: { hostname: 'pc-1', serialNumber: null, uuid: null, inventoryNumber: null },
      software: [entry, { name: 'Visio', version: '16', publisher: null }],
      source: 'api',
    });
  });

  it('names the path of each bad value, as the client wrote it', () => {
    expect(pathsOf({ device: {}, software: [] })).toEqual(['device']);
    expect(pathsOf({ device: { hostname: 'x' }, software: [{ version: '1' }, { name: 'a\u0000b' }], extra: 1 })).toEqual([
      'software.0.name',
      'software.1.name',
      '',
    ]);
    expect(pathsOf({ device: { hostname: 'x' }, software: [{ name: 'x'.repeat(2 * 1024 * 1024) }] })).toEqual(['software.0.name']);
    expect(pathsOf({ deviceid: 'd', content: { hardware: { name: 'pc' }, softwares: [{ name: 'ok' }, { name: '' }] } })).toEqual(['content.softwares.1.name']);
    expect(pathsOf({ DEVICEID: 'd', CONTENT: { HARDWARE: {}, SOFTWARES: [{ VERSION: '1' }] } })).toEqual(['CONTENT.SOFTWARES.0.NAME']);
    expect(pathsOf({ DEVICEID: 'd', CONTENT: { HARDWARE: {}, SOFTWARES: [] } })).toEqual(['CONTENT.HARDWARE']);
    expect(pathsOf({ deviceid: 'd' })).toEqual(['content']);
    expect(pathsOf('not an object')).toEqual(['']);
  });

  it('counts the entries before reading any, in every shape', () => {
    const many = Array.from({ length: INVENTORY_ENTRIES_MAX + 1 }, (_, i) => ({ name: `s${i}` }));
    expect(inventoryEntryCount({ device: { hostname: 'x' }, software: many })).toBe(INVENTORY_ENTRIES_MAX + 1);
    expect(inventoryEntryCount({ deviceid: 'd', content: { softwares: many } })).toBe(INVENTORY_ENTRIES_MAX + 1);
    expect(inventoryEntryCount({ DEVICEID: 'd', CONTENT: { SOFTWARES: { NAME: 'one' } } })).toBe(1);
    expect(inventoryEntryCount({ deviceid: 'd' })).toBe(0);
  });
});

describe('installation rules as a client writes them', () => {
  const paths = (body: unknown) => {
    const r = installationRuleSchema.safeParse(body);
    return r.success ? installationRuleErrors(r.data).map((e) => e.path.join('.')) : r.error.issues.map((i) => i.path.join('.'));
  };

  it('takes a match on the name, the publisher or both, a version range and a software or ignore', () => {
    expect(paths({ match: { name: { op: 'contains', value: 'Visio' } }, versionMin: '16', versionBelow: '17', software: 'abc123' })).toEqual([]);
    expect(paths({ match: { publisher: { op: 'regex', value: '^Microsoft' } }, ignore: true, position: 3 })).toEqual([]);
  });

  it('names each bad field', () => {
    expect(paths({ match: { name: { op: 'like', value: 'x' } }, software: 'a' })).toEqual(['match.name.op']);
    expect(paths({ match: { name: { op: 'equals', value: '  ' } }, software: 'a' })).toEqual(['match.name.value']);
    expect(paths({ match: { name: { op: 'equals', value: 'x' }, version: '1' }, software: 'a' })).toEqual(['match']);
    expect(paths({ match: {}, software: 'a' })).toEqual(['match']);
    expect(paths({ match: { name: { op: 'equals', value: 'x' } } })).toEqual(['software']);
    expect(paths({ match: { name: { op: 'equals', value: 'x' } }, software: 'a', ignore: true })).toEqual(['software']);
    expect(paths({ match: { name: { op: 'equals', value: 'x' } }, software: 'a', versionMin: '2.0', versionBelow: '2' })).toEqual(['versionBelow']);
    expect(paths({ match: { name: { op: 'equals', value: 'x' } }, ignore: true, position: -1 })).toEqual(['position']);
    expect(paths({ match: { name: { op: 'equals', value: 'x\u0000' } }, ignore: true })).toEqual(['match.name.value']);
  });
});

describe('planPush', () => {
  const e = (name: string, version: string | null = null, publisher: string | null = null) => ({ name, version, publisher });

  it('adds what is new, keeps what is seen again, ends what is missing: the push replaces the set', () => {
    const before = [e('Visio', '16'), e('7-Zip', '23.01'), e('KB1')].map(entryIdentity);
    const plan = planPush(before, [e('Visio', '16'), e('Visio', '17'), e('KB1'), e('Visio', '17')]);
    expect(plan).toEqual({ added: [e('Visio', '17')], kept: [e('Visio', '16'), e('KB1')], ended: [entryIdentity(e('7-Zip', '23.01'))] });
  });

  it('changes nothing when the same push comes twice', () => {
    const push = [e('Visio', '16', 'Microsoft'), e('Slack')];
    const first = planPush([], push);
    expect(first.added).toEqual(push);
    expect(planPush(first.added.map(entryIdentity), push)).toEqual({ added: [], kept: push, ended: [] });
  });

  it('tells entries apart by name, version and publisher exactly', () => {
    expect(new Set([e('a', '1', 'p'), e('a', '1', null), e('a', null, 'p'), e('A', '1', 'p')].map(entryIdentity)).size).toBe(4);
  });
});
