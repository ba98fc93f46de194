/**
 * End-to-end steps for purchases (docs/guide.md, "Purchases and subscriptions"), run by licenses.e2e.js
 * inside its session, every form filled through the page: a yearly subscription for 10 seats made in
 * the New license window, 10 persons assigned; renewed, the renewal raised to 12 seats, 2 more
 * assigned; the renewal lowered below the seats in use, and the refusal read. Then from the list:
 * "Export purchases" (checked against the API's file), and "Import purchases" with a row that would
 * lower the renewal below the seats in use (reported on its row) and a top-up of 2 seats (added).
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { parse } = require('csv-parse/sync');
const { shoot } = require('./support/screenshots');

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

const purchaseSteps = async ({ step, getPage, api, admin, run }) => {
  const name = `Creative Cloud ${run}`;
  await api.post('/license-manager/software', { data: { name: `Creative Cloud ${run}`, version: '2026' } });
  const persons = [];
  for (let i = 1; i <= 12; i += 1) {
    const lastName = `S${String(i).padStart(2, '0')} ${run}`;
    persons.push((await api.post('/license-manager/persons', { data: { firstName: 'Seat', lastName } })).data);
  }
  const list = `${admin}/plugins/license-manager/licenses`;
  const dialog = () => getPage().getByRole('dialog');
  const seatsSummary = () => getPage().getByTestId('seats-summary');
  const field = (id) => dialog().locator(`#lm-${id}`);
  const typeDate = async (id, value) => {
    const [y, m, d] = value.split('-');
    await field(id).fill(`${Number(m)}/${Number(d)}/${y}`);
    await field(id).press('Tab');
  };
  const choose = async (id, option) => {
    await dialog().locator(`[role=combobox][aria-labelledby="lm-${id}-label"]`).click();
    await getPage().getByRole('option', { name: option, exact: true }).click();
  };
  const purchaseRows = () => getPage().getByTestId('purchase-row');
  const assign = async (people, seatsLeft) => {
    const page = getPage();
    await page.getByRole('button', { name: 'Assign persons' }).click();
    for (const person of people) {
      await dialog().getByPlaceholder('Search for a person').fill(person.lastName);
      await dialog()
        .getByRole('checkbox', { name: `Select ${person.firstName} ${person.lastName}` })
        .click();
    }
    await dialog().getByText(seatsLeft).waitFor();
    await dialog().getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  };

  await step('Purchases: a yearly subscription for 10 seats, made in the New license window', async () => {
    const page = getPage();
    await page.goto(list);
    await page.getByRole('button', { name: 'Add license' }).first().click();
    await dialog().getByRole('heading', { name: 'New license' }).waitFor();
    await field('name').fill(name);
    await field('software').click();
    await field('software').fill(`Creative Cloud ${run}`);
    await page
      .getByRole('option', { name: `Creative Cloud ${run} 2026` })
      .first()
      .click();
    // Bought a year ago, paid by the year: the term ended yesterday.
    await typeDate('purchaseDate', day(-365));
    await typeDate('expirationDate', day(-1));
    await field('netUnitPrice').fill('50');
    await field('vatRate').fill('23');
    await choose('billing', 'Yearly');
    await field('quantity').fill('10');
    // A new license's purchases come after its Save.
    await dialog().getByRole('tab', { name: 'Purchases' }).click();
    await dialog()
      .getByText(/are this license's first purchase/)
      .waitFor();
    await dialog().getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('row', { name }).getByRole('button', { name: 'Detail view' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await seatsSummary().filter({ hasText: '0 of 10 seats used' }).waitFor();
    await page.getByText('Yearly', { exact: true }).first().waitFor();
    // count() does not wait: the table comes with the purchases' own request.
    await purchaseRows().first().waitFor();
    assert.equal(await purchaseRows().count(), 1);
  });

  await step('Purchases: assign 10 persons to the expired subscription, which keeps its seats', async () => {
    await assign(persons.slice(0, 10), 'Seats left: 0 of 10');
    await seatsSummary().filter({ hasText: '10 of 10 seats used' }).waitFor();
  });

  await step('Purchases: renew, then raise the renewal to 12 seats', async () => {
    const page = getPage();
    await page.getByRole('button', { name: 'Renew' }).click();
    await page.getByText(/^Renewed: the next term runs from/).waitFor();
    await purchaseRows().nth(1).waitFor();
    const renewal = purchaseRows().nth(1);
    // The new term runs from today: it counts, and the license is active again.
    await renewal.getByText('Active').waitFor();
    await renewal.getByRole('button', { name: /^Edit the purchase/ }).click();
    await dialog()
      .getByRole('heading', { name: /Edit a purchase of/ })
      .waitFor();
    assert.equal(await field('quantity').inputValue(), '10');
    assert.equal(await field('grossUnitPrice').inputValue(), '61.50');
    await field('quantity').fill('12');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await page.getByText('Purchase saved').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await seatsSummary().filter({ hasText: '10 of 12 seats used' }).waitFor();
    await page.getByTestId('seats-summary').locator('..').getByText('Active').waitFor();
  });

  await step('Purchases: assign 2 more persons', async () => {
    await assign(persons.slice(10), 'Seats left: 0 of 12');
    await seatsSummary().filter({ hasText: '12 of 12 seats used' }).waitFor();
    // Reloaded, so no notification covers the table in the screenshot.
    const page = getPage();
    await page.reload();
    await purchaseRows().nth(1).waitFor();
    await shoot(page.locator('table', { has: page.getByTestId('purchase-row') }), 'license-purchases.png');
  });

  await step('Purchases: lowering the renewal below the seats in use is refused', async () => {
    const page = getPage();
    await purchaseRows()
      .nth(1)
      .getByRole('button', { name: /^Edit the purchase/ })
      .click();
    await field('quantity').fill('11');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await page.getByText('The seats would fall to 11, below the 12 in use').waitFor();
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await seatsSummary().filter({ hasText: '12 of 12 seats used' }).waitFor();
    const { data: purchases } = await api.get(
      `/license-manager/licenses/${(await api.get(`/license-manager/licenses?_q=${encodeURIComponent(name)}`)).data[0].documentId}/purchases`,
    );
    assert.deepEqual(
      purchases.map((p) => [p.first, p.quantity, p.active]),
      [
        [true, 10, false],
        [false, 12, true],
      ],
    );
  });

  await step('Purchases: export them from the list, import a top-up; a row lowering the renewal is reported', async () => {
    const page = getPage();
    await page.goto(list);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export purchases' }).click()]);
    assert.match(download.suggestedFilename(), /^purchases-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parse(fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, ''));
    const [apiHeader] = parse((await api.getText('/license-manager/purchases/export?format=csv')).replace(/^\uFEFF/, ''));
    assert.deepEqual(header, apiHeader);
    const mine = rows.filter((r) => r[0] === name).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    assert.deepEqual(
      mine.map((r) => [r.quantity, r.billing, r.active]),
      [['12', 'yearly', 'true']],
    );

    await page.getByRole('button', { name: 'Import purchases' }).click();
    await dialog().getByRole('heading', { name: 'Import purchases' }).waitFor();
    const file = ['license,documentId,quantity,orderNumber', `${name},${mine[0].documentId},11,`, `${name},,2,PO-TOPUP`].join('\r\n');
    await page.getByTestId('import-file-input').setInputFiles({ name: 'purchases.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await dialog().getByRole('button', { name: 'Check file' }).click();
    await page.getByTestId('import-report').waitFor();
    const errors = await page
      .getByTestId('import-errors')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
    assert.deepEqual(
      errors.map(([row, column]) => [row, column]),
      [['2', 'quantity']],
    );
    await dialog().getByRole('combobox', { name: 'Rows with errors' }).click();
    await page.getByRole('option', { name: 'Skip them and import the other rows' }).click();
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().getByText('Import done').waitFor();
    await dialog().getByRole('button', { name: 'Close' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('row', { name }).getByRole('button', { name: 'Detail view' }).click();
    await seatsSummary().filter({ hasText: '12 of 14 seats used' }).waitFor();
    await purchaseRows().getByText('PO-TOPUP').waitFor();
  });
};

module.exports = { purchaseSteps };
