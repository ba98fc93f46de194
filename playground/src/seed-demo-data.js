'use strict';

/**
 * Demo data for the playground: sixteen licenses over a few software titles, with organizations,
 * units, locations, persons and assets. The Compliance page shows software out of compliance
 * (Acrobat: in use on an expired license; Photoshop: over-assigned; SQL Server Enterprise: 32
 * cores counted on its two servers, 24 licensed), at risk (IntelliJ: its
 * licenses expire within the window; Visual Studio: fully used) and a month of daily snapshots;
 * several expiration and support dates fall within 0–90 days, so renewal reminders are due. Three
 * laptops' GLPI inventories are pushed (see seedInstallations). Written through the plugin's own services, so it obeys
 * every rule; skipped when any license, software, person or asset exists. Never creates an admin.
 */
const SYSTEM = 'system:demo-seed';

const daysFromNow = (days) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** A GLPI agent's inventory of one computer, as the agent sends it (tests/fixtures/inventory/README.md): the plugin reads its hostname, uuid, serial and software. */
const glpiInventory = (hostname, serial, uuid, softwares) => ({
  action: 'inventory',
  deviceid: `${hostname}-2025-01-06-09-00-00`,
  itemtype: 'Computer',
  content: {
    versionclient: 'GLPI-Agent_v1.11',
    hardware: { name: hostname, uuid, osname: 'Microsoft Windows 11 Pro', memory: 16075 },
    bios: { ssn: serial, smanufacturer: 'LENOVO', smodel: 'ThinkPad T14 Gen 4' },
    softwares: softwares.map(([name, version, publisher]) => ({ name, version, publisher, arch: 'x86_64', from: 'registry' })),
  },
});

/**
 * Installations (issue 28): recognition rules for the titles licensed here and for runtimes and
 * updates to ignore, then three laptops' inventories pushed through the service the inventory
 * route uses. Laptop 1 has Microsoft 365 (its asset is assigned) and Photoshop, which no license
 * covers on it (an unlicensed installation); Laptop 2 is assigned Microsoft 365 but its inventory
 * shows none (a seat to reclaim); Laptop 3 reports a name no rule knows. Runtimes and a hotfix are ignored.
 */
const seedInstallations = async (installations, { office, photoshop, acrobat }) => {
  if (!installations) return;
  const rule = (data) => installations.rules.create(data);
  await rule({ match: { name: { op: 'contains', value: 'Microsoft 365 Apps' } }, software: office });
  await rule({ match: { name: { op: 'contains', value: 'Photoshop' } }, software: photoshop });
  await rule({ match: { name: { op: 'regex', value: '^Adobe Acrobat' } }, software: acrobat });
  await rule({ match: { name: { op: 'regex', value: '^Microsoft (Visual C\\+\\+ .*Redistributable|\\.NET .*Runtime)' } }, ignore: true });
  await rule({ match: { name: { op: 'regex', value: '^KB\\d+$' } }, ignore: true });
  const runtimes = [
    ['Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130', '14.38.33130.0', 'Microsoft Corporation'],
    ['Microsoft .NET Runtime - 8.0.0 (x64)', '64.0.31567', 'Microsoft Corporation'],
    ['KB5032189', null, null],
  ];
  await installations.push(
    glpiInventory('lt-1.acme.local', 'PF4A1X01', '4C4C4544-0031-3410-8051-B4C04F4A3101', [
      ['Microsoft 365 Apps for enterprise - en-us', '16.0.17126.20132', 'Microsoft Corporation'],
      ['Adobe Photoshop 2025', '26.1.0', 'Adobe Inc.'],
      ['7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov'],
      ...runtimes,
    ]),
  );
  await installations.push(
    glpiInventory('lt-2.acme.local', 'PF4A1X02', '4C4C4544-0031-3410-8051-B4C04F4A3102', [['Notepad++ (64-bit x64)', '8.6', 'Notepad++ Team'], ...runtimes]),
  );
  await installations.push(
    glpiInventory('lt-3.acme.local', 'PF4A1X03', '4C4C4544-0031-3410-8051-B4C04F4A3103', [
      ['Adobe Acrobat (64-bit)', '24.001.20604', 'Adobe Inc.'],
      ['Ledgerline Sync Client', '2.4.1', null],
      ...runtimes,
    ]),
  );
};

module.exports = async (strapi) => {
  const plugin = strapi.plugin('license-manager');
  const { reference, license, assignments } = plugin.services;
  const uid = (name) => `plugin::license-manager.${name}`;
  for (const type of ['license', 'software', 'person', 'asset']) {
    if ((await strapi.db.query(uid(type)).count()) > 0) return;
  }

  const org = async (data) => (await reference.create('organizations', data)).documentId;
  const acme = await org({ name: 'Acme Corporation', isInternal: true });
  const microsoft = await org({ name: 'Microsoft', isManufacturer: true });
  const adobe = await org({ name: 'Adobe', isManufacturer: true });
  const jetbrains = await org({ name: 'JetBrains', isManufacturer: true });
  const reseller = await org({ name: 'SoftwareOne', isSupplier: true });

  const it = (await reference.create('organizational-units', { name: 'IT', organization: acme })).documentId;
  const finance = (await reference.create('organizational-units', { name: 'Finance', organization: acme })).documentId;
  const dev = (await reference.create('organizational-units', { name: 'Development', organization: acme, parent: it })).documentId;

  const hq = (await reference.create('locations', { name: 'Headquarters', address: '1 Main Street' })).documentId;
  const serverRoom = (await reference.create('locations', { name: 'Server room', parent: hq })).documentId;
  const branch = (await reference.create('locations', { name: 'Branch office', address: '5 Harbour Road' })).documentId;

  const sw = async (data) => (await reference.create('software', data)).documentId;
  const office = await sw({ name: 'Microsoft 365 Apps', version: '2024', manufacturer: microsoft });
  const windows = await sw({ name: 'Windows 11 Pro', version: '23H2', manufacturer: microsoft });
  const acrobat = await sw({ name: 'Acrobat Pro', version: '2024', manufacturer: adobe });
  const intellij = await sw({ name: 'IntelliJ IDEA Ultimate', version: '2025.1', manufacturer: jetbrains });
  const sqlServer = await sw({ name: 'SQL Server Standard', version: '2022', manufacturer: microsoft });
  const sqlEnterprise = await sw({ name: 'SQL Server Enterprise', version: '2022', manufacturer: microsoft });
  const visualStudio = await sw({ name: 'Visual Studio Professional', version: '2022', manufacturer: microsoft });
  const photoshop = await sw({ name: 'Photoshop', version: '2025', manufacturer: adobe });
  const defender = await sw({ name: 'Defender for Endpoint', version: 'P2', manufacturer: microsoft });

  const categories = await reference.list('categories', { pageSize: 100 });
  const category = (name) => categories.data.find((c) => c.name === name)?.documentId ?? null;

  const people = [];
  const names = [
    ['Anna', 'Nowak'],
    ['Ben', 'Carter'],
    ['Chloe', 'Dubois'],
    ['David', 'Kim'],
    ['Eva', 'Lind'],
    ['Felix', 'Moreau'],
    ['Grace', 'Osei'],
    ['Hugo', 'Perez'],
    ['Ines', 'Quinn'],
    ['Jonas', 'Schmidt'],
  ];
  for (const [i, [firstName, lastName]] of names.entries()) {
    const p = await reference.create('persons', {
      firstName,
      lastName,
      email: `${firstName}.${lastName}@acme.example`.toLowerCase(),
      employeeNumber: `E-${1001 + i}`,
      organization: acme,
      organizationalUnit: i < 4 ? dev : i < 7 ? it : finance,
      location: i < 7 ? hq : branch,
    });
    people.push(p.documentId);
  }
  const assets = [];
  // The servers' processors and cores, what per-processor and per-core licenses count: Server 1 has
  // 2 × 4 cores (under a per-core license's usual minimum of 8 per processor), Server 2 1 × 16.
  // The laptops keep the default of one processor and unknown cores.
  const hardware = { 5: { processors: 2, coresPerProcessor: 4 }, 6: { processors: 1, coresPerProcessor: 16 } };
  for (let i = 1; i <= 6; i++) {
    const a = await reference.create('assets', {
      name: i <= 4 ? `Laptop ${i}` : `Server ${i - 4}`,
      inventoryNumber: `INV-A-${100 + i}`,
      assetType: i <= 4 ? 'laptop' : 'server',
      hostname: i <= 4 ? `lt-${i}.acme.local` : `srv-${i - 4}.acme.local`,
      organization: acme,
      location: i <= 4 ? hq : serverRoom,
      ...hardware[i],
    });
    assets.push(a.documentId);
  }

  const base = { organization: acme, supplier: reseller, currency: 'EUR', vatRate: '23.00' };
  const demo = [
    {
      name: 'Microsoft 365 Apps – Development',
      software: office,
      category: category('Subscription'),
      quantity: 5,
      netUnitPrice: '120.00',
      expirationDate: daysFromNow(200),
      organizationalUnit: dev,
      keys: [{ value: 'M365-DEV-7QX2-9KLM-44TR', label: 'Tenant key' }],
    },
    {
      name: 'Microsoft 365 Apps – Finance',
      software: office,
      category: category('Subscription'),
      quantity: 3,
      netUnitPrice: '120.00',
      expirationDate: daysFromNow(14),
      organizationalUnit: finance,
    },
    {
      name: 'Windows 11 Pro – laptops',
      software: windows,
      category: category('OEM'),
      assignmentModel: 'per_computer',
      quantity: 4,
      netUnitPrice: '145.50',
      locationStructure: hq,
      supportDate: daysFromNow(60),
      keys: [
        { value: 'W11P-OEM-AAAA-BBBB-CCCC', label: 'OEM batch 1' },
        { value: 'W11P-OEM-DDDD-EEEE-FFFF', label: 'OEM batch 2' },
      ],
    },
    {
      name: 'Windows 11 Pro – volume',
      software: windows,
      category: category('Open/MOLP'),
      assignmentModel: 'per_computer',
      quantity: 10,
      netUnitPrice: '99.99',
      purchaseDate: daysFromNow(-400),
      supportDate: daysFromNow(300),
    },
    {
      name: 'Acrobat Pro – team',
      software: acrobat,
      category: category('Subscription'),
      quantity: 4,
      netUnitPrice: '239.88',
      expirationDate: daysFromNow(-10),
      purchaseDate: daysFromNow(-375),
    },
    {
      name: 'Acrobat Pro – legal',
      software: acrobat,
      category: category('Retail (FPP)'),
      quantity: 1,
      netUnitPrice: '449.00',
      serialNumber: 'ACR-2024-000917',
    },
    {
      name: 'IntelliJ IDEA – developers',
      software: intellij,
      category: category('Subscription'),
      quantity: 3,
      netUnitPrice: '599.00',
      expirationDate: daysFromNow(25),
      organizationalUnit: dev,
      overAssignment: 'allow',
    },
    { name: 'IntelliJ IDEA – trial', software: intellij, category: category('Trial'), quantity: 2, expirationDate: daysFromNow(5) },
    {
      name: 'SQL Server Standard – production',
      software: sqlServer,
      category: category('Volume'),
      assignmentModel: 'per_computer',
      quantity: 2,
      netUnitPrice: '3586.00',
      purchaseDate: daysFromNow(-700),
      supportDate: daysFromNow(30),
      locationStructure: serverRoom,
      physicalLocation: 'Headquarters, server room, rack 2',
      inventoryNumber: 'INV-L-0001',
      invoiceNumber: 'FV/2024/02/17',
    },
    {
      name: 'SQL Server Standard – test',
      software: sqlServer,
      category: category('Volume'),
      assignmentModel: 'per_computer',
      quantity: 1,
      netUnitPrice: '3586.00',
      locationStructure: serverRoom,
    },
    {
      // Per core, as Microsoft licenses it: at least 8 cores a processor, so Server 1 (2 × 4) counts 16
      // and Server 2 (1 × 16) 16: 32 of 24 cores, allowed over, so Compliance shows the 8 short.
      name: 'SQL Server 2022 Enterprise',
      software: sqlEnterprise,
      category: category('Volume'),
      assignmentModel: 'per_core',
      quantity: 24,
      minCoresPerProcessor: 8,
      netUnitPrice: '6874.00',
      purchaseDate: daysFromNow(-120),
      supportDate: daysFromNow(245),
      locationStructure: serverRoom,
      overAssignment: 'allow',
    },
    {
      // Site-wide under the enterprise agreement: no quantity, no limit; its assignments record who
      // and what runs it, and Compliance shows the software covered with its users.
      name: 'Defender for Endpoint – enterprise agreement',
      software: defender,
      category: category('Volume'),
      assignmentModel: 'site',
      purchaseDate: daysFromNow(-200),
      expirationDate: daysFromNow(165),
    },
    {
      name: 'Windows 11 Pro – branch',
      software: windows,
      category: category('Retail (FPP)'),
      assignmentModel: 'per_computer',
      quantity: 2,
      netUnitPrice: '259.00',
      locationStructure: branch,
    },
    {
      name: 'Microsoft 365 Apps – IT',
      software: office,
      category: category('Subscription'),
      quantity: 4,
      netUnitPrice: '120.00',
      expirationDate: daysFromNow(90),
      organizationalUnit: it,
    },
    {
      name: 'Visual Studio Professional – developers',
      software: visualStudio,
      category: category('Subscription'),
      quantity: 4,
      netUnitPrice: '499.00',
      purchaseDate: daysFromNow(-300),
      expirationDate: daysFromNow(65),
      supportDate: daysFromNow(7),
      organizationalUnit: dev,
    },
    {
      name: 'Photoshop – design',
      software: photoshop,
      category: category('Subscription'),
      quantity: 2,
      netUnitPrice: '263.88',
      purchaseDate: daysFromNow(-200),
      expirationDate: daysFromNow(165),
      overAssignment: 'allow',
    },
    {
      name: 'Photoshop – old perpetual',
      software: photoshop,
      category: category('Retail (FPP)'),
      quantity: 1,
      netUnitPrice: '899.00',
      purchaseDate: daysFromNow(-2000),
      expirationDate: daysFromNow(-30),
    },
  ];
  const created = [];
  for (const data of demo) {
    const fields = { ...base, ...data };
    if (!fields.netUnitPrice) delete fields.vatRate;
    created.push(await license.create(fields, SYSTEM));
  }
  const byName = (name) => created.find((l) => l.name === name).documentId;
  await assignments.setAssigned(byName('Microsoft 365 Apps – Development'), 'person', people.slice(0, 4), SYSTEM);
  await assignments.setAssigned(byName('Microsoft 365 Apps – Development'), 'asset', assets.slice(0, 2), SYSTEM);
  await assignments.setAssigned(byName('Windows 11 Pro – laptops'), 'asset', assets.slice(0, 4), SYSTEM);
  await assignments.setAssigned(byName('IntelliJ IDEA – developers'), 'person', people.slice(0, 4), SYSTEM);
  await assignments.setAssigned(byName('SQL Server Standard – production'), 'asset', assets.slice(4, 6), SYSTEM);
  await assignments.setAssigned(byName('SQL Server 2022 Enterprise'), 'asset', assets.slice(4, 6), SYSTEM);
  await assignments.setAssigned(byName('Acrobat Pro – team'), 'person', people.slice(7, 10), SYSTEM);
  await assignments.setAssigned(byName('Defender for Endpoint – enterprise agreement'), 'person', people, SYSTEM);
  await assignments.setAssigned(byName('Defender for Endpoint – enterprise agreement'), 'asset', assets.slice(0, 4), SYSTEM);
  await assignments.setAssigned(byName('Visual Studio Professional – developers'), 'person', people.slice(0, 4), SYSTEM);
  await assignments.setAssigned(byName('Photoshop – design'), 'person', people.slice(4, 8), SYSTEM);
  await seedInstallations(plugin.services.installations, { office, photoshop, acrobat });
  // A month of daily compliance snapshots, each as of its day, so the trend has a history.
  if (plugin.services.compliance) {
    for (let d = -30; d <= 0; d++) await plugin.services.compliance.snapshot(daysFromNow(d));
  }
  await grantSelfService(strapi);
  strapi.log.info(`[license-manager playground] demo data seeded: ${created.length} licenses`);
};

/** Signed-in Users & Permissions users may read their own licenses (GET /api/license-manager/me/licenses). */
const grantSelfService = async (strapi) => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const action = 'plugin::license-manager.me.find';
  if (!role || (await strapi.db.query('plugin::users-permissions.permission').count({ where: { action, role: role.id } }))) return;
  await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
};
