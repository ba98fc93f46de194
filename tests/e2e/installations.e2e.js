/**
 * End-to-end steps for installations (issue 28), run by licenses.e2e.js inside its session (alone
 * with E2E_ONLY=installations): two devices push their inventory over the content API with an API
 * token, as a script or an agent would; then, in the admin, a reported name is recognized as a
 * software from the Installations page, a device no asset matches is linked to one, and the
 * Compliance page shows the installed and unlicensed counts and the software's reconciliation.
 * Screenshots of the Installations page and the reconciliation, in English and (frenchInstallationsSteps) French.
 */
'use strict';

const assert = require('node:assert/strict');
const { shoot } = require('./support/screenshots');
const { assertFrench } = require('./support/english');

/** Polls until `check` holds (the background re-recognition after a rule write takes a moment). */
const eventually = async (check, what, timeout = 15000) => {
  const until = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

const names = (run) => ({
  software: `Project Pro ${run}`,
  reported: `Microsoft Project Professional 2021 ${run}`,
  assigned: `PC-A ${run}`,
  other: `PC-B ${run}`,
  unknownHost: `ws-unknown-${run}`,
});

const installationsSteps = async ({ step, getPage, api, admin, run }) => {
  const n = names(run);
  const dialog = () => getPage().getByRole('dialog');
  const serial = (x) => `SN${x}${run}`.replace(/\W/g, '');

  // The data a discovery script would meet: a licensed software, two computers, one assigned.
  const software = (await api.post('/license-manager/software', { data: { name: n.software, version: '2021' } })).data;
  const pcA = (await api.post('/license-manager/assets', { data: { name: n.assigned, serialNumber: serial('A'), assetType: 'computer' } })).data;
  const pcB = (await api.post('/license-manager/assets', { data: { name: n.other, serialNumber: serial('B'), assetType: 'computer' } })).data;
  const license = (
    await api.post('/license-manager/licenses', {
      data: { name: `${n.software} license`, software: software.documentId, assignmentModel: 'per_computer', quantity: 1, overAssignment: 'allow' },
    })
  ).data;
  await api.put(`/license-manager/licenses/${license.documentId}/assets`, { data: { assets: [pcA.documentId] } });
  const token = (await api.post('/admin/api-tokens', { name: `e2e inventory ${run}`, type: 'full-access', lifespan: null })).data.accessKey;
  const agent = api.withToken(token);

  await step('A script pushes two devices’ inventories with an API token', async () => {
    const entries = [
      { name: n.reported, version: '16.0.17126.20132', publisher: 'Microsoft Corporation' },
      { name: `Runtime ${run}`, version: '8.0', publisher: 'Microsoft Corporation' },
    ];
    const first = await agent.post('/api/license-manager/inventory', { device: { serialNumber: serial('A'), hostname: `ws-a-${run}` }, software: entries });
    assert.deepEqual(first.data.asset, { documentId: pcA.documentId, name: n.assigned });
    // This one's serial number is not PC-B's: it matches no asset until it is linked by hand.
    const second = await agent.post('/api/license-manager/inventory', { device: { serialNumber: serial('X'), hostname: n.unknownHost }, software: entries });
    assert.equal(second.data.asset, null);
    assert.equal(second.data.unrecognized, 2);
  });

  await step('Installations: recognize a reported name as the software', async () => {
    const page = getPage();
    await page.goto(`${admin}/plugins/license-manager/installations?_q=${encodeURIComponent(run)}`);
    await page.getByRole('heading', { name: 'Installations', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: n.reported });
    await row.waitFor();
    assert.match(await row.innerText(), /\b2\b/, 'two installations of it, on two devices');
    await shoot(page, 'installations.png');
    await row.getByRole('button', { name: 'Recognize as…' }).click();
    await dialog()
      .getByRole('heading', { name: `Recognize “${n.reported}” as…` })
      .waitFor();
    const input = page.locator('#lm-software');
    await input.click();
    await input.fill(n.software);
    await page
      .getByRole('option', { name: `${n.software} 2021` })
      .first()
      .click();
    await dialog().getByRole('button', { name: 'Save' }).click();
    await page.getByText(`A rule now recognizes “${n.reported}” as ${n.software} 2021.`).first().waitFor();
    await dialog().waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    await eventually(async () => {
      const { data } = await api.get(`/license-manager/installations?q=${encodeURIComponent(n.reported)}&pageSize=10`);
      return data.length === 2 && data.every((i) => i.recognition === 'recognized' && i.software?.documentId === software.documentId);
    }, 'the two installations recognized');
  });

  await step('Installations: link the device no asset matches to PC-B', async () => {
    const page = getPage();
    await page.getByRole('tab', { name: 'Unmatched devices' }).click();
    const row = page.getByRole('row', { name: n.unknownHost });
    await row.waitFor();
    await row.getByRole('button', { name: 'Link to asset' }).click();
    await dialog().waitFor();
    const input = page.locator('#lm-asset');
    await input.click();
    await input.fill(n.other);
    await page.getByRole('option', { name: n.other }).first().click();
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    const { data } = await api.get(`/license-manager/inventory-devices?q=${encodeURIComponent(n.unknownHost)}`);
    assert.deepEqual(data[0].asset, { documentId: pcB.documentId, name: n.other });
  });

  await step('Compliance: installed on 2 computers for 1 licensed, one unlicensed, the reconciliation lists PC-B', async () => {
    const page = getPage();
    await page.goto(`${admin}/plugins/license-manager/compliance?_q=${encodeURIComponent(n.software)}`);
    const row = page.getByTestId('compliance-row').filter({ hasText: n.software });
    await row.waitFor();
    const report = (await api.get(`/license-manager/compliance?_q=${encodeURIComponent(n.software)}`)).data[0];
    assert.deepEqual([report.installed, report.installedUnlicensed, report.status], [2, 1, 'non_compliant']);
    // The Installed column: 2, and under it 1 not licensed (its header upper-cased by the table's style).
    const head = await page
      .locator('table', { has: page.getByTestId('compliance-row') })
      .locator('thead')
      .innerText();
    assert.match(head, /installed/i);
    assert.equal(await row.getByTestId('installed').innerText(), '2');
    assert.equal(await row.getByTestId('installedUnlicensed').innerText(), '1 not licensed');
    await row.getByRole('button', { name: `Reconciliation of ${n.software}`, exact: false }).click();
    await dialog().getByText(n.other).first().waitFor();
    assert.doesNotMatch(await dialog().innerText(), new RegExp(n.assigned));
    await shoot(dialog(), 'compliance-reconciliation.png');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
  });
};

/** The same pages in French: the Installations page and a software's reconciliation. */
const frenchInstallationsSteps = async ({ step, getPage, admin, run }) => {
  const n = names(run);
  const dialog = () => getPage().getByRole('dialog');

  await step('En français : la page Installations', async () => {
    const page = getPage();
    await page.goto(`${admin}/plugins/license-manager/installations`);
    await page.getByRole('heading', { name: 'Installations', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Appareils non rattachés' }).waitFor();
    await page.getByRole('tab', { name: 'Règles' }).click();
    await page.getByRole('row').filter({ hasText: n.reported }).first().waitFor();
    await assertFrench(page.locator('main'), 'the Installations page');
    await shoot(page, 'installations-fr.png');
  });

  await step('En français : le rapprochement d’un logiciel', async () => {
    const page = getPage();
    await page.goto(`${admin}/plugins/license-manager/compliance?_q=${encodeURIComponent(n.software)}`);
    const row = page.getByTestId('compliance-row').filter({ hasText: n.software });
    await row.waitFor();
    await row.getByRole('button', { name: `Rapprochement de ${n.software}`, exact: false }).click();
    await dialog().getByText(n.other).first().waitFor();
    await assertFrench(dialog(), 'the reconciliation');
    await shoot(dialog(), 'compliance-reconciliation-fr.png');
    await page.keyboard.press('Escape');
  });
};

module.exports = { installationsSteps, frenchInstallationsSteps };
