/**
 * End-to-end steps for a per-core license, run by licenses.e2e.js inside its session (alone with
 * E2E_ONLY=hardware): SQL Server's terms (8 cores a processor at least, 16 a server) typed into the
 * "New license" window, two servers added through the Assets page, and the assign dialog showing
 * what each server needs before the server counts it: a 2 × 4-core server uses 16 of 24 cores, a
 * 1 × 4-core one (16 by the server minimum) is refused until the quantity is raised to 32.
 * What it made is deleted at the end, so the steps after it see the data set they were written for.
 */
'use strict';

const assert = require('node:assert/strict');

const hardwareSteps = async ({ step, getPage, api, admin, run }) => {
  const LICENSE = `SQL Server 2022 Enterprise ${run}`;
  const BIG = `SQL-A-${run}`;
  const SMALL = `SQL-B-${run}`;
  const software = (await api.post('/license-manager/software', { data: { name: `SQL Server ${run}`, version: '2022' } })).data;
  const dialog = () => getPage().getByRole('dialog');
  const summary = () => getPage().getByTestId('seats-summary');
  /** The assign dialog's row of an asset. */
  const row = (name) => dialog().getByTestId('assign-row').filter({ hasText: name });

  for (const [name, processors, cores] of [
    [BIG, '2', '4'],
    [SMALL, '1', '4'],
  ]) {
    await step(`Add a ${processors} × ${cores}-core server on the Assets page`, async () => {
      const page = getPage();
      await page.goto(`${admin}/plugins/license-manager/assets`);
      await page.getByRole('button', { name: 'Add asset' }).first().click();
      await dialog().waitFor();
      await page.locator('#lm-name').fill(name);
      await page.locator('[role=combobox][aria-labelledby="lm-assetType-label"]').click();
      await page.getByRole('option', { name: 'Server' }).click();
      await page.locator('#lm-processors').fill(processors);
      await page.locator('#lm-coresPerProcessor').fill(cores);
      await dialog().getByRole('button', { name: 'Save' }).click();
      await page.getByText('Created.').first().waitFor();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.getByRole('row').filter({ hasText: name }).first().waitFor();
      const saved = (await api.get(`/license-manager/assets?_q=${encodeURIComponent(name)}`)).data.find((a) => a.name === name);
      assert.deepEqual([saved.assetType, saved.processors, saved.coresPerProcessor], ['server', Number(processors), Number(cores)]);
    });
  }

  await step('New license: per core, 24 cores, at least 8 a processor and 16 a server', async () => {
    const page = getPage();
    await page.goto(`${admin}/plugins/license-manager/licenses`);
    await page.getByRole('button', { name: 'Add license' }).first().click();
    await dialog().getByRole('heading', { name: 'New license' }).waitFor();
    await page.locator('#lm-name').fill(LICENSE);
    const input = page.locator('#lm-software');
    await input.click();
    await input.fill(`SQL Server ${run}`);
    await page
      .getByRole('option', { name: `SQL Server ${run} 2022` })
      .first()
      .click();
    // The per-core terms show once the model is per core.
    assert.equal(await page.locator('#lm-minCoresPerProcessor').count(), 0);
    await page.locator('[role=combobox][aria-labelledby="lm-assignmentModel-label"]').click();
    await page.getByRole('option', { name: 'Per core' }).click();
    await page.locator('#lm-quantity').fill('24');
    await page.locator('#lm-minCoresPerProcessor').fill('8');
    await page.locator('#lm-minCoresPerServer').fill('16');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await page.getByText('License has been added to the list.').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('row', { name: LICENSE }).getByRole('button', { name: 'Detail view' }).click();
    await page.getByRole('heading', { name: LICENSE, level: 1 }).waitFor();
    await summary().filter({ hasText: '0 of 24 cores used, 24 available' }).waitFor();
    // A per-core license takes assets only: no persons to assign.
    assert.equal(await page.getByRole('button', { name: 'Assign persons' }).count(), 0);
  });

  await step('Assign the 2 × 4-core server: it needs 16 cores (8 a processor)', async () => {
    const page = getPage();
    await page.getByRole('button', { name: 'Assign assets' }).click();
    await dialog().getByText('Cores left: 24 of 24').waitFor();
    assert.equal((await row(BIG).getByTestId('assign-units').innerText()).trim(), 'This server needs 16 cores');
    // 1 × 4 cores is 4, 8 a processor is 8: the server minimum, 16, is what it counts.
    assert.equal((await row(SMALL).getByTestId('assign-units').innerText()).trim(), 'This server needs 16 cores');
    await dialog()
      .getByRole('checkbox', { name: `Select ${BIG}` })
      .click();
    await dialog().getByText('Cores left: 8 of 24').waitFor();
    await dialog().getByRole('button', { name: 'Save' }).click();
    // An earlier assignment's notice may still show beside this one on a slow run: either will do, the seats below say which.
    await page.getByText('The license has been assigned to the assets.').first().waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await summary().filter({ hasText: '16 of 24 cores used, 8 available' }).waitFor();
    // The assigned list is read again after the seats: wait for its row before counting.
    await page.getByTestId('assigned-asset').filter({ hasText: BIG }).waitFor();
    assert.equal(await page.getByTestId('assigned-asset').count(), 1);
  });

  await step('Assigning the 1 × 4-core server is refused: it needs 16 cores, 8 are left', async () => {
    const page = getPage();
    await page.getByRole('button', { name: 'Assign assets' }).click();
    await dialog().getByText('Cores left: 8 of 24').waitFor();
    await dialog()
      .getByRole('checkbox', { name: `Select ${SMALL}` })
      .click();
    await dialog().getByText('8 over the 24 cores').waitFor();
    await dialog().getByText('More are selected than there are cores: saving will be refused.').waitFor();
    await dialog().getByRole('button', { name: 'Save' }).click();
    const alert = dialog().getByRole('alert').filter({ hasText: 'Not saved' });
    await alert.getByText('Not enough seats: 16 requested, 8 available').waitFor();
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.match(await summary().innerText(), /16 of 24 cores used, 8 available/);
    assert.equal(await page.getByTestId('assigned-asset').count(), 1);
  });

  await step('Raise the quantity to 32 and assign the 1 × 4-core server: 32 of 32 cores', async () => {
    const page = getPage();
    await page.getByRole('button', { name: 'Edit' }).click();
    await dialog()
      .getByRole('heading', { name: /Edit license/ })
      .waitFor();
    assert.equal(await page.locator('#lm-minCoresPerServer').inputValue(), '16');
    await page.locator('#lm-quantity').fill('32');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await page.getByText('The license has been saved.').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await summary().filter({ hasText: '16 of 32 cores used, 16 available' }).waitFor();
    await page.getByRole('button', { name: 'Assign assets' }).click();
    await dialog().getByText('Cores left: 16 of 32').waitFor();
    await dialog()
      .getByRole('checkbox', { name: `Select ${SMALL}` })
      .click();
    await dialog().getByText('Cores left: 0 of 32').waitFor();
    await dialog().getByRole('button', { name: 'Save' }).click();
    // The 2 × 4-core server's notice may still show on a slow run (CI once saw both): the seats below tell them apart.
    await page.getByText('The license has been assigned to the assets.').first().waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await summary().filter({ hasText: '32 of 32 cores used, 0 available' }).waitFor();
    await page.getByTestId('assigned-asset').filter({ hasText: SMALL }).waitFor();
    assert.equal(await page.getByTestId('assigned-asset').count(), 2);
  });

  // Back to the data set the steps after these were written for.
  const license = (await api.get(`/license-manager/licenses?_q=${encodeURIComponent(LICENSE)}`)).data.find((l) => l.name === LICENSE);
  await api.del(`/license-manager/licenses/${license.documentId}`);
  for (const name of [BIG, SMALL]) {
    const asset = (await api.get(`/license-manager/assets?_q=${encodeURIComponent(name)}`)).data.find((a) => a.name === name);
    await api.del(`/license-manager/assets/${asset.documentId}`);
  }
  await api.del(`/license-manager/software/${software.documentId}`);
};

module.exports = { hardwareSteps };
