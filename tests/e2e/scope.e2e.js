/**
 * End-to-end steps for the organization scope (issue 29), run by licenses.e2e.js inside its session
 * (alone with E2E_ONLY=scope): a role whose every plugin action carries the condition "Is in one of
 * my organizations", and an editor in it who administers organization A only. In the browser, logged
 * in as that editor through the login form: the Licenses list shows A's license and counts 1, B's
 * license opened by its URL shows the not-found state, the assign dialog lists A's person and not
 * B's, and the Compliance page counts A's license only. The editor works in a browser context of its
 * own; the page the runner had is given back afterwards, and the records made here are deleted.
 */
'use strict';

const assert = require('node:assert/strict');
const { adminApi } = require('./support/api');

/** Every admin action of the plugin (shared/constants.ts ACTIONS). */
const ACTIONS = [
  'licenses.read',
  'licenses.create',
  'licenses.update',
  'licenses.delete',
  'licenses.assign',
  'keys.reveal',
  'reference.manage',
  'settings',
  'installations.manage',
].map((a) => `plugin::license-manager.${a}`);
const IN_MY_ORGANIZATIONS = 'plugin::license-manager.in-my-organizations';

/** Routes a role with conditions is refused by design (routes/admin.ts, UNCONDITIONED): a page may call them. */
const REFUSED_BY_DESIGN = [
  /^PUT \/license-manager\/settings$/,
  /^POST \/license-manager\/reminders\/run$/,
  /^GET \/license-manager\/administrators\b/,
  /^PUT \/license-manager\/inventory-devices\//,
  /^POST \/license-manager\/installations\/import\b/,
];

/** A role with every plugin action under "Is in one of my organizations", and a registered user in it. */
const scopedEditor = async (baseUrl, api, { run, email, password }) => {
  const role = (await api.post('/admin/roles', { name: `Scoped editor ${run}`, description: 'End-to-end: every action, in my organizations' })).data;
  await api.put(`/admin/roles/${role.id}/permissions`, {
    permissions: ACTIONS.map((action) => ({ action, subject: null, properties: {}, conditions: [IN_MY_ORGANIZATIONS] })),
  });
  const user = (await api.post('/admin/users', { firstname: 'Sam', lastname: 'Scoped', email, roles: [role.id] })).data;
  await adminApi(baseUrl).post('/admin/register', {
    registrationToken: user.registrationToken,
    userInfo: { firstname: 'Sam', lastname: 'Scoped', password },
  });
  return { role, user };
};

const scopeSteps = async ({ step, getPage, setPage, browser, api, baseUrl, admin, run }) => {
  const tag = `Scope-${run}`;
  const editor = { email: `e2e-scoped+${run}@example.com`, password: 'Passw0rd!Scoped1' };
  const names = {
    orgA: `${tag} Org A`,
    orgB: `${tag} Org B`,
    software: `${tag} Suite`,
    licenseA: `${tag} license A`,
    licenseB: `${tag} license B`,
    personA: `${tag} person A`,
    personB: `${tag} person B`,
  };
  const make = async (resource, data) => (await api.post(`/license-manager/${resource}`, { data })).data;

  // The data set, as the super admin: two organizations, the editor administering A only.
  const { role, user } = await scopedEditor(baseUrl, api, { run, ...editor });
  const orgA = await make('organizations', { name: names.orgA, isInternal: true });
  const orgB = await make('organizations', { name: names.orgB, isInternal: true });
  await api.put(`/license-manager/organizations/${orgA.documentId}`, { data: { administrators: [user.id] } });
  assert.deepEqual((await api.get(`/license-manager/organizations/${orgA.documentId}`)).data.administrators, [user.id]);
  const software = await make('software', { name: names.software, version: '1.0' });
  const licenseA = await make('licenses', {
    name: names.licenseA,
    software: software.documentId,
    organization: orgA.documentId,
    assignmentModel: 'per_user',
    quantity: 5,
  });
  const licenseB = await make('licenses', {
    name: names.licenseB,
    software: software.documentId,
    organization: orgB.documentId,
    assignmentModel: 'per_user',
    quantity: 3,
  });
  const personA = await make('persons', { firstName: tag, lastName: 'person A', organization: orgA.documentId, email: `a.${run}@example.com` });
  const personB = await make('persons', { firstName: tag, lastName: 'person B', organization: orgB.documentId, email: `b.${run}@example.com` });
  // Unconditioned, the software has both licenses: what the editor is shown below is narrower.
  const unscoped = (await api.get(`/license-manager/compliance?_q=${encodeURIComponent(names.software)}`)).data;
  assert.deepEqual(
    unscoped.map((r) => [r.software.documentId, r.licenses]),
    [[software.documentId, 2]],
  );

  const previous = getPage();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  setPage(page);
  // Every answer of the plugin's admin API that is not a success, while the editor browses.
  const failures = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (res.status() >= 400 && url.pathname.startsWith('/license-manager/')) {
      failures.push({ request: `${res.request().method()} ${url.pathname}${url.search}`, status: res.status(), page: new URL(page.url()).pathname });
    }
  });
  /** Fails when the page shows an error in Strapi's notifications (a toast) or an alert. */
  const noErrorShown = async (where) => {
    const shown = (await page.locator('[role=alert], [role=status]').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    assert.ok(!shown.some((s) => /error|went wrong|forbidden|not allowed|permission/i.test(s)), `${where}: ${JSON.stringify(shown)}`);
  };
  const dialog = () => page.getByRole('dialog');
  const detail = (license) => `${admin}/plugins/license-manager/licenses/${license.documentId}`;

  try {
    await step('Scope: the scoped editor logs in', async () => {
      await page.goto(`${admin}/auth/login`);
      await page.locator('input[name=email]').fill(editor.email);
      await page.locator('input[name=password]').fill(editor.password);
      await page.getByRole('button', { name: 'Login' }).click();
      await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30000 });
      await page.getByRole('link', { name: 'Asset Management' }).waitFor();
    });

    await step('Scope: the Licenses list searched for the tag shows license A only, 1 entry', async () => {
      await page.getByRole('link', { name: 'Asset Management' }).click();
      await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByPlaceholder('Search for a license').fill(tag);
      await page.getByPlaceholder('Search for a license').press('Enter');
      await page.waitForURL((url) => url.searchParams.get('_q') === tag);
      await page.getByRole('row', { name: names.licenseA }).waitFor();
      await page.getByText('1 entry found', { exact: true }).waitFor();
      assert.equal(await page.getByTestId('license-row').count(), 1);
      assert.equal(await page.getByRole('row', { name: names.licenseB }).count(), 0);
      assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(names.licenseB));
      await noErrorShown('the Licenses list');
    });

    await step('Scope: license B opened by its URL shows the not-found state', async () => {
      await page.goto(detail(licenseB));
      await page.getByText('No content found', { exact: true }).waitFor();
      const text = await page.locator('main').innerText();
      for (const shown of [names.licenseB, names.orgB, 'seats used']) assert.ok(!text.includes(shown), `the not-found page shows "${shown}"`);
      assert.ok(failures.some((f) => f.request === `GET /license-manager/licenses/${licenseB.documentId}` && f.status === 404));
      await noErrorShown('license B by its URL');
    });

    await step('Scope: the assign dialog of license A lists person A, not person B; A is assigned', async () => {
      await page.goto(detail(licenseA));
      await page.getByRole('heading', { name: names.licenseA, level: 1 }).waitFor();
      await page.getByTestId('seats-summary').filter({ hasText: '0 of 5 seats used' }).waitFor();
      await page.getByRole('button', { name: 'Assign persons' }).click();
      await dialog()
        .getByRole('heading', { name: `Assign persons to ${names.licenseA}` })
        .waitFor();
      await dialog().getByPlaceholder('Search for a person').fill(tag);
      const rowA = dialog().getByRole('checkbox', { name: `Select ${names.personA}` });
      await rowA.waitFor();
      // The search has been answered: the rows are those of the tag, person A's only.
      await page.waitForFunction(() => [...document.querySelectorAll('[role=dialog] [data-testid=assign-row]')].length === 1);
      assert.equal(await dialog().getByTestId('assign-row').count(), 1);
      assert.equal(await dialog().getByText(names.personB).count(), 0);
      await rowA.click();
      await dialog().getByText('Seats left: 4 of 5').waitFor();
      await dialog().getByRole('button', { name: 'Save' }).click();
      await page.getByText('The license has been assigned to the persons.').waitFor();
      await dialog().waitFor({ state: 'detached' });
      await page.getByTestId('seats-summary').filter({ hasText: '1 of 5 seats used' }).waitFor();
      // The assigned list refetches after the seats: under load its row comes a moment later.
      await page.getByTestId('assigned-person').filter({ hasText: names.personA }).waitFor();
      assert.deepEqual(
        (await page.getByTestId('assigned-person').allInnerTexts()).map((s) => s.includes(names.personA)),
        [true],
      );
      await noErrorShown('license A');
    });

    await step('Scope: Compliance searched for the software counts license A only', async () => {
      await page.getByRole('link', { name: 'Compliance' }).first().click();
      await page.getByRole('heading', { name: 'Compliance', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const search = page.getByPlaceholder('Search software');
      await search.fill(names.software);
      await search.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('_q') === names.software);
      const row = page.getByTestId('compliance-row').filter({ hasText: names.software });
      await row.waitFor();
      assert.equal(await page.getByTestId('compliance-row').count(), 1);
      // Unconditioned: 2 licenses and 8 seats (5 + 3); the editor's: license A, its 5 seats, 1 used.
      await row.getByText('1 license', { exact: true }).waitFor();
      const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
      assert.equal(cells[1], '5', `licensed: ${JSON.stringify(cells)}`);
      assert.equal(cells[2], '1', `used: ${JSON.stringify(cells)}`);
      await noErrorShown('the Compliance page');
    });

    await step('Scope: no request failed but license B (404) and the refusals by design (403)', async () => {
      const unexpected = failures.filter(
        (f) =>
          !(f.status === 404 && f.request === `GET /license-manager/licenses/${licenseB.documentId}`) && !REFUSED_BY_DESIGN.some((re) => re.test(f.request)),
      );
      for (const f of failures) console.log(`     ${f.status} ${f.request} (on ${f.page})`);
      assert.deepEqual(unexpected, []);
    });
  } finally {
    setPage(previous);
    await context.close();
    // What this file made, and only that (other files share the database). A failure here is told, not
    // thrown: it would hide the step's own.
    const cleanup = [
      ...[licenseA, licenseB].map((l) => () => api.del(`/license-manager/licenses/${l.documentId}`)),
      ...[personA, personB].map((p) => () => api.del(`/license-manager/persons/${p.documentId}`)),
      () => api.del(`/license-manager/software/${software.documentId}`),
      ...[orgA, orgB].map((o) => () => api.del(`/license-manager/organizations/${o.documentId}`)),
      () => api.post('/admin/users/batch-delete', { ids: [user.id] }),
      () => api.post('/admin/roles/batch-delete', { ids: [role.id] }),
    ];
    for (const remove of cleanup) await remove().catch((error) => console.log(`     cleanup: ${error.message}`));
  }
};

module.exports = { scopeSteps };
