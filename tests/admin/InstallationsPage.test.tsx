/**
 * The Installations page in jsdom: the unrecognized names with "Recognize as…" and "Ignore", the
 * unmatched devices with "Link to asset", the recognition progress, in English and French, and the
 * write actions hidden without installations.manage. `@strapi/strapi/admin` is support/strapi-admin.tsx.
 */
import './support/jsdom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { InstallationsPage } from '../../admin/src/pages/InstallationsPage';
import { page } from './support/fixtures';
import { device, unrecognized } from './support/installations';
import { renderWithProviders, type Locale } from './support/render';
import { fetchClient, rbac, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

let progress = { generation: 3, total: 0, pending: 0, running: false };

const paramsOf = (options: unknown) => (options as { params?: Record<string, unknown> } | undefined)?.params ?? {};

beforeEach(() => {
  resetStrapiAdmin();
  rbac.allowed = { canManage: true };
  progress = { generation: 3, total: 0, pending: 0, running: false };
  fetchClient.get.mockImplementation(async (url: string) => {
    if (url === '/license-manager/installations/recognition') return { data: { data: progress, meta: {} } };
    if (url === '/license-manager/installations/unrecognized')
      return page([unrecognized('Acme Paint', 'Acme', 7), unrecognized('Tiny Tool', null, 2)], 1, 1, 10);
    if (url === '/license-manager/inventory-devices') return page([device('d1', 'pc-lab-07'), device('d2', null)]);
    if (url === '/license-manager/software') return page([{ documentId: 'sw9', name: 'Paint Pro', version: '5' }]);
    if (url === '/license-manager/assets') return page([{ documentId: 'a7', name: 'Lab PC 7', inventoryNumber: 'INV-7' }]);
    if (url === '/license-manager/installation-rules') return { data: { data: [], meta: {} } };
    throw new Error(`unexpected GET ${url}`);
  });
});

const renderPage = async (search = '', locale: Locale = 'en') => {
  renderWithProviders(
    <MemoryRouter initialEntries={[`/plugins/license-manager/installations${search}`]}>
      <InstallationsPage />
    </MemoryRouter>,
    { locale },
  );
  await act(async () => undefined);
};

const choose = async (label: RegExp, option: string) => {
  fireEvent.keyDown(screen.getByRole('combobox', { name: label }), { key: 'ArrowDown' });
  fireEvent.pointerUp(await screen.findByRole('option', { name: option }));
  await act(async () => undefined);
};

describe('Unrecognized', () => {
  test('lists the grouped names with their counts, asked with the page and the search', async () => {
    await renderPage('?_q=acme');
    await screen.findAllByTestId('unrecognized-row');
    const cells = (name: string) =>
      within(screen.getByRole('row', { name }))
        .getAllByRole('gridcell')
        .map((c) => c.textContent);
    expect(cells('Acme Paint')).toEqual(['Acme Paint', 'Acme', '7', '6', '2', 'Recognize as…Ignore']);
    expect(cells('Tiny Tool').slice(0, 2)).toEqual(['Tiny Tool', '-']);
    const call = fetchClient.get.mock.calls.find(([url]) => url === '/license-manager/installations/unrecognized')!;
    expect(paramsOf(call[1])).toEqual({ page: 1, pageSize: 10, q: 'acme' });
  });

  test('"Recognize as…" adds a rule matching the exact name and publisher, recognizing the software picked', async () => {
    await renderPage();
    await screen.findAllByTestId('unrecognized-row');
    fireEvent.click(within(screen.getByRole('row', { name: 'Acme Paint' })).getByRole('button', { name: 'Recognize as…' }));
    await screen.findByText('Recognize “Acme Paint” as…');
    // Saving without a software asks for one, and sends nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('This value is required.');
    expect(fetchClient.post).not.toHaveBeenCalled();

    await choose(/^Software/, 'Paint Pro 5');
    fetchClient.post.mockResolvedValueOnce({ data: { data: { documentId: 'r1' } } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fetchClient.post).toHaveBeenCalledTimes(1));
    expect(fetchClient.post.mock.calls[0].slice(0, 2)).toEqual([
      '/license-manager/installation-rules',
      { data: { match: { name: { op: 'equals', value: 'Acme Paint' }, publisher: { op: 'equals', value: 'Acme' } }, software: 'sw9' } },
    ]);
    await waitFor(() => expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: 'A rule now recognizes “Acme Paint” as Paint Pro 5.' }));
    await waitFor(() => expect(screen.queryByText('Recognize “Acme Paint” as…')).toBeNull());
  });

  test('"Ignore" adds an ignoring rule; a name without publisher matches on the name only', async () => {
    await renderPage();
    await screen.findAllByTestId('unrecognized-row');
    fetchClient.post.mockResolvedValueOnce({ data: { data: { documentId: 'r2' } } });
    fireEvent.click(within(screen.getByRole('row', { name: 'Tiny Tool' })).getByRole('button', { name: 'Ignore' }));
    await waitFor(() => expect(fetchClient.post).toHaveBeenCalledTimes(1));
    expect(fetchClient.post.mock.calls[0][1]).toEqual({ data: { match: { name: { op: 'equals', value: 'Tiny Tool' } }, ignore: true } });
    await waitFor(() => expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: 'A rule now ignores “Tiny Tool”.' }));
  });

  test('a refused rule is shown in a notification', async () => {
    await renderPage();
    await screen.findAllByTestId('unrecognized-row');
    fetchClient.post.mockRejectedValueOnce(serverError(409, 'There are 1000 rules already: change or remove one first', { max: 1000 }));
    fireEvent.click(within(screen.getByRole('row', { name: 'Tiny Tool' })).getByRole('button', { name: 'Ignore' }));
    await waitFor(() =>
      expect(toggleNotification).toHaveBeenCalledWith(
        expect.objectContaining({ type: 'danger', message: 'There are 1000 rules already: change or remove one first' }),
      ),
    );
  });

  test('without installations.manage, no write action is offered', async () => {
    rbac.allowed = { canRead: true };
    await renderPage();
    await screen.findAllByTestId('unrecognized-row');
    expect(screen.queryByRole('button', { name: 'Recognize as…' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Ignore' })).toBeNull();
    expect([...document.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Name', 'Publisher', 'Installations', 'Devices', 'Versions']);
  });

  test('in French: the tabs, the columns and the actions', async () => {
    await renderPage('', 'fr');
    await screen.findAllByTestId('unrecognized-row');
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Non reconnues', 'Appareils non rattachés', 'Règles']);
    expect(screen.getAllByRole('button', { name: 'Reconnaître comme…' })).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: 'Ignorer' })).toHaveLength(2);
    expect([...document.querySelectorAll('thead th')].map((th) => th.textContent).slice(0, 2)).toEqual(['Nom', 'Éditeur']);
  });
});

describe('Unmatched devices', () => {
  test('asks for the unmatched devices and links one to the asset picked', async () => {
    await renderPage('?tab=devices');
    await screen.findAllByTestId('device-row');
    const call = fetchClient.get.mock.calls.find(([url]) => url === '/license-manager/inventory-devices')!;
    expect(paramsOf(call[1])).toMatchObject({ state: 'unmatched', page: 1 });
    expect(screen.getByRole('row', { name: 'SN-d2' })).toBeTruthy();

    fireEvent.click(within(screen.getByRole('row', { name: 'pc-lab-07' })).getByRole('button', { name: 'Link to asset' }));
    await screen.findByText('Link “pc-lab-07” to an asset');
    await choose(/^Asset/, 'Lab PC 7');
    fetchClient.put.mockResolvedValueOnce({ data: { data: device('d1', 'pc-lab-07', { asset: { documentId: 'a7', name: 'Lab PC 7' } }) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
    expect(fetchClient.put.mock.calls[0].slice(0, 2)).toEqual(['/license-manager/inventory-devices/d1', { data: { asset: 'a7' } }]);
    await waitFor(() => expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: 'The device has been linked to Lab PC 7.' }));
  });

  test('an asset the server refuses is shown on the field', async () => {
    await renderPage('?tab=devices');
    await screen.findAllByTestId('device-row');
    fireEvent.click(within(screen.getByRole('row', { name: 'pc-lab-07' })).getByRole('button', { name: 'Link to asset' }));
    await choose(/^Asset/, 'Lab PC 7');
    fetchClient.put.mockRejectedValueOnce(serverError(400, 'Invalid', { errors: [{ path: ['asset'], message: 'refers to no record (documentId a7)' }] }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('refers to no record (documentId a7)');
    expect(toggleNotification).not.toHaveBeenCalled();
  });

  test('without installations.manage, no device can be linked; in French the tab is named', async () => {
    rbac.allowed = {};
    await renderPage('?tab=devices', 'fr');
    await screen.findAllByTestId('device-row');
    expect(screen.getByRole('tab', { name: 'Appareils non rattachés' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByRole('button', { name: 'Rattacher à un actif' })).toBeNull();
  });
});

describe('recognition progress', () => {
  test('hidden while nothing is pending', async () => {
    await renderPage();
    await screen.findAllByTestId('unrecognized-row');
    expect(screen.queryByTestId('recognition-progress')).toBeNull();
  });

  test('shows the installations still to do, asks again while some are, and refreshes the lists once none is', async () => {
    progress = { generation: 4, total: 200, pending: 150, running: true };
    await renderPage();
    expect((await screen.findByTestId('recognition-progress')).textContent).toContain(
      'Recognizing the installations with the changed rules: 150 of 200 still to do.',
    );
    const calls = (url: string) => fetchClient.get.mock.calls.filter(([u]) => u === url).length;
    const unrecognizedBefore = calls('/license-manager/installations/unrecognized');
    progress = { generation: 4, total: 200, pending: 0, running: false };
    await waitFor(() => expect(screen.queryByTestId('recognition-progress')).toBeNull(), { timeout: 4000 });
    await waitFor(() => expect(calls('/license-manager/installations/unrecognized')).toBeGreaterThan(unrecognizedBefore));
  });

  test('in French', async () => {
    progress = { generation: 4, total: 200, pending: 150, running: true };
    await renderPage('', 'fr');
    expect((await screen.findByTestId('recognition-progress')).textContent).toContain('150 sur 200 restent à traiter');
  });
});
