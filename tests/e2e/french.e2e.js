/**
 * A new user's first hour in French, run by licenses.e2e.js as the French editor (Strapi keeps the
 * interface language per user): the license list, a license's detail with its amounts, the New
 * license window tab by tab and an import's report show no English message of the plugin's
 * (support/english.js) and money the French way. Compliance and the reminders follow in
 * compliance.e2e.js (frenchSteps), with the same check.
 */
'use strict';

const assert = require('node:assert/strict');
const { assertFrench } = require('./support/english');

/**
 * A spreadsheet saved the French way: semicolons, day-first dates, a decimal comma; a date that
 * does not exist (line 3) and a software that does not (line 4). A row's cells are read before
 * its names are looked up, so each bad row shows one problem.
 */
const frenchFile = (run) =>
  [
    'name;software;softwareVersion;expirationDate;netUnitPrice;vatRate;quantity',
    `Import FR A ${run};Office ${run};2021;31/01/2030;1234,50;20;5`,
    `Import FR B ${run};Office ${run};2021;30/02/2030;12,5;20;1`,
    `Import FR C ${run};Nulle part ${run};;28/02/2030;12,5;20;1`,
  ].join('\r\n');

const frenchWalkSteps = async ({ step, getPage, admin, run, license, netPrice }) => {
  const list = `${admin}/plugins/license-manager/licenses`;
  const dialog = () => getPage().getByRole('dialog');

  await step('En français : la liste des licences', async () => {
    const page = getPage();
    await page.goto(list);
    await page.getByRole('heading', { name: 'Licences', level: 1 }).waitFor();
    await page
      .getByText(/entrées? trouvées?/)
      .first()
      .waitFor();
    await assertFrench(page.locator('main'), 'the license list');
    // Searched for, as a user finds one license among many.
    await page.goto(`${list}?_q=${encodeURIComponent(license)}`);
    await page.getByRole('row', { name: license }).waitFor();
    await assertFrench(page.locator('main'), 'the license list');
  });

  await step("En français : la fiche d'une licence, ses montants à la française", async () => {
    const page = getPage();
    await page.getByRole('row', { name: license }).getByText(license, { exact: true }).click();
    await page.getByRole('heading', { name: license, level: 1 }).waitFor();
    const text = await page.locator('main').innerText();
    // Its net price a seat: a decimal comma, the symbol after a (no-break) space.
    assert.match(text, netPrice);
    // No amount the English way ("FOURNISSEUR" holds the letters EUR: whole words only).
    assert.doesNotMatch(text, /\d\.\d\d\s?EUR\b|\bEUR\s?\d/);
    await assertFrench(page.locator('main'), "the license's detail");
  });

  await step('En français : le formulaire Nouvelle licence, onglet par onglet', async () => {
    const page = getPage();
    await page.goto(list);
    await page.getByRole('button', { name: 'Ajouter une licence' }).first().click();
    await dialog().getByRole('heading', { name: 'Nouvelle licence' }).waitFor();
    for (const tab of ['Informations de base', 'Clés', 'Achats']) {
      await dialog().getByRole('tab', { name: tab }).click();
      await assertFrench(dialog(), `the New license window's tab ${tab}`);
    }
    await dialog().getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  await step("En français : le rapport d'une importation", async () => {
    const page = getPage();
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await dialog().getByRole('heading', { name: 'Importer des licences' }).waitFor();
    await page.getByTestId('import-file-input').setInputFiles({ name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(frenchFile(run)) });
    await dialog().getByRole('button', { name: 'Vérifier le fichier' }).click();
    await page.getByTestId('import-report').waitFor();
    // The options followed the French locale: the good row reads as it was written.
    const errors = await page
      .getByTestId('import-errors')
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));
    assert.deepEqual(
      errors.map(([row]) => row),
      ['3', '4'],
      JSON.stringify(errors),
    );
    assert.match(errors[0].join(' '), /30\/02\/2030 n'est pas une date au format DD\/MM\/YYYY$/);
    // The missing software's problem in French; the checkbox that would add it is not named to this
    // user, who may not manage reference data and so is not shown it.
    assert.match(errors.map((cells) => cells.join(' ')).join('\n'), /Nulle part .*aucun logiciel ne porte ce nom$/m);
    await assertFrench(dialog(), "the import's report");
    await dialog().getByRole('button', { name: 'Fermer' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });
};

module.exports = { frenchWalkSteps };
