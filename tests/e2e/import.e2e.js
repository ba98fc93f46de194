/**
 * End-to-end steps for the license list's CSV import and export, run by licenses.e2e.js inside its
 * session as the administrator: a file with good and bad rows goes through the import dialog (the
 * check's mapping and errors by row and column, then "skip" and import), the list shows the new
 * licenses; an assignment file the same way; a file spelling a license in other capitals renames it
 * and the report says so; the Export button's file is checked against the API.
 * The screenshots docs/guide.md shows are written to docs/screenshots/.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { parse } = require('csv-parse/sync');
const { shoot } = require('./support/screenshots');

/**
 * Four licenses of the seeded software, as a spreadsheet might hold them: a manual label as one
 * header ("Expiration date"), an unknown column, a date that does not exist and a software that
 * does not exist.
 */
const licenseFile = (run) =>
  [
    'name,software,softwareVersion,Expiration date,assignmentModel,quantity,Colour',
    `Import A ${run},Office ${run},2021,2030-01-31,per_user,5,red`,
    `Import B ${run},Office ${run},2021,2030-02-30,per_user,5,blue`,
    `Import C ${run},Nowhere ${run},,2030-01-31,per_user,1,green`,
    `Import D ${run},Office ${run},2021,,per_computer,2,`,
  ].join('\r\n');

/** The rows of one of the dialog's tables, as cell texts. */
const tableRows = async (page, testId) =>
  page
    .getByTestId(testId)
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));

const countOf = async (page, name) => (await page.getByTestId(`import-count-${name}`).getByTestId('import-count-value').innerText()).trim();

/** Picks an option of one of the dialog's selects. */
const pick = async (page, label, option) => {
  await page.getByRole('dialog').getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
};

const importSteps = async ({ step, getPage, api, admin, run, persons }) => {
  const list = `${admin}/plugins/license-manager/licenses`;
  const dialog = () => getPage().getByRole('dialog');

  await step('Import: check a CSV file, the preview names every bad cell', async () => {
    const page = getPage();
    await page.goto(list);
    await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().getByRole('heading', { name: 'Import licenses' }).waitFor();
    await page.getByTestId('import-file-input').setInputFiles({ name: 'licenses.csv', mimeType: 'text/csv', buffer: Buffer.from(licenseFile(run)) });
    await dialog().getByTestId('import-file-name').getByText('licenses.csv').waitFor();
    await dialog().getByRole('button', { name: 'Check file' }).click();
    await page.getByTestId('import-report').waitFor();
    assert.equal(await page.getByTestId('import-detected').innerText(), 'Read as UTF-8, columns separated by comma.');
    const mapping = Object.fromEntries(await tableRows(page, 'import-mapping'));
    assert.equal(mapping.name, 'Name (name)');
    assert.equal(mapping['Expiration date'], 'Expiration date (expirationDate)');
    assert.match(mapping.Colour, /^Unknown, not imported/);
    const errors = await tableRows(page, 'import-errors');
    assert.deepEqual(
      errors.map(([row, column, value]) => [row, column, value]),
      [
        ['3', 'Expiration date', '2030-02-30'],
        ['4', 'software', `Nowhere ${run}`],
      ],
      JSON.stringify(errors),
    );
    assert.deepEqual([await countOf(page, 'rows'), await countOf(page, 'created'), await countOf(page, 'failed')], ['4', '2', '2']);
    // "Import nothing if any row has an error" is the default: this file is not offered for import.
    assert.equal(await dialog().getByRole('button', { name: 'Import', exact: true }).isDisabled(), true);
    // The check wrote nothing.
    assert.equal((await api.get(`/license-manager/licenses?_q=${encodeURIComponent(`Import A ${run}`)}`)).data.length, 0);
    await page.getByTestId('import-report').scrollIntoViewIfNeeded();
    await shoot(page, 'import-preview.png');
  });

  await step('Import: skip the bad rows, import the others; the list shows them', async () => {
    const page = getPage();
    await pick(page, 'Rows with errors', 'Skip them and import the other rows');
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().getByText('Import done').waitFor();
    assert.deepEqual([await countOf(page, 'created'), await countOf(page, 'failed')], ['2', '2']);
    await page.getByText('Licenses imported: 2 new, 0 updated, 0 unchanged, 2 skipped.').first().waitFor();
    await shoot(page, 'import-done.png');
    await dialog().getByRole('button', { name: 'Close' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // The list refreshed itself: no reload.
    await page.getByRole('row', { name: `Import A ${run}` }).waitFor();
    await page.getByRole('row', { name: `Import D ${run}` }).waitFor();
    assert.equal(await page.getByRole('row', { name: `Import B ${run}` }).count(), 0);
    const imported = await api.get(`/license-manager/licenses?_q=${encodeURIComponent(`Import `)}&pageSize=100`);
    assert.deepEqual(
      imported.data
        .map((l) => l.name)
        .filter((n) => n.endsWith(run))
        .sort(),
      [`Import A ${run}`, `Import D ${run}`],
    );
  });

  await step('Import assignments: a known person is assigned, an unknown one is reported', async () => {
    const page = getPage();
    await page.getByRole('button', { name: 'Import assignments' }).click();
    await dialog().getByRole('heading', { name: 'Import assignments' }).waitFor();
    const file = ['license,personEmail', `Import A ${run},${persons[0].email}`, `Import A ${run},nobody.${run}@example.com`].join('\n');
    await page.getByTestId('import-file-input').setInputFiles({ name: 'assignments.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await dialog().getByRole('button', { name: 'Check file' }).click();
    await page.getByTestId('import-report').waitFor();
    assert.deepEqual(
      (await tableRows(page, 'import-errors')).map(([row, column]) => [row, column]),
      [['3', 'personEmail']],
    );
    await pick(page, 'Rows with errors', 'Skip them and import the other rows');
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().getByText('Import done').waitFor();
    assert.equal(await countOf(page, 'created'), '1');
    await dialog().getByRole('button', { name: 'Close' }).last().click();
    // The seats column refreshed: Import A has one of its five seats used.
    await page
      .getByRole('row', { name: `Import A ${run}` })
      .getByText('1/5')
      .waitFor();
  });

  await step('Import: a row spelling a license in other capitals renames it, and the report says so', async () => {
    const page = getPage();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().getByRole('heading', { name: 'Import licenses' }).waitFor();
    const file = ['name', `Import a ${run}`].join('\r\n');
    await page.getByTestId('import-file-input').setInputFiles({ name: 'renamed.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await dialog().getByRole('button', { name: 'Check file' }).click();
    await page.getByTestId('import-report').waitFor();
    await dialog().getByRole('heading', { name: '1 license renamed' }).waitFor();
    assert.deepEqual(await tableRows(page, 'import-renamed'), [['2', `Import a ${run}`, `Updated — renamed from “Import A ${run}”`]]);
    assert.equal(await countOf(page, 'updated'), '1');
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await dialog().getByText('Import done').waitFor();
    assert.deepEqual(await tableRows(page, 'import-renamed'), [['2', `Import a ${run}`, `Updated — renamed from “Import A ${run}”`]]);
    await dialog().getByRole('button', { name: 'Close' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const found = await api.get(`/license-manager/licenses?_q=${encodeURIComponent(`Import a ${run}`)}`);
    assert.deepEqual(
      found.data.map((l) => l.name),
      [`Import a ${run}`],
    );
  });

  await step('Export: the downloaded file has the API export header and one row per license', async () => {
    const page = getPage();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    assert.match(download.suggestedFilename(), /^licenses-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync(await download.path(), 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 with BOM');
    const [header, ...rows] = parse(text.slice(1));
    const [apiHeader, ...apiRows] = parse((await api.getText('/license-manager/licenses/export?format=csv')).replace(/^\uFEFF/, ''));
    assert.deepEqual(header, apiHeader);
    assert.ok(header.includes('name') && header.includes('software') && !header.includes('key'), header.join(','));
    const { total } = (await api.get('/license-manager/licenses?pageSize=1')).meta.pagination;
    assert.equal(rows.length, total);
    assert.equal(rows.length, apiRows.length);
    assert.ok(rows.some((r) => r[0] === `Import D ${run}`));
    // The later steps (Compliance in French) were written for the data set without these licenses.
    const imported = await api.get(`/license-manager/licenses?_q=${encodeURIComponent(`Import `)}&pageSize=100`);
    for (const l of imported.data.filter((l) => l.name.endsWith(run))) await api.del(`/license-manager/licenses/${l.documentId}`);
  });
};

module.exports = { importSteps };
