/**
 * End-to-end accessibility steps, run by licenses.e2e.js inside its session once its
 * steps have made data, so every page has rows:
 *
 * - axe-core with WCAG 2.0/2.1 A and AA rules on every plugin page (scrolled through), its dialogs
 *   and popovers, the settings page and the home widget, in English and in French. Only what the
 *   plugin renders is checked (see PLUGIN_SCOPE): Strapi's own chrome (main navigation, settings
 *   menu, home page) is Strapi's to fix.
 * - A keyboard-only walk of the license list and a reference page: the row actions and checkboxes
 *   are reached through the table's arrow-key focus, a dialog opened from a row action gives the
 *   focus back to that button when it closes, and Escape in the Filters' search box closes them.
 */
'use strict';

const assert = require('node:assert/strict');
const en = require('../../shared/translations/en.json');
const fr = require('../../shared/translations/fr.json');

const AXE_SOURCE = require('node:fs').readFileSync(require.resolve('axe-core'), 'utf8');
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * What the plugin renders on its pages: the page's <main> (Page.Main), the plugin's sub-navigation
 * (named after the plugin), and what it opens in portals at the end of <body> (dialogs, the
 * Filters popover, a combobox's options). axe checks only these (its `include` context); it still
 * reads the whole page for what lies behind them (contrast). Selectors that match nothing are left out.
 */
const pluginScope = (T) => ['main', `nav[aria-label="${T['plugin.name']}"]`, '[role="dialog"]', '[role="alertdialog"]', '[data-radix-popper-content-wrapper]'];
/** With a dialog open the page behind it is inert (aria-hidden): only the dialog is checked. */
const DIALOG_SCOPE = ['[role="dialog"]', '[role="alertdialog"]', '[data-radix-popper-content-wrapper]'];
/** The home page is Strapi's: only the plugin's widget in it. */
const WIDGET_SCOPE = ['[data-testid="licenses-widget"]'];

/** Scrolls every scrolling box of the page to its end and back, so everything it shows has been drawn. */
const scrollThrough = async (page) => {
  await page.evaluate(async () => {
    const pause = () => new Promise((r) => setTimeout(r, 60));
    const boxes = [document.scrollingElement, ...document.querySelectorAll('main, main *, [role="dialog"] *')].filter(
      (el) => el && el.scrollHeight > el.clientHeight + 4 && getComputedStyle(el).overflowY !== 'visible',
    );
    for (const box of boxes) {
      for (let y = 0; y < box.scrollHeight; y += box.clientHeight) {
        box.scrollTop = y;
        await pause();
      }
      box.scrollTop = 0;
    }
  });
};

/** Runs axe on the parts of the page `scope` names; resolves to one line per violating node. */
const axeScan = async (page, label, scope) => {
  // Evaluated rather than added as a <script>: the admin's Content-Security-Policy (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  await scrollThrough(page);
  const violations = await page.evaluate(
    async ({ selectors, rules }) => {
      const include = selectors.filter((s) => document.querySelector(s)).map((s) => [s]);
      if (!include.length) throw new Error(`nothing to check: none of ${selectors.join(', ')} is on the page`);
      const result = await window.axe.run({ include }, { runOnly: { type: 'tag', values: rules }, resultTypes: ['violations'] });
      // A scan that checked no text for contrast looked at nothing: the scope missed the page.
      if (![...result.passes, ...result.violations, ...result.incomplete].some((r) => r.id === 'color-contrast'))
        throw new Error(`axe checked no contrast in ${include.join(', ')}`);
      return result.violations.flatMap((v) =>
        v.nodes.map((n) => ({
          rule: v.id,
          impact: v.impact,
          help: v.help,
          target: n.target.join(' '),
          html: n.html.slice(0, 160),
          why: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 240),
        })),
      );
    },
    { selectors: scope, rules: RULES },
  );
  return violations.map((v) => `[${label}] ${v.rule} (${v.impact}): ${v.help}\n    at ${v.target}\n    ${v.html}\n    ${v.why}`);
};

/** Waits until the plugin page shown has its title and has loaded (Page.Main's aria-busy). */
const settled = async (page) => {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main[aria-busy="true"]'));
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
};

/**
 * Escape closes the dialog shown; the next scan must not see it. A dialog still opening may miss
 * the first Escape (its handler is not there yet): pressed again, as a user would, up to 3 times.
 */
const closeDialog = async (page) => {
  const shown = page.locator('[role="dialog"], [role="alertdialog"]').first();
  for (let tries = 1; ; tries++) {
    await page.keyboard.press('Escape');
    try {
      await shown.waitFor({ state: 'detached', timeout: 5000 });
      return;
    } catch (error) {
      if (tries >= 3) throw error;
    }
  }
};

const REFERENCE_PAGES = ['organizations', 'organizational-structure', 'locations', 'persons', 'assets', 'software', 'license-types'];

/**
 * The axe scans of one locale. `canEdit`: the user may edit licenses and reference data (the French
 * user may read, create and update licenses and change the settings, but not manage reference data
 * nor assign). `canImport`: the user may import licenses.
 */
const scanSteps = async ({ step, getPage, admin, T, locale, canEdit, canImport, found }) => {
  const plugin = `${admin}/plugins/license-manager`;
  const scope = pluginScope(T);
  const scan = async (label, s = scope) => found.push(...(await axeScan(getPage(), `${locale} ${label}`, s)));

  await step(`axe (${locale}): license list, its Filters, a license's detail and its dialogs`, async () => {
    const page = getPage();
    await page.goto(`${plugin}/licenses`);
    await settled(page);
    await page.locator('tbody tr').first().waitFor();
    await scan('license list');

    await page.getByRole('button', { name: T['filters.button'] }).click();
    const filters = page.locator('[data-radix-popper-content-wrapper]').filter({ has: page.locator('input[role="combobox"]') });
    await filters.waitFor();
    await scan('Filters popover', DIALOG_SCOPE);
    await page.keyboard.press('Escape');
    await filters.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: T['license.add'] }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: T['license.tab.basic'] }).waitFor();
    await scan('New license: basic information', DIALOG_SCOPE);
    await dialog.getByRole('tab', { name: T['license.tab.keys'] }).click();
    await dialog.getByRole('tabpanel').waitFor();
    await scan('New license: keys', DIALOG_SCOPE);
    // The form's error messages (Save with nothing filled in).
    await dialog.locator('button[type="submit"]').click();
    await page.locator('[id="lm-name-error"]').waitFor();
    await scan('New license: errors', DIALOG_SCOPE);
    await closeDialog(page);

    // The Import dialog: for a user with licenses.create and licenses.update.
    if (canImport) {
      await page.getByRole('button', { name: T['import.open.licenses'], exact: true }).click();
      await page.getByRole('dialog').waitFor();
      await scan('Import dialog', DIALOG_SCOPE);
      await closeDialog(page);
    }

    // The first license with seats assigned: its detail shows keys, persons and assets.
    await page.goto(`${plugin}/licenses?sort=seatsUsed:DESC`);
    await settled(page);
    await page.locator('tbody tr a').first().click();
    await page.getByTestId('seats-summary').waitFor();
    await settled(page);
    await scan('license detail');
    if (canEdit) {
      await page.getByRole('button', { name: T['assign.persons.button'] }).click();
      await page.getByRole('dialog').getByRole('checkbox').first().waitFor();
      await scan('Assign persons dialog', DIALOG_SCOPE);
      await closeDialog(page);
      await page.getByRole('button', { name: T['action.edit'] }).first().click();
      await page.getByRole('dialog').getByRole('tab').first().waitFor();
      await scan('Edit license dialog', DIALOG_SCOPE);
      await closeDialog(page);
      await page.getByRole('button', { name: T['action.delete'] }).first().click();
      await page.getByRole('alertdialog').waitFor();
      await scan('Delete license confirmation', DIALOG_SCOPE);
      await closeDialog(page);
    }
  });

  await step(`axe (${locale}): the reference pages and a reference form`, async () => {
    const page = getPage();
    for (const ref of REFERENCE_PAGES) {
      await page.goto(`${plugin}/${ref}`);
      await settled(page);
      await page.locator('tbody tr').first().waitFor();
      await scan(ref);
    }
    // The persons' form: its relation fields and their options.
    await page.goto(`${plugin}/persons`);
    await settled(page);
    const add = page.getByRole('button', { name: T['persons.add'] });
    if (await add.count()) {
      await add.first().click();
      await page.getByRole('dialog').waitFor();
      await scan('New person form', DIALOG_SCOPE);
      await page.locator('[id="lm-organization"]').click();
      await page.getByRole('option').first().waitFor();
      await scan('New person form: organization options', DIALOG_SCOPE);
      await page.keyboard.press('Escape');
      await page.getByRole('listbox').waitFor({ state: 'detached' });
      await page.getByRole('dialog').getByRole('button', { name: T['action.close'] }).first().click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    if (canEdit) {
      await page.getByRole('row').nth(1).getByRole('button', { name: T['action.edit'] }).click();
      await page.getByRole('dialog').waitFor();
      await scan('Edit person form', DIALOG_SCOPE);
      await closeDialog(page);
    }
  });

  await step(`axe (${locale}): Compliance, Installations, Settings and the home widget`, async () => {
    const page = getPage();
    await page.goto(`${plugin}/compliance`);
    await settled(page);
    await page.getByTestId('figure-nonCompliant').waitFor();
    await scan('Compliance');

    // Its three tabs (issue 28), each scanned as shown.
    await page.goto(`${plugin}/installations`);
    await settled(page);
    await scan('Installations (unrecognized)');
    for (const tab of ['installations.tab.devices', 'installations.tab.rules']) {
      await page.getByRole('tab', { name: T[tab] }).click();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.waitForTimeout(300);
      await scan(`Installations (${T[tab]})`);
    }

    await page.goto(`${admin}/settings/license-manager`);
    await settled(page);
    await scan('Settings (license manager, reminders, events)');

    await page.goto(admin);
    // Its two groups loaded: a link to each group's licenses, no "Loading".
    await page.locator(WIDGET_SCOPE[0]).getByRole('link', { name: T['widget.seeAll'] }).nth(1).waitFor({ timeout: 30000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.locator(WIDGET_SCOPE[0]).scrollIntoViewIfNeeded();
    await scan('home widget', WIDGET_SCOPE);
  });
};

const report = (found) => {
  // One line per violating node: the same component repeated on a page is listed each time it appears.
  assert.equal(found.length, 0, `axe found ${found.length} violation(s) in the plugin:\n${found.join('\n')}`);
};

/** Whether the element has the focus. */
const focusedIs = (locator) => locator.evaluate((el) => el === document.activeElement);

/** Presses `key` until `test` holds for the focused element (at most `max` times). */
const pressUntil = async (page, key, test, max = 80, arg = undefined) => {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate(test, arg)) return;
  }
  throw new Error(`${key} × ${max} never reached the element`);
};
const inTable = () => !!document.activeElement?.closest('table');

/** From the page's start, Tab into the list's table; the arrow keys then move among its cells. */
const tabIntoTable = async (page) => {
  await page.locator('body').evaluate(() => document.activeElement?.blur());
  await pressUntil(page, 'Tab', inTable);
};

/**
 * From the header row down to the first row. From a header cell that holds the table's focus
 * position (the reference pages' own header cells) one Down does it. Strapi's select-all checkbox
 * (the license list) sets the position outside the columns, as in its Content Manager: two Downs
 * reach the first row, and Home its first cell.
 */
const intoFirstRow = async (page) => {
  const inBody = () => page.evaluate(() => !!document.activeElement?.closest('tbody'));
  for (let i = 0; i < 2 && !(await inBody()); i++) {
    await page.keyboard.press('ArrowDown');
    // The table moves its focus in an effect after the key's render.
    await page.waitForTimeout(150);
  }
  if (!(await inBody())) {
    await page.keyboard.press('Home');
    await page.waitForTimeout(150);
  }
  assert.ok(await page.evaluate(() => document.activeElement?.closest('tbody tr') === document.querySelector('tbody tr')), 'the first row has the focus');
};

/**
 * From a row's focused Edit: Enter opens its form (`opened` shows it), Escape closes it and the
 * focus is back on Edit; Right reaches Delete, Enter asks for confirmation, Escape cancels and the
 * focus is back on Delete.
 */
const editThenDelete = async (page, row, T, opened) => {
  const edit = row.getByRole('button', { name: T['action.edit'] });
  await page.keyboard.press('Enter');
  await opened.waitFor();
  await closeDialog(page);
  await page.waitForTimeout(100);
  assert.ok(await focusedIs(edit), 'closing the form returns the focus to Edit');
  await page.keyboard.press('ArrowRight');
  const del = row.getByRole('button', { name: T['action.delete'] });
  assert.ok(await focusedIs(del), 'Right reaches Delete');
  await page.keyboard.press('Enter');
  await page.getByRole('alertdialog').waitFor();
  await closeDialog(page);
  await page.waitForTimeout(100);
  assert.ok(await focusedIs(del), 'cancelling the deletion returns the focus to Delete');
};

const keyboardSteps = async ({ step, getPage, admin }) => {
  const T = en;
  const plugin = `${admin}/plugins/license-manager`;

  await step('Keyboard only: license list row checkbox, edit and delete, focus returned', async () => {
    const page = getPage();
    await page.goto(`${plugin}/licenses`);
    await settled(page);
    await page.locator('tbody tr').first().waitFor();
    await tabIntoTable(page);
    await intoFirstRow(page);
    await page.keyboard.press('Home');
    const row = page.locator('tbody tr').first();
    const checkbox = row.getByRole('checkbox');
    assert.ok(await focusedIs(checkbox), 'the first row checkbox has the focus');
    await page.keyboard.press('Space');
    assert.equal(await checkbox.getAttribute('aria-checked'), 'true');
    await page.keyboard.press('Space');
    assert.equal(await checkbox.getAttribute('aria-checked'), 'false');
    // End: the actions' cell (Detail view first), Right: Edit.
    await page.keyboard.press('End');
    assert.ok(await focusedIs(row.getByRole('button', { name: T['action.view'] })), 'End reaches the row actions');
    await page.keyboard.press('ArrowRight');
    assert.ok(await focusedIs(row.getByRole('button', { name: T['action.edit'] })), 'Right reaches Edit');
    await editThenDelete(page, row, T, page.getByRole('dialog').getByRole('tab').first());
    assert.ok((await page.locator('tbody tr').count()) > 0);
  });

  await step('Keyboard only: Escape in the Filters search box closes them, focus on Filters', async () => {
    const page = getPage();
    const filters = page.getByRole('button', { name: T['filters.button'] });
    // From the page's start to the Filters button.
    await page.locator('body').evaluate(() => document.activeElement?.blur());
    await pressUntil(
      page,
      'Tab',
      (name) => document.activeElement?.tagName === 'BUTTON' && (document.activeElement.textContent || '').includes(name),
      120,
      T['filters.button'],
    );
    await page.keyboard.press('Enter');
    // The Filters popover, not the search button's tooltip (another popper, open when Tab passed it).
    const popover = page.locator('[data-radix-popper-content-wrapper]').filter({ has: page.locator('input[role="combobox"]') });
    await popover.waitFor();
    await pressUntil(page, 'Tab', () => document.activeElement?.getAttribute('role') === 'combobox' && document.activeElement.tagName === 'INPUT', 10);
    await page.keyboard.type('Off');
    await page.getByRole('listbox').waitFor();
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
    await page.waitForTimeout(100);
    assert.ok(await focusedIs(filters), 'the focus is back on the Filters button');
  });

  await step('Keyboard only: a reference page row edit and delete, focus returned', async () => {
    const page = getPage();
    await page.goto(`${plugin}/organizations`);
    await settled(page);
    await page.locator('tbody tr').first().waitFor();
    await tabIntoTable(page);
    await intoFirstRow(page);
    await page.keyboard.press('End');
    const row = page.locator('tbody tr').first();
    assert.ok(await focusedIs(row.getByRole('button', { name: T['action.edit'] })), 'End reaches Edit');
    await editThenDelete(page, row, T, page.getByRole('dialog'));
  });
};

/** English: the admin (every permission); scans, then the keyboard walk. */
const a11ySteps = async ({ step, getPage, admin }) => {
  const found = [];
  await scanSteps({ step, getPage, admin, T: en, locale: 'en', canEdit: true, canImport: true, found });
  await step('axe (en): no violation in the plugin', async () => report(found));
  await keyboardSteps({ step, getPage, admin });
};

/** French: the French user (licenses read, create, update; settings). */
const a11yFrenchSteps = async ({ step, getPage, admin }) => {
  const found = [];
  await scanSteps({ step, getPage, admin, T: { ...en, ...fr }, locale: 'fr', canEdit: false, canImport: true, found });
  await step('axe (fr): no violation in the plugin', async () => report(found));
};

module.exports = { a11ySteps, a11yFrenchSteps, axeScan };
