/**
 * Bulk seeding straight into the plugin's own tables with knex: multi-row INSERTs in batches, one
 * transaction per table (per 20,000 rows for the big ones). Table and column names come from
 * Strapi's metadata (tableOf/columnOf of server/src/db), UIDs from shared/constants.ts, name keys
 * from nameKey(), key ciphertext from the plugin's own keys service (the app's encryption key).
 * Deterministic: a seeded PRNG, so every run at a scale holds the same data.
 */
'use strict';

const { fromRoot } = require('./ts');

const { UID, ASSET_TYPES } = fromRoot('shared/constants.ts');
const { tableOf, columnOf, nameKey, newDocumentId } = fromRoot('server/src/db/index.ts');
const { grossFromNet } = fromRoot('shared/money.ts');
const { periodsIn, positionOn } = fromRoot('server/src/domain/purchases.ts');

/** mulberry32: small, fast, deterministic. */
const prng = (seed) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const WORDS = [
  'Office',
  'Adobe',
  'Autodesk',
  'Visual',
  'Studio',
  'Server',
  'Cloud',
  'Backup',
  'Antivirus',
  'Design',
  'Project',
  'Analytics',
  'Database',
  'Gateway',
  'Desktop',
  'Mobile',
  'Security',
  'Monitor',
  'Compiler',
  'Suite',
];

const pad = (n, w = 6) => String(n).padStart(w, '0');
const day = (d) => d.toISOString().slice(0, 10);

const sizes = (scale) => ({
  licenses: Math.round(20000 * scale),
  software: Math.round(2000 * scale),
  persons: Math.round(20000 * scale),
  assets: Math.round(5000 * scale),
  assignments: Math.round(200000 * scale),
  keys: Math.round(40000 * scale),
  organizations: Math.max(10, Math.round(200 * scale)),
  units: Math.max(10, Math.round(400 * scale)),
  locations: Math.max(10, Math.round(100 * scale)),
});

/**
 * `purchases`: further purchases per license (docs/domain.md, "Purchases"), 0 by default so runs
 * compare with earlier ones; 3 gives every license last year's term, this year's and a top-up.
 */
const seed = async (strapi, { scale, purchases = 0, log = () => {} }) => {
  const knex = strapi.db.connection;
  const n = sizes(scale);
  const rand = prng(20250505);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  // Rows are written with attribute names and mapped to columns through Strapi's metadata.
  const toRow = (uid, data) => {
    const row = {};
    for (const [attr, value] of Object.entries(data)) row[columnOf(strapi, uid, attr)] = value;
    return row;
  };
  const client = strapi.db.dialect.client;
  const sqlite = client === 'sqlite' || client === 'better-sqlite3';
  // knex writes a multi-row INSERT on SQLite as a compound SELECT: at most 500 terms there.
  const maxRows = sqlite ? 450 : 5000;
  const maxParams = sqlite ? 30000 : 60000;

  /** Inserts rows made by make(i) for i in [0, count), in batches, `perTrx` rows per transaction. */
  const insert = async (uid, count, make, perTrx = 20000) => {
    const table = tableOf(strapi, uid);
    const started = Date.now();
    for (let from = 0; from < count; from += perTrx) {
      const rows = [];
      for (let i = from; i < Math.min(count, from + perTrx); i++) rows.push(toRow(uid, make(i)));
      if (!rows.length) continue;
      const batch = Math.max(1, Math.min(maxRows, Math.floor(maxParams / Object.keys(rows[0]).length)));
      await knex.transaction(async (trx) => {
        for (let i = 0; i < rows.length; i += batch) await trx(table).insert(rows.slice(i, i + batch));
      });
    }
    const ids = (await knex(table).select('id').orderBy('id')).map((r) => r.id);
    log(`  ${table}: ${count} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return ids;
  };

  const now = new Date();
  const stamps = () => ({ documentId: newDocumentId(), createdAt: now, updatedAt: now });

  const orgIds = await insert(UID.organization, n.organizations, (i) => {
    const name = `Organization ${pad(i, 4)}`;
    return { ...stamps(), name, nameKey: nameKey(name), isInternal: i % 5 === 0, isSupplier: i % 3 === 0, isManufacturer: i % 2 === 0 };
  });
  const unitOrg = [];
  const unitIds = await insert(UID.organizationalUnit, n.units, (i) => {
    const org = orgIds[i % orgIds.length];
    unitOrg.push(org);
    return { ...stamps(), name: `Unit ${pad(i, 4)}`, organization: org };
  });
  const locationIds = await insert(UID.location, n.locations, (i) => ({ ...stamps(), name: `Location ${pad(i, 4)}`, address: `Street ${i}` }));
  const categoryIds = (await knex(tableOf(strapi, UID.category)).select('id').orderBy('id')).map((r) => r.id);
  const softwareIds = await insert(UID.software, n.software, (i) => {
    const name = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${pad(i, 5)}`;
    const version = String(2000 + (i % 26));
    return { ...stamps(), name, version, manufacturer: orgIds[i % orgIds.length], nameKey: nameKey(name, version) };
  });
  const personIds = await insert(UID.person, n.persons, (i) => ({
    ...stamps(),
    firstName: `First${i % 977}`,
    lastName: `Last ${pad(i)}`,
    email: `person${i}@bench.test`,
    employeeNumber: `E${pad(i)}`,
    organization: orgIds[i % orgIds.length],
    active: true,
  }));
  const assetIds = await insert(UID.asset, n.assets, (i) => ({
    ...stamps(),
    name: `Asset ${pad(i)}`,
    inventoryNumber: `AST-${pad(i)}`,
    serialNumber: `S${pad(i * 31)}`,
    assetType: ASSET_TYPES[i % ASSET_TYPES.length],
    hostname: `host-${i}.bench.test`,
    user: personIds[i % personIds.length],
  }));

  // Assignments per license: heavy-tailed (most licenses hold a few seats, some hundreds), scaled to the total.
  const raw = Array.from({ length: n.licenses }, () => 1 / Math.pow(1 - rand() * 0.999, 0.9));
  const rawSum = raw.reduce((a, b) => a + b, 0);
  const perLicense = raw.map((r) => Math.min(Math.floor((r / rawSum) * n.assignments), Math.floor(n.persons / 2)));
  let missing = n.assignments - perLicense.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % n.licenses, missing--) perLicense[i]++;
  const models = perLicense.map((_, i) => (i % 5 === 4 ? 'per_computer' : 'per_user'));
  // Split each license's assignments into persons and assets: 90% of the kind its model counts.
  const split = perLicense.map((count, i) => {
    const counted = Math.round(count * 0.9);
    const other = count - counted;
    let persons = models[i] === 'per_user' ? counted : other;
    let assets = models[i] === 'per_user' ? other : counted;
    if (assets > assetIds.length / 2) {
      persons += assets - Math.floor(assetIds.length / 2);
      assets = Math.floor(assetIds.length / 2);
    }
    return { persons, assets };
  });

  const base = new Date(Date.UTC(2024, 0, 1));
  const licenseIds = await insert(UID.license, n.licenses, (i) => {
    const used = models[i] === 'per_user' ? split[i].persons : split[i].assets;
    const over = i % 20 === 7 && used > 1; // 5%: more seats used than bought, under `allow`
    const quantity = over ? Math.max(1, used - 1 - Math.floor(rand() * 5)) : used + 1 + Math.floor(rand() * 20);
    const net = (10 + Math.floor(rand() * 99000) / 100).toFixed(2);
    const vat = pick(['0.00', '8.00', '19.00', '23.00']);
    const purchase = new Date(base.getTime() + Math.floor(rand() * 700) * 86400000);
    const expiration = i % 4 === 0 ? null : new Date(purchase.getTime() + Math.floor(rand() * 1500) * 86400000);
    const unit = i % unitIds.length;
    const name = `${WORDS[i % WORDS.length]} ${WORDS[(i * 3) % WORDS.length]} license ${pad(i)}`;
    return {
      ...stamps(),
      name,
      nameKey: nameKey(name),
      category: categoryIds.length ? categoryIds[i % categoryIds.length] : null,
      software: softwareIds[i % softwareIds.length],
      organization: unitOrg[unit], // the unit belongs to it, as the plugin requires
      organizationalUnit: unitIds[unit],
      locationStructure: locationIds[i % locationIds.length],
      physicalLocation: `Building ${i % 12}, room ${i % 300}`,
      serialNumber: `SN-${pad(i * 13, 8)}`,
      inventoryNumber: `INV-${pad(i)}`,
      supplier: orgIds[(i * 7) % orgIds.length],
      expirationDate: expiration ? day(expiration) : null,
      supportDate: expiration ? day(expiration) : null,
      // Kept from the dates without purchases (db/purchases); set again below for licenses with purchases.
      validUntil: expiration ? day(expiration) : null,
      supportUntil: expiration ? day(expiration) : null,
      // Kept as the plugin's writes keep it: paid once, one period.
      periods: 1,
      purchaseDate: day(purchase),
      invoiceNumber: `FV/${purchase.getUTCFullYear()}/${pad(i, 5)}`,
      netUnitPrice: net,
      vatRate: vat,
      grossUnitPrice: grossFromNet(net, vat),
      currency: 'EUR',
      assignmentModel: models[i],
      quantity,
      overAssignment: over ? 'allow' : 'block',
      notes: i % 10 === 0 ? 'Bench license' : null,
      // The seats it keeps (services/seat-counts), from the assignments written below; verified after.
      personsCount: split[i].persons,
      assetsCount: split[i].assets,
      // Each asset assignment uses 1 under these models (the column's default units).
      assetUnits: split[i].assets,
      seatsUsed: used,
      overAllocated: used > quantity,
    };
  });

  // Purchases: last year's yearly term (ended), this year's (running) and, beyond 3, perpetual top-ups;
  // then each license's kept seat total and validity as the purchase rules work them out.
  if (purchases > 0) {
    const today = day(now);
    const year = now.getUTCFullYear();
    const licenseRows = await knex(tableOf(strapi, UID.license)).select(
      'id',
      `${columnOf(strapi, UID.license, 'quantity')} as quantity`,
      `${columnOf(strapi, UID.license, 'seatsUsed')} as seatsUsed`,
      `${columnOf(strapi, UID.license, 'expirationDate')} as expirationDate`,
      `${columnOf(strapi, UID.license, 'purchaseDate')} as purchaseDate`,
      `${columnOf(strapi, UID.license, 'supportDate')} as supportDate`,
    );
    const terms = (i) => {
      const q = Number(licenseRows[Math.floor(i / purchases)].quantity);
      const k = i % purchases;
      if (k === 0) return { quantity: q, termStart: `${year - 1}-01-01`, termEnd: `${year - 1}-12-31`, billing: 'yearly' };
      if (k === 1) return { quantity: q, termStart: `${year}-01-01`, termEnd: `${year}-12-31`, billing: 'yearly' };
      return { quantity: 1 + (i % 5), purchaseDate: `${year}-0${1 + (k % 9)}-15`, billing: 'one_time' };
    };
    await insert(UID.purchase, licenseRows.length * purchases, (i) => ({
      ...stamps(),
      license: licenseRows[Math.floor(i / purchases)].id,
      ...terms(i),
      periods: periodsIn({ termStart: null, purchaseDate: null, termEnd: null, ...terms(i) }),
      orderNumber: `PO-${pad(i, 8)}`,
      netUnitPrice: '100.00',
      vatRate: '23.00',
      grossUnitPrice: '123.00',
      currency: 'EUR',
      autoRenew: false,
    }));
    const table = tableOf(strapi, UID.license);
    const col = (a) => columnOf(strapi, UID.license, a);
    await knex.transaction(async (trx) => {
      for (const [l, row] of licenseRows.entries()) {
        const own = { ...row, quantity: Number(row.quantity), grossUnitPrice: null, currency: null };
        for (const f of ['expirationDate', 'purchaseDate', 'supportDate'])
          own[f] = row[f] == null ? null : String(row[f] instanceof Date ? day(row[f]) : row[f]).slice(0, 10);
        const list = Array.from({ length: purchases }, (_, k) => ({
          purchaseDate: null,
          termStart: null,
          termEnd: null,
          supportEnd: null,
          ...terms(l * purchases + k),
        }));
        const p = positionOn(own, list, today);
        await trx(table)
          .where('id', row.id)
          .update({
            [col('extraSeats')]: p.extraSeats,
            [col('validUntil')]: p.validUntil,
            [col('supportUntil')]: p.supportUntil,
            [col('overAllocated')]: Number(row.seatsUsed) > p.total,
          });
      }
    });
    log(`  purchases: ${purchases} per license, seat totals and validity kept`);
  }

  // Keys: ciphertext from the plugin's keys service, so reads and reveals work on them as on real ones.
  const keysService = strapi.plugin('license-manager').service('keys');
  const keysPerLicense = n.keys / n.licenses;
  const keyIds = await insert(UID.key, n.keys, (i) => {
    const license = licenseIds[Math.floor(i / keysPerLicense)];
    const [data] = keysService.rowsFor(license, [{ value: `BENCH-${pad(i, 8)}-KEY-${(i * 2654435761) % 100000}`, label: `Key ${i}` }]);
    return data;
  });

  // Assignments: contiguous windows of persons/assets from a random offset (distinct per license).
  const flat = [];
  for (let l = 0; l < n.licenses; l++) {
    const p0 = Math.floor(rand() * personIds.length);
    for (let j = 0; j < split[l].persons; j++) flat.push([l, 'person', personIds[(p0 + j) % personIds.length]]);
    const a0 = Math.floor(rand() * assetIds.length);
    for (let j = 0; j < split[l].assets; j++) flat.push([l, 'asset', assetIds[(a0 + j) % assetIds.length]]);
  }
  await insert(UID.assignment, flat.length, (i) => {
    const [l, kind, target] = flat[i];
    return {
      ...stamps(),
      license: licenseIds[l],
      [kind]: target,
      key: i % 3 === 0 ? keyIds[Math.min(keyIds.length - 1, Math.floor(l * keysPerLicense))] : null,
      assignedAt: now,
      assignedBy: 'bench',
    };
  });
  flat.length = 0;
  // Written past the plugin's services: the kept number of licenses set from a count, as at startup,
  // and the kept seats must match what was written.
  await strapi.plugin('license-manager').service('licenseTotal').verify({ repair: true });
  const differences = await strapi.plugin('license-manager').service('seatCounts').verify();
  if (differences.length) throw new Error(`seeded seat counts differ on ${differences.length} licenses, e.g. ${JSON.stringify(differences[0])}`);
  const positions = await strapi.plugin('license-manager').service('purchases').positionDifferences();
  if (positions.length) throw new Error(`seeded seat totals differ on ${positions.length} licenses, e.g. ${JSON.stringify(positions[0])}`);

  // PostgreSQL's autovacuum would vacuum (PostgreSQL 13+ does so after inserts too, setting the
  // visibility map that index-only counts need) and gather statistics on its own soon after such a
  // load; do it now. SQLite gets none: Strapi never runs ANALYZE, so the benchmark plans as a real app does.
  if (client === 'postgres') await knex.raw('vacuum analyze');
  return { sizes: n, licenseIds, personIds, assetIds, perLicense };
};

module.exports = { seed, sizes };
