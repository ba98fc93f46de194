#!/usr/bin/env node
/**
 * End-to-end: the reference pages' forms (reference.e2e.js), accessibility (a11y.e2e.js), the manual's "Licenses" section, purchases (purchases.e2e.js), Compliance and the reminders settings (compliance.e2e.js), CSV import and
 * export (import.e2e.js), the events settings (events.e2e.js), the organization scope (scope.e2e.js) in a real browser (playwright-core driving Debian's
 * Chromium), against the playground on a fresh SQLite database.
 *
 *   node tests/e2e/licenses.e2e.js                       # starts its own playground on port 1339
 *   E2E_BASE_URL=http://127.0.0.1:1338 node tests/e2e/licenses.e2e.js   # uses a running one
 *   E2E_ONLY=hardware node tests/e2e/licenses.e2e.js      # logs in and runs hardware.e2e.js's steps only
 *   E2E_ONLY=installations node tests/e2e/licenses.e2e.js # the same for installations.e2e.js
 *   E2E_ONLY=scope node tests/e2e/licenses.e2e.js         # the same for scope.e2e.js (organization scope)
 *
 * With E2E_BASE_URL the admin given by E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD must exist (or the
 * database must be empty). Every step saves a screenshot under tests/e2e/artifacts/.
 * CHROMIUM_PATH overrides /usr/bin/chromium. Exits non-zero on the first failed step.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { firstAdmin, restrictedUser } = require('./support/api');
const { complianceSteps, frenchSteps } = require('./compliance.e2e');
const { importSteps } = require('./import.e2e');
const { eventsSteps, eventsFrenchSteps } = require('./events.e2e');
const { referenceSteps } = require('./reference.e2e');
const { purchaseSteps } = require('./purchases.e2e');
const { frenchWalkSteps } = require('./french.e2e');
const { a11ySteps, a11yFrenchSteps } = require('./a11y.e2e');
const { hardwareSteps } = require('./hardware.e2e');
const { installationsSteps, frenchInstallationsSteps } = require('./installations.e2e');
const { scopeSteps } = require('./scope.e2e');

const ARTIFACTS = path.join(__dirname, 'artifacts');
const ADMIN = {
  firstname: 'Ada',
  lastname: 'Admin',
  email: process.env.E2E_ADMIN_EMAIL || 'e2e-admin@example.com',
  password: process.env.E2E_ADMIN_PASSWORD || 'Passw0rd!Passw0rd',
};
const READER = { email: 'e2e-reader@example.com', password: 'Passw0rd!Reader1' };
const FRENCH = { email: 'e2e-francais@example.com', password: 'Passw0rd!Francais1' };
const RUN = Date.now().toString(36);
/** One group of steps alone, after the log-in (for now: `hardware`), while writing or fixing it. */
const ONLY = process.env.E2E_ONLY;
const LICENSE = `Office 2021 Pro ${RUN}`;
const KEYS = [
  { value: `AAAAA-BBBBB-CCCCC-DDDDD-${RUN.toUpperCase().slice(-5)}`, label: 'Volume key', limit: '10' },
  { value: `ZZZZZ-YYYYY-XXXXX-WWWWW-${RUN.toUpperCase().slice(-5)}`, label: 'Backup key', limit: '2' },
];

const read = 'plugin::license-manager.licenses.read';
const create = 'plugin::license-manager.licenses.create';
const update = 'plugin::license-manager.licenses.update';
const settings = 'plugin::license-manager.settings';

/** Reference data the form picks from, made over the admin API. */
const seed = async (api) => {
  const make = async (resource, data) => (await api.post(`/license-manager/${resource}`, { data })).data;
  const owner = await make('organizations', { name: `Contoso ${RUN}`, isInternal: true });
  const supplier = await make('organizations', { name: `Softland ${RUN}`, isSupplier: true });
  const software = await make('software', { name: `Office ${RUN}`, version: '2021' });
  const unit = await make('organizational-units', { name: `Finance ${RUN}`, organization: owner.documentId });
  const location = await make('locations', { name: `HQ ${RUN}` });
  const persons = [];
  for (const [first, last] of [
    ['Anna', 'Nowak'],
    ['Ben', 'Carter'],
    ['Chloe', 'Dubois'],
    ['David', 'Kim'],
  ]) {
    persons.push(await make('persons', { firstName: first, lastName: `${last} ${RUN}`, email: `${first.toLowerCase()}.${RUN}@example.com` }));
  }
  const assets = [];
  for (const name of ['LAPTOP-001', 'LAPTOP-002']) assets.push(await make('assets', { name: `${name}-${RUN}`, assetType: 'laptop' }));
  return { owner, supplier, software, unit, location, persons, assets };
};

const main = async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // The browser first: when it cannot start, no playground is left running.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let baseUrl = process.env.E2E_BASE_URL;
  let stop = async () => undefined;
  let mailServer = null;
  if (!baseUrl) {
    // Its own mail server, which the playground's e-mail provider reaches through SMTP_HOST/SMTP_PORT.
    mailServer = await require('./support/smtp').startSmtp();
    Object.assign(process.env, { SMTP_HOST: mailServer.host, SMTP_PORT: String(mailServer.port) });
    const { startPlayground } = require('./support/server');
    let stopPlayground;
    ({ baseUrl, stop: stopPlayground } = await startPlayground({ port: Number(process.env.E2E_PORT || 1339) }));
    stop = async () => {
      await stopPlayground();
      await mailServer.stop();
    };
  }
  let stepNo = 0;
  let page;
  const results = [];
  const step = async (name, fn) => {
    stepNo += 1;
    const file = `${String(stepNo).padStart(2, '0')}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`;
    try {
      await fn();
      await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true });
      results.push(`ok   ${stepNo} ${name}`);
      console.log(`ok   ${stepNo} ${name}`);
    } catch (error) {
      if (page) await page.screenshot({ path: path.join(ARTIFACTS, `FAILED-${file}`) }).catch(() => undefined);
      console.log(`FAIL ${stepNo} ${name}`);
      throw error;
    }
  };

  try {
    const api = await firstAdmin(baseUrl, ADMIN);
    const data = await seed(api);
    await restrictedUser(baseUrl, api, {
      roleName: `License reader ${RUN}`,
      actions: [read],
      email: READER.email.replace('@', `+${RUN}@`),
      password: READER.password,
    });
    READER.email = READER.email.replace('@', `+${RUN}@`);
    // A user whose admin is in French: Strapi keeps the interface language per user (preferedLanguage).
    FRENCH.email = FRENCH.email.replace('@', `+${RUN}@`);
    await restrictedUser(baseUrl, api, { roleName: `License editor ${RUN}`, actions: [read, create, update, settings], ...FRENCH });
    await (await firstAdmin(baseUrl, FRENCH)).put('/admin/users/me', { preferedLanguage: 'fr' });

    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
    page = await context.newPage();
    page.setDefaultTimeout(15000);
    const admin = `${baseUrl}/admin`;
    const list = `${admin}/plugins/license-manager/licenses`;

    const login = async (user) => {
      await page.goto(`${admin}/auth/login`);
      await page.locator('input[name=email]').fill(user.email);
      await page.locator('input[name=password]').fill(user.password);
      await page.getByRole('button', { name: 'Login' }).click();
      await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30000 });
    };
    /** Picks an option of a searchable relation field by typing part of its name. */
    const pickRelation = async (field, text, option = text) => {
      const input = page.locator(`#lm-${field}`);
      await input.click();
      await input.fill(text);
      await page.getByRole('option', { name: option }).first().click();
    };
    const typeDate = async (field, day) => {
      const [y, m, d] = day.split('-');
      const input = page.locator(`#lm-${field}`);
      await input.fill(`${Number(m)}/${Number(d)}/${y}`);
      await input.press('Tab');
    };
    const dialog = () => page.getByRole('dialog');
    const seatsSummary = () => page.getByTestId('seats-summary');

    await step('Log in', async () => {
      await login(ADMIN);
      await page.getByRole('link', { name: 'Asset Management' }).waitFor();
    });

    if (ONLY === 'hardware' || ONLY === 'installations') {
      await (ONLY === 'hardware' ? hardwareSteps : installationsSteps)({ step, getPage: () => page, api, admin, run: RUN });
      console.log(`e2e (E2E_ONLY=${ONLY}): ${stepNo} passed, 0 failed`);
      return;
    }
    // A scoped editor in a browser context of its own; the admin's page is given back afterwards.
    const scope = () =>
      scopeSteps({
        step,
        getPage: () => page,
        setPage: (p) => {
          page = p;
        },
        browser,
        api,
        baseUrl,
        admin,
        run: RUN,
      });
    if (ONLY === 'scope') {
      await scope();
      console.log(`e2e (E2E_ONLY=${ONLY}): ${stepNo} passed, 0 failed`);
      return;
    }
    if (ONLY) throw new Error(`E2E_ONLY=${ONLY}: no such group of steps (hardware, installations, scope)`);

    await referenceSteps({ step, getPage: () => page, admin, run: RUN });

    await step('Open Asset Management > Licenses', async () => {
      await page.getByRole('link', { name: 'Asset Management' }).click();
      await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
      await page
        .getByText(/entries found|entry found|No licenses yet/)
        .first()
        .waitFor();
    });

    await step('New license: Basic information', async () => {
      await page.getByRole('button', { name: 'Add license' }).first().click();
      await dialog().getByRole('heading', { name: 'New license' }).waitFor();
      await page.locator('#lm-name').fill(LICENSE);
      await pickRelation('category', 'Open', 'Open/MOLP');
      await pickRelation('software', `Office ${RUN}`, `Office ${RUN} 2021`);
      await pickRelation('organization', `Contoso ${RUN}`);
      await pickRelation('organizationalUnit', `Finance ${RUN}`);
      await pickRelation('locationStructure', `HQ ${RUN}`);
      await page.locator('#lm-physicalLocation').fill('Building A, server room 2');
      await page.locator('#lm-serialNumber').fill(`SN-${RUN}`);
      await page.locator('#lm-inventoryNumber').fill(`INV-${RUN}`);
      await pickRelation('supplier', `Softland ${RUN}`);
      await typeDate('purchaseDate', '2025-02-01');
      await typeDate('expirationDate', '2030-01-31');
      await typeDate('supportDate', '2029-12-31');
      await page.locator('#lm-invoiceNumber').fill(`FV/2025/02/${RUN}`);
      await page.locator('#lm-netUnitPrice').fill('100');
      await page.locator('#lm-vatRate').fill('23');
      // The gross unit price follows net price and VAT as they are typed.
      assert.equal(await page.locator('#lm-grossUnitPrice').inputValue(), '123.00');
      await page.locator('#lm-netUnitPrice').fill('99.99');
      assert.equal(await page.locator('#lm-grossUnitPrice').inputValue(), '122.99');
      await page.locator('[role=combobox][aria-labelledby="lm-assignmentModel-label"]').click();
      await page.getByRole('option', { name: 'Per user' }).click();
      // The model's change re-renders the Finances fields: under load a value typed meanwhile can be
      // lost, so the quantity is typed until it reads 2 (as a user would see and type again).
      for (let tries = 0; (await page.locator('#lm-quantity').inputValue()) !== '2'; tries++) {
        assert.ok(tries < 10, 'the quantity field keeps losing what is typed');
        await page.locator('#lm-quantity').fill('2');
        await page.waitForTimeout(100);
      }
      // Every field shows the manual's explanation.
      await dialog().getByText('Number of users/computers that can use the license.').waitFor();
    });

    await step('New license: Keys tab with two keys', async () => {
      await dialog().getByRole('tab', { name: 'Keys' }).click();
      await dialog().getByText('In this tab, enter the key of the license.').first().waitFor();
      await dialog().getByRole('button', { name: 'Add another key' }).click();
      // The manual's sentence introduces the tab once, not again under each key field.
      assert.equal(await dialog().getByText('In this tab, enter the key of the license.').count(), 1);
      for (const [i, key] of KEYS.entries()) {
        await page.locator(`[id="lm-keys.${i}.value"]`).fill(key.value);
        await page.locator(`[id="lm-keys.${i}.label"]`).fill(key.label);
        await page.locator(`[id="lm-keys.${i}.activationLimit"]`).fill(key.limit);
      }
    });

    await step('Save: notification and the new row', async () => {
      await dialog().getByRole('button', { name: 'Save' }).click();
      await page.getByText('License has been added to the list.').waitFor();
      await page.getByRole('row', { name: LICENSE }).waitFor();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      // The row shows the model (what its seats count) under its seats; "License type" is the category's column.
      const labels = await page.locator('thead th').allInnerTexts();
      assert.ok(
        labels.some((l) => /^License type$/i.test(l.trim())),
        JSON.stringify(labels),
      );
      assert.equal((await page.getByRole('row', { name: LICENSE }).getByTestId('license-model').innerText()).trim(), 'Per user');
    });

    // The list sorts by name, 10 a page: a license named "zzz" sorts onto page 2 once 10 others are there.
    const LAST = `zzz Last ${RUN}`;
    const fillers = [];
    await step('Save a license that sorts onto page 2: it is pinned above the rows, marked', async () => {
      // Named after LICENSE, so LICENSE stays on page 1 for the steps below; deleted in the next step.
      const { total } = (await api.get('/license-manager/licenses?pageSize=1')).meta.pagination;
      for (let i = total; i < 10; i++) {
        const name = `Page filler ${RUN} ${String(i).padStart(2, '0')}`;
        fillers.push((await api.post('/license-manager/licenses', { data: { name, software: data.software.documentId, quantity: 1 } })).data);
      }
      await page.goto(list);
      await page.getByRole('row', { name: LICENSE }).waitFor();
      await page.getByRole('button', { name: 'Add license' }).first().click();
      await dialog().getByRole('heading', { name: 'New license' }).waitFor();
      await page.locator('#lm-name').fill(LAST);
      await pickRelation('software', `Office ${RUN}`, `Office ${RUN} 2021`);
      await dialog().getByRole('button', { name: 'Save' }).click();
      await page.getByText('License has been added to the list.').waitFor();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      // The page shown does not hold it, as the server sorts it...
      const firstPage = await api.get('/license-manager/licenses?page=1&pageSize=10&sort=name:asc');
      assert.ok(firstPage.meta.pagination.pageCount >= 2, JSON.stringify(firstPage.meta.pagination));
      assert.ok(!firstPage.data.some((l) => l.name === LAST), 'the new license sorts onto page 2');
      // ...yet it is there, above the page's rows, marked in words.
      const row = page.getByRole('row', { name: LAST });
      await row.getByText('Just added').waitFor();
      await row.getByText('Not on this page').waitFor();
      assert.equal(await page.getByTestId('license-row').first().getAttribute('aria-label'), `${LAST}, just added`);
      assert.equal(await page.getByTestId('license-row').count(), 11);
      await row.getByText('0/1').waitFor();
    });

    await step('The pinned row opens its detail view from the keyboard', async () => {
      // Its name is the row's link (the row itself is no tab stop: a11y.e2e.js walks the table by keyboard).
      await page.getByRole('row', { name: LAST }).getByRole('link', { name: LAST }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: LAST, level: 1 }).waitFor();
      // Back to the data set the steps below were written for.
      const created = await api.get(`/license-manager/licenses?_q=${encodeURIComponent(LAST)}`);
      for (const l of [...fillers, ...created.data.filter((c) => c.name === LAST)]) await api.del(`/license-manager/licenses/${l.documentId}`);
      await page.goto(list);
      await page.getByRole('row', { name: LICENSE }).waitFor();
      assert.equal(await page.getByRole('row', { name: LAST }).count(), 0);
    });

    await step('Hover the row: detail view and edit buttons', async () => {
      const row = page.getByRole('row', { name: LICENSE });
      const view = row.getByRole('button', { name: 'Detail view' });
      assert.equal(await view.evaluate((el) => getComputedStyle(el.parentElement).opacity), '0');
      await row.hover({ position: { x: 300, y: 20 } });
      await page.waitForTimeout(300);
      assert.equal(await view.evaluate((el) => getComputedStyle(el.parentElement).opacity), '1');
      await row.getByRole('button', { name: 'Edit' }).waitFor();
      // The whole row fits a 1440 px screen: no sideways scrolling to reach the actions.
      const table = await page.locator('table').evaluate((t) => {
        const scroller = t.parentElement;
        return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth };
      });
      assert.ok(table.scrollWidth <= table.clientWidth, `the list table is ${table.scrollWidth} px wide in ${table.clientWidth} px`);
      const del = await row.getByRole('button', { name: 'Delete' }).boundingBox();
      assert.ok(del && del.x + del.width <= 1440, `the Delete button ends at ${del && del.x + del.width} px`);
    });

    await step('Open the detail view', async () => {
      await page.getByRole('row', { name: LICENSE }).getByRole('button', { name: 'Detail view' }).click();
      await page.getByRole('heading', { name: LICENSE, level: 1 }).waitFor();
      await page.getByText('Building A, server room 2').waitFor();
      assert.match(await seatsSummary().innerText(), /0 of 2 seats used/);
      // Prices and totals (2 seats) in English with the default currency's symbol.
      // The gross price shows twice: among the fields, and as the first purchase's price.
      for (const amount of ['€99.99', '€122.99', '€199.98', '€245.98']) await page.getByText(amount, { exact: true }).first().waitFor();
      await page.getByText('License type (per user/computer)', { exact: true }).waitFor();
    });

    await step('Reveal a key', async () => {
      const keyRow = page.getByTestId('key-row').filter({ hasText: KEYS[0].label });
      assert.doesNotMatch(await keyRow.getByTestId('key-value').innerText(), new RegExp(KEYS[0].value));
      await keyRow.getByRole('button', { name: 'Reveal the key' }).click();
      await keyRow.getByText(KEYS[0].value).waitFor();
    });

    await step('Edit the quantity', async () => {
      await page.getByRole('button', { name: 'Edit' }).click();
      await dialog()
        .getByRole('heading', { name: /Edit license/ })
        .waitFor();
      assert.equal(await page.locator('#lm-name').inputValue(), LICENSE);
      await page.locator('#lm-quantity').fill('3');
      await dialog().getByRole('button', { name: 'Save' }).click();
      await page.getByText('The license has been saved.').waitFor();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.getByTestId('seats-summary').filter({ hasText: '0 of 3 seats used' }).waitFor();
    });

    await step('Assign three persons', async () => {
      await page.getByRole('button', { name: 'Assign persons' }).click();
      await dialog().getByText('Seats left: 3 of 3').waitFor();
      for (const person of data.persons.slice(0, 3)) {
        await dialog()
          .getByRole('checkbox', { name: `Select ${person.firstName} ${person.lastName}` })
          .click();
      }
      await dialog().getByText('Seats left: 0 of 3').waitFor();
      await dialog().getByRole('button', { name: 'Save' }).click();
      await page.getByText('The license has been assigned to the persons.').waitFor();
      await page.getByTestId('seats-summary').filter({ hasText: '3 of 3 seats used' }).waitFor();
      await page.getByTestId('assigned-person').nth(2).waitFor();
      assert.equal(await page.getByTestId('assigned-person').count(), 3);
    });

    await step('Assign two assets', async () => {
      await page.getByRole('button', { name: 'Assign assets' }).click();
      for (const asset of data.assets) {
        await dialog()
          .getByRole('checkbox', { name: `Select ${asset.name}` })
          .click();
      }
      await dialog().getByRole('button', { name: 'Save' }).click();
      await page.getByText('The license has been assigned to the assets.').waitFor();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.getByTestId('assigned-asset').nth(1).waitFor();
      assert.equal(await page.getByTestId('assigned-asset').count(), 2);
      // A per-user license counts persons: the assets use no seat.
      assert.match(await seatsSummary().innerText(), /3 of 3 seats used/);
    });

    await step('Exceeding the seats is refused', async () => {
      await page.getByRole('button', { name: 'Assign persons' }).click();
      const fourth = data.persons[3];
      await dialog()
        .getByRole('checkbox', { name: `Select ${fourth.firstName} ${fourth.lastName}` })
        .click();
      await dialog().getByText('1 over the 3 seats').waitFor();
      await dialog().getByRole('button', { name: 'Save' }).click();
      await dialog()
        .getByText(/Not enough seats/)
        .first()
        .waitFor();
      await dialog().getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      assert.match(await seatsSummary().innerText(), /3 of 3 seats used/);
      assert.equal(await page.getByTestId('assigned-person').count(), 3);
    });

    await purchaseSteps({ step, getPage: () => page, api, admin, run: RUN });
    await complianceSteps({ step, getPage: () => page, api, admin, run: RUN, persons: data.persons });
    await importSteps({ step, getPage: () => page, api, admin, run: RUN, persons: data.persons });
    await eventsSteps({ step, getPage: () => page, api, admin, run: RUN });
    // Every page has rows by now: reference data, licenses with keys and assignments, compliance figures.
    await a11ySteps({ step, getPage: () => page, admin });
    // Per-core seats; it deletes what it made, so it runs after the pages above have been checked with their rows.
    await hardwareSteps({ step, getPage: () => page, api, admin, run: RUN });
    // Installations: two devices pushed, a name recognized, a device linked, the reconciled compliance.
    await installationsSteps({ step, getPage: () => page, api, admin, run: RUN });

    await step('Delete with confirmation', async () => {
      await page.goto(list);
      const row = page.getByRole('row', { name: LICENSE });
      await row.hover();
      await row.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('alertdialog').getByText(`Are you sure you want to delete the license "${LICENSE}"?`, { exact: false }).waitFor();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
      await page.getByText('The license has been deleted.').waitFor();
      await page.getByRole('row', { name: LICENSE }).waitFor({ state: 'detached' });
    });

    await step('A reader without licenses.create sees no Add license', async () => {
      await context.clearCookies();
      await page.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      await login(READER);
      await page.goto(list);
      await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
      await page
        .getByText(/entries found|entry found|No entries found/)
        .first()
        .waitFor();
      assert.equal(await page.getByRole('button', { name: 'Add license' }).count(), 0);
    });

    await step('In French, a bad New license form shows French messages', async () => {
      page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'fr-FR' })).newPage();
      page.setDefaultTimeout(15000);
      await login(FRENCH);
      await page.goto(list);
      await page.getByRole('heading', { name: 'Licences', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Ajouter une licence' }).first().click();
      await dialog().getByRole('heading', { name: 'Nouvelle licence' }).waitFor();
      // Name and software left empty; a text over 255 characters, a negative price, a negative quantity.
      await page.locator('#lm-serialNumber').fill('S'.repeat(256));
      await page.locator('#lm-netUnitPrice').fill('-5');
      await page.locator('#lm-vatRate').fill('20');
      await page.locator('#lm-quantity').fill('-3');
      await dialog().getByRole('button', { name: 'Enregistrer' }).click();
      const expected = {
        name: 'Cette valeur est obligatoire.',
        software: 'Cette valeur est obligatoire.',
        serialNumber: 'doit contenir au plus 255 caractères',
        netUnitPrice: 'doit être un nombre décimal positif ou nul',
        quantity: 'doit être supérieur ou égal à 1',
      };
      for (const [field, message] of Object.entries(expected)) {
        assert.equal(await page.locator(`[id="lm-${field}-error"]`).innerText(), message, field);
      }
      const text = await dialog().innerText();
      assert.doesNotMatch(text, /must |This value is required|characters|decimal number/);
      assert.equal(await page.getByRole('dialog').count(), 1, 'nothing was saved');
    });

    // Visio Plan 2 (compliance.e2e.js's seed, 50.00 EUR net a seat): the walk's own license was deleted above.
    await frenchWalkSteps({ step, getPage: () => page, admin, run: RUN, license: `Visio Plan 2 ${RUN}`, netPrice: /50,00\s€/ });
    await frenchSteps({ step, getPage: () => page, api, admin, run: RUN, mailServer });
    await eventsFrenchSteps({ step, getPage: () => page, admin });
    await a11yFrenchSteps({ step, getPage: () => page, admin });
    await frenchInstallationsSteps({ step, getPage: () => page, admin, run: RUN });
    // Last: the organization scope, whose records are deleted again at its end.
    await scope();
  } finally {
    await browser.close();
    await stop();
  }
  console.log(`\nScreenshots in ${path.relative(process.cwd(), ARTIFACTS)}/`);
  console.log(`e2e: ${stepNo} passed, 0 failed`);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
