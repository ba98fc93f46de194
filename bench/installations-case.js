/**
 * Issue 28's cases (docs/performance.md, "Installations"): a push of 300 software entries for a
 * known device (an asset's serial number), each push changing a tenth of them, so every measured
 * push adds, ends and sees entries again; then the compliance report reconciled against
 * `installations` installations (100,000 by default: 20 per device, on as many assets as that
 * takes), compared with the plain report measured before they existed.
 */
'use strict';

const { fromRoot } = require('./ts');

const { UID } = fromRoot('shared/constants.ts');
const { columnOf, nameKey, newDocumentId, tableOf } = fromRoot('server/src/db/index.ts');

const PUSH_ENTRIES = 300;
const PER_DEVICE = 20;

/** An inventory of 300 entries; `round` changes a tenth of them. */
const inventory = (serialNumber, round) => ({
  device: { serialNumber, hostname: null, uuid: null },
  source: 'bench',
  software: Array.from({ length: PUSH_ENTRIES }, (_, k) => ({
    name: k < 30 ? `Rotating tool ${k} round ${round % 2}` : `Bench tool ${k}`,
    version: `${1 + (k % 7)}.${k % 13}`,
    publisher: `Publisher ${k % 17}`,
  })),
});

/** Bulk rows: devices on the first assets, each with PER_DEVICE installations, most recognized as licensed software. */
const seedInstallations = async (strapi, count, log) => {
  const knex = strapi.db.connection;
  const started = Date.now();
  const now = new Date();
  const col = (uid, attr) => columnOf(strapi, uid, attr);
  const devices = Math.ceil(count / PER_DEVICE);
  const assets = (await knex(tableOf(strapi, UID.asset)).select('id', col(UID.asset, 'serialNumber')).orderBy('id').limit(devices)).map((r) => Number(r.id));
  const licensed = (await knex(tableOf(strapi, UID.license)).distinct(col(UID.license, 'software')).whereNotNull(col(UID.license, 'software'))).map((r) =>
    Number(r[col(UID.license, 'software')]),
  );
  const sqlite = strapi.db.dialect.client === 'sqlite' || strapi.db.dialect.client === 'better-sqlite3';
  const batch = sqlite ? 400 : 2000;
  const stamps = () => ({ document_id: newDocumentId(), created_at: now, updated_at: now, published_at: now });
  const deviceRows = Array.from({ length: Math.min(devices, assets.length) }, (_, i) => ({
    ...stamps(),
    [col(UID.inventoryDevice, 'identity')]: nameKey('bench', String(i)),
    [col(UID.inventoryDevice, 'hostname')]: `bench-device-${i}`,
    [col(UID.inventoryDevice, 'asset')]: assets[i],
    [col(UID.inventoryDevice, 'source')]: 'bench',
    [col(UID.inventoryDevice, 'firstSeen')]: now,
    [col(UID.inventoryDevice, 'lastSeen')]: now,
  }));
  const deviceTable = tableOf(strapi, UID.inventoryDevice);
  for (let i = 0; i < deviceRows.length; i += batch) await knex(deviceTable).insert(deviceRows.slice(i, i + batch));
  const deviceIds = (await knex(deviceTable).select('id').where(col(UID.inventoryDevice, 'source'), 'bench').orderBy('id')).map((r) => Number(r.id));
  const table = tableOf(strapi, UID.installation);
  const i = (attr) => col(UID.installation, attr);
  let written = 0;
  await knex.transaction(async (trx) => {
    let rows = [];
    for (let n = 0; n < count; n++) {
      const device = deviceIds[Math.floor(n / PER_DEVICE) % deviceIds.length];
      // Three in four recognized as a licensed software, the rest unrecognized.
      const software = n % 4 === 3 ? null : licensed[(n * 7919) % licensed.length];
      rows.push({
        ...stamps(),
        [i('device')]: device,
        [i('entryKey')]: nameKey('bench-entry', String(n)),
        [i('rawName')]: software ? `Licensed product ${software}` : `Unknown tool ${n % 500}`,
        [i('rawVersion')]: `${n % 9}.0`,
        [i('rawPublisher')]: `Publisher ${n % 31}`,
        [i('recognition')]: software ? 'recognized' : 'unrecognized',
        [i('software')]: software,
        [i('generation')]: 0,
        [i('source')]: 'bench',
        [i('firstSeen')]: now,
        [i('lastSeen')]: now,
      });
      if (rows.length === batch) {
        await trx(table).insert(rows);
        written += rows.length;
        rows = [];
      }
    }
    if (rows.length) await trx(table).insert(rows);
    written += rows.length;
  });
  log(`  ${table}: ${written} rows on ${deviceIds.length} devices in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { installations: written, devices: deviceIds.length };
};

const installationsCase = async ({ strapi, base, token, apiToken, measure, phase, log, installations, plainCompliance }) => {
  const knex = strapi.db.connection;
  const results = [];

  // The known device: an asset's serial number; its first push stores the 300 entries.
  const serialNumber = (
    await knex(tableOf(strapi, UID.asset))
      .first(columnOf(strapi, UID.asset, 'serialNumber'))
      .orderBy('id', 'desc')
  )[columnOf(strapi, UID.asset, 'serialNumber')];
  const first = await fetch(`${base}/api/license-manager/inventory`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` },
    body: JSON.stringify(inventory(serialNumber, 0)),
  });
  const answer = await first.json();
  if (first.status !== 200 || !answer.data.asset) throw new Error(`push: ${first.status} ${JSON.stringify(answer).slice(0, 300)}`);
  log(`push-300: the device is ${answer.data.asset.name}; ${answer.data.unrecognized} entries stored`);
  const bodies = [1, 0].map((round) => JSON.stringify(inventory(serialNumber, round)));
  const push = await phase('push-300 plugin', () =>
    measure({
      url: base,
      token: apiToken,
      amount: 100,
      warmup: 4,
      requests: bodies.map((body) => ({ method: 'POST', path: '/api/license-manager/inventory', body })),
    }),
  );
  results.push({ name: 'push-300', plugin: push });

  const seeded = await seedInstallations(strapi, installations, log);
  const url = '/license-manager/compliance?page=1&pageSize=25&sort=shortfall:desc';
  const reconciled = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
  const installed = reconciled.data.reduce((s, r) => s + r.installed, 0);
  if (!(installed > 0)) throw new Error('compliance-reconciled: no installed software on the first page');
  log(`compliance-reconciled: ${seeded.installations} installations; ${reconciled.meta.totals.nonCompliant} non-compliant`);
  const compliance = await phase('compliance-reconciled plugin', () =>
    measure({ url: base, token, requests: [{ method: 'GET', path: url }], amount: 50, warmup: 3 }),
  );
  results.push({
    name: 'compliance-reconciled',
    plugin: compliance,
    vs: 'compliance',
    ratio: Math.round((compliance.p50 / plainCompliance.p50) * 100) / 100,
    ...seeded,
  });
  return results;
};

module.exports = { installationsCase, inventory };
