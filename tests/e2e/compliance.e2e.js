/**
 * End-to-end steps for Asset Management > Compliance and the Reminders part of the settings, run
 * by licenses.e2e.js inside its session: the figures shown are checked against the same admin API
 * the page calls, the reminders preview against GET /reminders/preview. The screenshots docs/guide.md
 * shows are written to docs/screenshots/.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { assertFrench } = require('./support/english');
const { shoot } = require('./support/screenshots');

const daysFromNow = (days) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * A software out of compliance whose license's reminder is due: one seat, two persons assigned
 * (over-assignment allowed), expiring in 7 days, with a notify e-mail. Paid by the month, so its
 * annual recurring cost (12 × €60.00) differs from its true-up (1 × €60.00).
 */
const seedCompliance = async (api, run, persons) => {
  const software = (await api.post('/license-manager/software', { data: { name: `Visio ${run}`, version: '2024' } })).data;
  const license = (
    await api.post('/license-manager/licenses', {
      data: {
        name: `Visio Plan 2 ${run}`,
        software: software.documentId,
        assignmentModel: 'per_user',
        quantity: 1,
        overAssignment: 'allow',
        purchaseDate: daysFromNow(-300),
        expirationDate: daysFromNow(7),
        netUnitPrice: '50.00',
        vatRate: '20.00',
        currency: 'EUR',
        billing: 'monthly',
        notifyEmails: [`visio-owner.${run}@example.com`],
      },
    })
  ).data;
  await api.put(`/license-manager/licenses/${license.documentId}/persons`, { data: { persons: persons.slice(0, 2).map((p) => p.documentId) } });
  return { software, license };
};

/**
 * Five software with long names, each with unused seats and no shortfall (so they follow the
 * shortfalls in the gap chart and stay compliant), sorting after Visio in the report's default
 * order (by name), so the first page of the table is unchanged. Two are versions of one name.
 */
const LONG_NAMES = [
  ['Visual Studio Enterprise Subscription with GitHub Copilot', '2022'],
  ['Visual Studio Enterprise Subscription with GitHub Copilot', '2026'],
  ['Windows Server Datacenter Core Edition Volume Licensing', '2025'],
  ['Wolfram Mathematica Enterprise Network Edition', '14'],
  ['Zoom Workplace Business Plus Annual Subscription', null],
];
/** Their labels in the admin (name and version). */
const longLabels = (run) => LONG_NAMES.map(([name, version]) => [`${name} ${run}`, version].filter(Boolean).join(' '));
const seedLongNames = async (api, run) => {
  for (const [i, [name, version]] of LONG_NAMES.entries()) {
    const software = (await api.post('/license-manager/software', { data: { name: `${name} ${run}`, ...(version ? { version } : {}) } })).data;
    await api.post('/license-manager/licenses', {
      data: {
        name: `${longLabels(run)[i]} seats`,
        software: software.documentId,
        assignmentModel: 'per_user',
        quantity: 40 + i,
        purchaseDate: daysFromNow(-30),
      },
    });
  }
};

/**
 * The gap chart's labels, as drawn: no two tick labels (software names, seat counts) overlap, none
 * is cut by the chart's box, and each software label is its whole name or a cut of it with the
 * whole name as its title (hover). `names`: software that must be among the labels.
 */
const assertChartLabelsFit = async (page, names) => {
  const chart = page.getByTestId('gap-chart');
  await chart.locator('.recharts-bar-rectangle').first().waitFor();
  const frame = await chart.locator('div[role=img]').boundingBox();
  const surface = await chart.locator('svg[role=application]').boundingBox();
  const ticks = chart.locator('.recharts-cartesian-axis-tick-label text');
  const boxes = [];
  for (const tick of await ticks.all()) boxes.push({ text: await tick.textContent(), box: await tick.boundingBox() });
  assert.ok(boxes.length > names.length, `${boxes.length} tick labels`);
  const within = (b, f) => b.x >= f.x - 0.5 && b.y >= f.y - 0.5 && b.x + b.width <= f.x + f.width + 0.5 && b.y + b.height <= f.y + f.height + 0.5;
  const overlap = (a, b) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
  for (const [i, { text, box }] of boxes.entries()) {
    assert.ok(box && box.width > 0, `"${text}" is drawn`);
    assert.ok(within(box, frame) && within(box, surface), `"${text}" ${JSON.stringify(box)} is cut by the chart's box ${JSON.stringify(surface)}`);
    for (const other of boxes.slice(i + 1)) assert.ok(!overlap(box, other.box), `"${text}" overlaps "${other.text}"`);
  }
  const labels = [];
  for (const label of await chart.getByTestId('chart-label').all()) {
    labels.push({ text: await label.locator('text').textContent(), title: await label.locator('title').textContent() });
  }
  for (const { text, title } of labels) {
    const [head, tail] = text.split('…');
    assert.ok(text === title || (head.length >= 3 && title.startsWith(head.trimEnd()) && title.endsWith(tail ?? '')), `"${text}" for "${title}"`);
  }
  const titles = labels.map((l) => l.title);
  for (const name of names) assert.ok(titles.includes(name), `${name} in ${JSON.stringify(titles)}`);
  // The two versions of one long name stay apart.
  assert.equal(new Set(labels.map((l) => l.text)).size, labels.length, JSON.stringify(labels));
};

/** An amount as the admin shows it in English (docs/design.md, "Money"): `€60.00`, from the API's "60.00". */
const inEnglish = (amount, currency) => new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);

/** What the figures must show, from the API the page reads. */
const expectedFigures = async (api) => {
  const report = await api.get('/license-manager/compliance?page=1&pageSize=10');
  const expiring = await api.get('/license-manager/licenses?status=expiring&pageSize=1');
  const { totals } = report.meta;
  return {
    nonCompliant: String(totals.nonCompliant),
    atRisk: String(totals.atRisk),
    trueUp: totals.costs.map((c) => inEnglish(c.trueUp, c.currency)),
    unusedValue: totals.costs.map((c) => inEnglish(c.unusedValue, c.currency)),
    annualRecurring: totals.costs.map((c) => inEnglish(c.annualRecurring, c.currency)),
    committed: totals.costs.map((c) => inEnglish(c.committed, c.currency)),
    expiring: String(expiring.meta.pagination.total),
    totals,
  };
};

const shownFigures = async (page) => {
  const figure = (id) => page.getByTestId(`figure-${id}`);
  const value = async (id) => (await figure(id).getByTestId('figure-value').innerText()).trim();
  const costs = async (id) => (await figure(id).getByTestId(`cost-${id}`).allInnerTexts()).map((s) => s.trim());
  return {
    nonCompliant: await value('nonCompliant'),
    atRisk: await value('atRisk'),
    trueUp: await costs('trueUp'),
    unusedValue: await costs('unusedValue'),
    annualRecurring: await costs('annualRecurring'),
    committed: await costs('committed'),
    expiring: await value('expiring'),
  };
};

/** The steps in English, as the administrator (every permission). */
const complianceSteps = async ({ step, getPage, api, admin, run, persons }) => {
  const visio = await seedCompliance(api, run, persons);
  await seedLongNames(api, run);
  const compliance = `${admin}/plugins/license-manager/compliance`;

  await step('Open Asset Management > Compliance: the figures are the API totals', async () => {
    const page = getPage();
    await page.getByRole('link', { name: 'Compliance' }).click();
    await page.getByRole('heading', { name: 'Compliance', level: 1 }).waitFor();
    // A fresh load: no notification of the earlier steps over the screenshot.
    await page.reload();
    await page.getByRole('heading', { name: 'Compliance', level: 1 }).waitFor();
    await page.getByTestId('compliance-row').first().waitFor();
    await page
      .getByTestId('figure-expiring')
      .getByText(/within \d+ days/)
      .waitFor();
    const expected = await expectedFigures(api);
    assert.ok(expected.totals.nonCompliant >= 1 && expected.totals.atRisk >= 1, JSON.stringify(expected.totals));
    const { totals, ...figures } = expected;
    assert.deepEqual(await shownFigures(page), figures);
    // Each amount inside its figure's box.
    for (const id of ['trueUp', 'unusedValue', 'annualRecurring', 'committed']) {
      const box = await page.getByTestId(`figure-${id}`).evaluate((f) => ({ scrollWidth: f.scrollWidth, clientWidth: f.clientWidth }));
      assert.ok(box.scrollWidth <= box.clientWidth, `the ${id} figure's amounts take ${box.scrollWidth} px of ${box.clientWidth}`);
    }
    // Visio: 1 seat licensed, 2 used: 1 short, a true-up at its gross price.
    const row = page.getByRole('row', { name: `Visio ${run} 2024`, exact: true });
    assert.equal((await row.getByTestId('shortfall').innerText()).trim(), '1');
    await row.getByText('Out of compliance').waitFor();
    await row.getByText('€60.00', { exact: true }).waitFor();
    // Its monthly €60.00 a year, in its own column and within the total.
    assert.equal((await row.getByTestId('cost-annualRecurring').innerText()).trim(), '€720.00');
    const eur = totals.costs.find((c) => c.currency === 'EUR');
    assert.ok(eur && Number(eur.annualRecurring) >= 720, JSON.stringify(totals.costs));
    // Both charts, each with its text alternative.
    await page.getByTestId('gap-chart').locator('.recharts-bar-rectangle').first().waitFor();
    assert.deepEqual(await page.getByTestId('gap-chart').locator('table tbody tr').first().locator('td').allInnerTexts(), [`Visio ${run} 2024`, '1', '2']);
    await page.getByTestId('trend-chart').getByRole('heading', { name: 'Trend over 90 days' }).waitFor();
    await shoot(page, 'compliance.png');
  });

  await step('Compliance: the gap chart labels five long software names without overlap or cut-off', async () => {
    const page = getPage();
    await assertChartLabelsFit(page, [`Visio ${run} 2024`, ...longLabels(run)]);
    // A cut name is whole on hover (its title) and in the tooltip over its bars.
    const label = page.getByTestId('gap-chart').getByTestId('chart-label').filter({ hasText: '…' }).first();
    const title = await label.locator('title').textContent();
    const box = await label.locator('text').boundingBox();
    await page.mouse.move(box.x + box.width + 40, box.y + box.height / 2);
    await page.getByTestId('gap-chart').locator('.recharts-tooltip-label').getByText(title, { exact: true }).waitFor();
  });

  await step('Compliance: filter by status, export the CSV', async () => {
    const page = getPage();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Out of compliance' }).click();
    await page.waitForURL(/status=non_compliant/);
    await page.getByRole('row', { name: `Visio ${run} 2024`, exact: true }).waitFor();
    const expected = await api.get('/license-manager/compliance?status=non_compliant&pageSize=100');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=compliance-row]').length === n, expected.data.length);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    assert.match(download.suggestedFilename(), /\.csv$/);
    assert.match(csv, new RegExp(`Visio ${run}`));
    // The export took the page's filter: only software out of compliance.
    assert.equal(csv.trim().split(/\r?\n/).length, expected.data.length + 1, csv);
  });

  await step("Compliance: a software's link opens its licenses", async () => {
    const page = getPage();
    await page.getByRole('link', { name: `The licenses of Visio ${run} 2024` }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/licenses') && url.searchParams.get('software') === visio.software.documentId);
    await page.getByRole('heading', { name: 'Licenses', level: 1 }).waitFor();
    await page.getByRole('row', { name: visio.license.name }).waitFor();
    assert.equal(await page.getByTestId('license-row').count(), 1);
    await page.goto(compliance);
    await page.getByTestId('compliance-row').first().waitFor();
  });

  await step('Settings > Reminders: save recipients, read the preview', async () => {
    const page = getPage();
    await page.goto(`${admin}/settings/license-manager`);
    await page.getByRole('heading', { name: 'Reminders', level: 2 }).waitFor();
    await page.locator('textarea[name="reminders.recipients"]').fill(`licenses.${run}@example.com`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').first().waitFor();
    const { data: due } = await api.get('/license-manager/reminders/preview');
    const visioDue = due.find((d) => d.license.documentId === visio.license.documentId);
    assert.ok(visioDue, JSON.stringify(due));
    assert.equal(visioDue.offset, 7);
    assert.deepEqual([...visioDue.recipients].sort(), [`licenses.${run}@example.com`, `visio-owner.${run}@example.com`].sort());
    const row = page.getByTestId('reminder-due').filter({ hasText: visio.license.name });
    await row.filter({ hasText: `licenses.${run}@example.com` }).waitFor();
    assert.match(await row.innerText(), /License expiration\s+7 days before/);
    assert.equal(await page.getByTestId('reminder-due').count(), due.length);
    await page.getByText('No reminder recorded yet.').waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Time zone' }).inputValue(), 'UTC');
    await shoot(page, 'settings-reminders.png');
  });
};

/** The same pages in French. */
const frenchSteps = async ({ step, getPage, api, admin, run, mailServer }) => {
  await step('En français : Conformité', async () => {
    const page = getPage();
    await page.goto(`${admin}/plugins/license-manager/compliance`);
    await page.getByRole('heading', { name: 'Conformité', level: 1 }).waitFor();
    const visio = page.getByRole('row', { name: `Visio ${run} 2024`, exact: true });
    await visio.getByText('Non conforme').waitFor();
    // Its true-up the French way: a decimal comma, the symbol after a no-break space.
    await visio.getByText(/^60,00\s€$/).waitFor();
    // And its annual recurring cost, under its French header.
    assert.match(await visio.getByTestId('cost-annualRecurring').innerText(), /^720,00\s€$/);
    await page.locator('table').last().locator('thead th', { hasText: 'Coût annuel récurrent' }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /\d\.\d\d EUR/);
    await page.getByText('Logiciels non conformes').first().waitFor();
    await page.getByRole('button', { name: 'Exporter en CSV' }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /Out of compliance|True-up cost|Licensed/);
    await assertFrench(page.locator('main'), 'Compliance');
    // The whole row fits a 1440 px screen in French too.
    const table = await page
      .locator('table')
      .last()
      .evaluate((t) => ({ scrollWidth: t.parentElement.scrollWidth, clientWidth: t.parentElement.clientWidth }));
    assert.ok(table.scrollWidth <= table.clientWidth, `the compliance table is ${table.scrollWidth} px wide in ${table.clientWidth} px`);
    // The gap chart's labels fit in French too.
    await assertChartLabelsFit(page, longLabels(run));
    await page.getByTestId('gap-chart').locator('.recharts-legend-item-text').getByText('Acquis', { exact: true }).waitFor();
    await shoot(page, 'compliance-fr.png');
  });

  // The subscription of purchases.e2e.js, renewed: its purchases in French.
  await step('En français : les achats d’une licence renouvelée', async () => {
    const page = getPage();
    const name = `Creative Cloud ${run}`;
    await page.goto(`${admin}/plugins/license-manager/licenses?_q=${encodeURIComponent(name)}`);
    await page.getByRole('row', { name }).getByRole('button', { name: 'Vue détaillée' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const table = page.locator('table', { has: page.getByTestId('purchase-row') });
    await page.getByTestId('purchase-row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Renouveler' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter un achat' }).waitFor();
    await table.getByText('Actif').first().waitFor();
    // Its prices the French way: a decimal comma, the symbol after a no-break space.
    assert.match(await table.innerText(), /61,50\s€/);
    assert.doesNotMatch(await table.innerText(), /Active|Yearly|Edit the purchase|\d\.\d\d EUR/);
    await assertFrench(table, 'the purchases table');
    await shoot(table, 'license-purchases-fr.png');
  });

  await step('En français : Paramètres > Rappels', async () => {
    const page = getPage();
    await page.goto(`${admin}/settings/license-manager`);
    await page.getByRole('heading', { name: 'Rappels', level: 2 }).waitFor();
    await page.getByRole('heading', { name: "Ce qui serait envoyé aujourd'hui" }).waitFor();
    await page
      .getByTestId('reminder-due')
      .filter({ hasText: `Visio Plan 2 ${run}` })
      .getByText('7 jours avant')
      .waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /What would be sent|Recipients|days before/);
    await assertFrench(page.locator('main'), 'the reminders settings');
    await shoot(page, 'settings-reminders-fr.png');
  });

  await step('En français : Exécuter maintenant, puis le rappel est dans la liste des envois', async () => {
    const page = getPage();
    await page.getByRole('button', { name: 'Exécuter maintenant' }).click();
    await page.getByRole('alertdialog').getByText('Envoyer maintenant les rappels dus aujourd').waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirmer' }).click();
    // One stage (Visio's), one digest for each of its two recipients.
    await page.getByText('1 rappel a été envoyé en 2 e-mails.').waitFor();
    const sent = page.getByTestId('reminder-sent').filter({ hasText: `Visio Plan 2 ${run}` });
    await sent.getByText('Envoyé', { exact: true }).waitFor();
    assert.match(await sent.innerText(), /7 jours avant/);
    await page.getByText("Aucun rappel n'est dû aujourd'hui.").waitFor();
  });

  // A new user's mail server refusing a recipient: the record says why, in the settings.
  await step('En français : une remise refusée par le serveur de messagerie dit pourquoi', async () => {
    assert.ok(mailServer, "this step needs the suite's own mail server (run without E2E_BASE_URL)");
    const page = getPage();
    const name = `Courrier refusé ${run}`;
    const software = (await api.post('/license-manager/software', { data: { name: `Courrier ${run}` } })).data;
    await api.post('/license-manager/licenses', {
      data: { name, software: software.documentId, quantity: 1, expirationDate: daysFromNow(7), notifyEmails: [`refused.${run}@example.com`] },
    });
    await page.reload();
    await page.getByTestId('reminder-due').filter({ hasText: name }).waitFor();
    await page.getByRole('button', { name: 'Exécuter maintenant' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('1 n’a pas pu être remis : l’historique ci-dessous dit pourquoi.', { exact: false }).waitFor();
    const failed = page.getByTestId('reminder-sent').filter({ hasText: name });
    await failed.getByText('Échec', { exact: true }).waitFor();
    // The mail server's own answer, and the attempt counted under the state.
    assert.match(await failed.getByTestId('reminder-error').innerText(), /550.*Mailbox unavailable/);
    assert.match(await failed.innerText(), /1 tentative/);
    // The record's eight kinds of fact fit a 1440 px screen: no header cut, no address broken inside a part.
    const record = page.getByTestId('reminder-sent').first().locator('xpath=ancestor::table');
    const box = await record.evaluate((t) => ({
      scrollWidth: t.parentElement.scrollWidth,
      clientWidth: t.parentElement.clientWidth,
      columns: [...t.querySelectorAll('thead th')].map((c) => `${c.innerText.trim()} ${Math.round(c.getBoundingClientRect().width)}`).join(', '),
    }));
    assert.ok(box.scrollWidth <= box.clientWidth, `the reminders record is ${box.scrollWidth} px wide in ${box.clientWidth} px (${box.columns})`);
    const headers = await record.locator('thead th').evaluateAll((cells) => cells.map((c) => ({ text: c.innerText, cut: c.scrollWidth > c.clientWidth })));
    assert.deepEqual(
      headers.filter((h) => h.cut),
      [],
      'a header of the reminders record is cut',
    );
    assert.doesNotMatch(await page.locator('main').innerText(), /Attempts|Failed|Sent at|State\b/);
    await assertFrench(page.locator('main'), 'the reminders record');
  });
};

module.exports = { complianceSteps, frenchSteps };
