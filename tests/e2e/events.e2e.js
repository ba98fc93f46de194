/**
 * End-to-end steps for the Events part of the settings, run by licenses.e2e.js inside its session:
 * the table lists the plugin's events, the administrator adds them all to a Strapi webhook made over
 * the admin API, and Strapi's webhook API then holds them; a user without Strapi's webhook
 * permissions (the French editor) sees the table and a note.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { shoot } = require('./support/screenshots');

/** The plugin's events, in their order, from their one source (a TypeScript file node 20 cannot load). */
const PLUGIN_EVENTS = [...fs.readFileSync(path.join(__dirname, '..', '..', 'shared', 'events.ts'), 'utf8').matchAll(/event: '([^']+)'/g)].map((m) => m[1]);

/** Waits until the webhook's events read exactly these. */
const waitForEvents = (section, events) =>
  section
    .getByTestId('webhook-events')
    .filter({ hasText: new RegExp(`^${events.join(', ').replace(/[.-]/g, '\\$&')}$`) })
    .waitFor();

const eventsShown = async (section) =>
  (await section.getByTestId('event-row').locator('code').allInnerTexts()).filter((text) => PLUGIN_EVENTS.includes(text.trim()));

/** The steps in English, as the administrator (every permission, Strapi's webhooks ones included). */
const eventsSteps = async ({ step, getPage, api, admin, run }) => {
  assert.ok(PLUGIN_EVENTS.length >= 10 && PLUGIN_EVENTS.includes('license.import'), JSON.stringify(PLUGIN_EVENTS));
  const name = `Service desk ${run}`;
  // The playground runs in production, where Strapi refuses local URLs; `.invalid` never resolves
  // (RFC 2606), so the deliveries of the later steps go nowhere.
  const hook = { name, url: 'http://license-events.invalid/none', headers: { 'X-Source': 'e2e' }, events: ['entry.create'] };
  const { data: created } = await api.post('/admin/webhooks', hook);

  const pickWebhook = async (section) => {
    await section.getByRole('combobox', { name: 'Webhook' }).click();
    await getPage().getByRole('option', { name }).click();
  };

  await step('Settings > Events: add every plugin event to a Strapi webhook', async () => {
    const page = getPage();
    await page.goto(`${admin}/settings/license-manager`);
    const section = page.getByTestId('events-settings');
    await section.getByRole('heading', { name: 'Events', level: 2 }).waitFor();
    assert.deepEqual(await eventsShown(section), PLUGIN_EVENTS);
    await pickWebhook(section);
    await waitForEvents(section, ['entry.create']);
    // Every event is ticked to begin with.
    await section.getByRole('button', { name: `Add ${PLUGIN_EVENTS.length} events` }).click();
    await page.getByText(`${PLUGIN_EVENTS.length} events added to the webhook ${name}.`).waitFor();
    const all = ['entry.create', ...PLUGIN_EVENTS];
    await waitForEvents(section, all);
    await section.getByRole('button', { name: 'Nothing to add' }).waitFor();

    // Strapi's webhook API holds the union, and the webhook as it was otherwise.
    const { data: stored } = await api.get(`/admin/webhooks/${created.id}`);
    assert.deepEqual(stored, { ...created, events: all });

    // A fresh load: no notification over the screenshot.
    await page.reload();
    await section.getByRole('heading', { name: 'Events', level: 2 }).waitFor();
    await pickWebhook(section);
    await waitForEvents(section, all);
    // Strapi's admin scrolls inside its layout: in a window as tall as the page, the section (with its
    // box) is whole.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport.width, height: 3600 });
    await shoot(section.locator('xpath=..'), 'settings-events.png');
    await page.setViewportSize(viewport);
  });
};

/** In French, as the editor with the plugin's settings permission and none of Strapi's webhook permissions. */
const eventsFrenchSteps = async ({ step, getPage, admin }) => {
  await step('En français : Paramètres > Événements, sans les droits sur les webhooks', async () => {
    const page = getPage();
    await page.goto(`${admin}/settings/license-manager`);
    const section = page.getByTestId('events-settings');
    await section.getByRole('heading', { name: 'Événements', level: 2 }).waitFor();
    assert.deepEqual(await eventsShown(section), PLUGIN_EVENTS);
    await section.getByText("Le dernier poste libre d'une licence a été pris (seats.available est passé à 0).").waitFor();
    await section.getByTestId('events-no-permission').getByText('Un administrateur autorisé à lire et à modifier les webhooks').waitFor();
    assert.equal(await section.getByRole('checkbox').count(), 0);
    assert.equal(await section.getByRole('combobox').count(), 0);
    assert.doesNotMatch(await section.innerText(), /Sent when|The body also holds|An administrator/);
  });
};

module.exports = { eventsSteps, eventsFrenchSteps };
