/**
 * End-to-end steps for the reference pages, run by licenses.e2e.js inside its session: each kind of
 * reference record is created through its "Add" form with only its required fields, as a new user
 * does first (an untouched choice, such as an asset's type, must not be sent as empty).
 */
'use strict';

const assert = require('node:assert/strict');

/** Each page, its "Add" button, and its required fields (a text, or a relation picked by name). */
const KINDS = (run) => [
  { page: 'organizations', add: 'Add organization', fields: { name: `First org ${run}` } },
  { page: 'locations', add: 'Add location', fields: { name: `First site ${run}` } },
  { page: 'organizational-structure', add: 'Add organizational unit', fields: { name: `First unit ${run}`, organization: { pick: `First org ${run}` } } },
  { page: 'persons', add: 'Add person', fields: { lastName: `First person ${run}` } },
  { page: 'assets', add: 'Add asset', fields: { name: `First asset ${run}` } },
  { page: 'software', add: 'Add software', fields: { name: `First software ${run}` } },
  { page: 'license-types', add: 'Add license type', fields: { name: `First type ${run}` } },
];

const referenceSteps = async ({ step, getPage, admin, run }) => {
  for (const kind of KINDS(run)) {
    await step(`${kind.add} with only its required fields`, async () => {
      const page = getPage();
      await page.goto(`${admin}/plugins/license-manager/${kind.page}`);
      await page.getByRole('button', { name: kind.add }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      for (const [field, value] of Object.entries(kind.fields)) {
        const input = page.locator(`#lm-${field}`);
        if (typeof value === 'string') {
          await input.fill(value);
        } else {
          await input.click();
          await input.fill(value.pick);
          await page.getByRole('option', { name: value.pick }).first().click();
        }
      }
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Created.').first().waitFor();
      assert.equal(await page.getByRole('dialog').count(), 0, 'the form closed');
      const label = Object.values(kind.fields).find((v) => typeof v === 'string');
      await page.getByRole('row').filter({ hasText: label }).first().waitFor();
    });
  }
};

module.exports = { referenceSteps };
