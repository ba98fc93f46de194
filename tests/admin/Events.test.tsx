/**
 * The Events part of the settings page in jsdom: the table of the plugin's webhook events (every
 * event of shared/events.ts), adding the chosen ones to one of Strapi's webhooks (the PUT carries the
 * union with its events as stored), and what a user without Strapi's webhook permissions sees.
 */
import './support/jsdom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { LICENSE_EVENTS } from '../../shared/events';
import { EventsSection } from '../../admin/src/components/events/EventsSection';
import { renderWithProviders } from './support/render';
import { fetchClient, rbac, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

beforeEach(() => resetStrapiAdmin());

const PLUGIN_EVENTS = Object.values(LICENSE_EVENTS).map((e) => e.event);

const webhook = (id: string, name: string, events: string[], overrides: object = {}) => ({
  id,
  name,
  url: `https://hooks.example.com/${id}`,
  headers: { Authorization: 'Bearer hook-secret' },
  events,
  isEnabled: true,
  ...overrides,
});

/** Strapi's webhook API as a store: GET the list or one, PUT replaces one (as its controller does). */
const strapiWebhooks = (stored: ReturnType<typeof webhook>[]) => {
  // Copies, as from the network: the admin's store freezes what it caches.
  const answer = (data: unknown) => ({ data: { data: JSON.parse(JSON.stringify(data)) } });
  fetchClient.get.mockImplementation(async (url: string) => {
    if (url === '/admin/webhooks') return answer(stored);
    const one = stored.find((w) => url === `/admin/webhooks/${w.id}`);
    if (one) return answer(one);
    throw new Error(`unexpected GET ${url}`);
  });
  fetchClient.put.mockImplementation(async (url: string, body: unknown) => {
    const i = stored.findIndex((w) => url === `/admin/webhooks/${w.id}`);
    if (i < 0) throw new Error(`unexpected PUT ${url}`);
    stored[i] = { ...stored[i], ...(body as object) };
    return answer(stored[i]);
  });
  return stored;
};

const renderSection = () =>
  renderWithProviders(
    <MemoryRouter>
      <EventsSection />
    </MemoryRouter>,
  );

const rows = () => screen.getAllByTestId('event-row');
const cellText = (row: HTMLElement, i: number) => row.querySelectorAll('td')[i].textContent;

const mayManageWebhooks = () => {
  rbac.allowed = { canRead: true, canUpdate: true };
};

describe('the events table', () => {
  test('lists every event of shared/events.ts, with when it is sent and the fields its body holds', () => {
    renderSection();
    expect(rows().map((r) => cellText(r, 0))).toEqual(PLUGIN_EVENTS);
    const byEvent = Object.fromEntries(rows().map((r) => [cellText(r, 0), r]));
    for (const { event, carries } of Object.values(LICENSE_EVENTS)) {
      expect(cellText(byEvent[event], 1)).not.toBe('');
      expect(cellText(byEvent[event], 2)).toContain(carries.join(', '));
    }
    expect(cellText(byEvent['license.seats-exhausted'], 1)).toBe("A license's last free seat was taken (seats.available became 0).");
    expect(cellText(byEvent['license.import'], 2)).toContain("without the cells' values; license is null.");
  });
});

describe('without webhooks.read and webhooks.update', () => {
  test.each([[{}], [{ canRead: true }], [{ canUpdate: true }]])('%o: the table without tick boxes, and a note instead of the webhooks', (allowed) => {
    rbac.allowed = allowed;
    renderSection();
    expect(rows()).toHaveLength(PLUGIN_EVENTS.length);
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.getByTestId('events-no-permission').textContent).toBe(
      'An administrator who may read and update webhooks (Settings > Roles) can add these events to a Strapi webhook here.',
    );
    expect(fetchClient.get).not.toHaveBeenCalled();
  });
});

describe('adding events to a webhook', () => {
  test('PUTs its name, url, headers, isEnabled and its events as stored now with the ticked ones, then shows them', async () => {
    mayManageWebhooks();
    const stored = strapiWebhooks([webhook('1', 'Service desk', ['entry.create', 'license.create']), webhook('2', 'BI', [])]);
    renderSection();
    await screen.findByTestId('webhook-events');
    expect(screen.getByTestId('webhook-events').textContent).toBe('entry.create, license.create');
    // Another admin adds an event in Strapi's page meanwhile: the union keeps it.
    stored[0] = { ...stored[0], events: ['entry.create', 'entry.update', 'license.create'] };
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select license.import' }));
    // Every event but license.create, already sent, and license.import, unticked.
    const adding = PLUGIN_EVENTS.length - 2;
    fireEvent.click(screen.getByRole('button', { name: `Add ${adding} events` }));
    await waitFor(() => expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: `${adding} events added to the webhook Service desk.` }));
    expect(fetchClient.put).toHaveBeenCalledTimes(1);
    const unticked = PLUGIN_EVENTS.filter((e) => e !== 'license.create' && e !== 'license.import');
    expect(fetchClient.put).toHaveBeenCalledWith(
      '/admin/webhooks/1',
      {
        name: 'Service desk',
        url: 'https://hooks.example.com/1',
        headers: { Authorization: 'Bearer hook-secret' },
        isEnabled: true,
        events: ['entry.create', 'entry.update', 'license.create', ...unticked],
      },
      {},
    );
    await waitFor(() =>
      expect(screen.getByTestId('webhook-events').textContent).toBe(['entry.create', 'entry.update', 'license.create', ...unticked].join(', ')),
    );
    expect(screen.getByRole('button', { name: 'Nothing to add' })).toHaveProperty('disabled', true);
  });

  test('another webhook can be picked; unticking all leaves nothing to add; a disabled webhook says so', async () => {
    mayManageWebhooks();
    strapiWebhooks([webhook('1', 'Service desk', []), webhook('2', 'BI', ['entry.update'], { isEnabled: false, headers: {} })]);
    renderSection();
    await screen.findByTestId('webhook-events');
    expect(screen.queryByText(/This webhook is disabled/)).toBeNull();
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Webhook' }), { key: 'ArrowDown' });
    const option = await screen.findByRole('option', { name: 'BI' });
    fireEvent.pointerDown(option, { pointerType: 'mouse' });
    fireEvent.pointerUp(option, { pointerType: 'mouse' });
    await waitFor(() => expect(screen.getByTestId('webhook-events').textContent).toBe('entry.update'));
    screen.getByText('This webhook is disabled: it sends nothing until it is enabled in Settings > Webhooks.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all events' }));
    expect(screen.getByRole('button', { name: 'Nothing to add' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select license.key-reveal' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add 1 event' }));
    await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
    expect(fetchClient.put.mock.calls[0][0]).toBe('/admin/webhooks/2');
    expect(fetchClient.put.mock.calls[0][1]).toEqual({
      name: 'BI',
      url: 'https://hooks.example.com/2',
      headers: {},
      isEnabled: false,
      events: ['entry.update', 'license.key-reveal'],
    });
  });

  test("a refused update shows the server's message and changes nothing shown", async () => {
    mayManageWebhooks();
    strapiWebhooks([webhook('1', 'Service desk', ['entry.create'])]);
    fetchClient.put.mockRejectedValue(serverError(404, 'webhook.notFound'));
    renderSection();
    await screen.findByTestId('webhook-events');
    fireEvent.click(screen.getByRole('button', { name: `Add ${PLUGIN_EVENTS.length} events` }));
    await waitFor(() => expect(toggleNotification).toHaveBeenCalledWith(expect.objectContaining({ type: 'danger', message: 'webhook.notFound' })));
    expect(toggleNotification).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'success' }));
    expect(screen.getByTestId('webhook-events').textContent).toBe('entry.create');
  });

  test('without any webhook: a link to create one in Settings > Webhooks', async () => {
    mayManageWebhooks();
    strapiWebhooks([]);
    renderSection();
    const section = await screen.findByText(/No webhook yet/);
    expect(section.textContent).toBe('No webhook yet. Create one in Settings > Webhooks (its URL and headers), then add these events to it here.');
    expect(within(screen.getByTestId('events-settings')).getByRole('link', { name: 'Create a webhook' }).getAttribute('href')).toBe(
      '/settings/webhooks/create',
    );
    expect(fetchClient.put).not.toHaveBeenCalled();
  });
});
