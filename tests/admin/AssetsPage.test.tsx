/**
 * The assets page in jsdom: its processors and cores columns, and the add and edit form writing
 * them (issue 27). The page is the generic reference page fed REFERENCE.assets, as App.tsx routes it;
 * `@strapi/strapi/admin` is support/strapi-admin.tsx, whose fetch client answers the list.
 */
import './support/jsdom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { ReferencePage } from '../../admin/src/pages/ReferencePage';
import { REFERENCE } from '../../admin/src/resources';
import { page } from './support/fixtures';
import { installation } from './support/installations';
import { renderWithProviders } from './support/render';
import { fetchClient, rbac, resetStrapiAdmin } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const asset = (documentId: string, name: string, processors: number, coresPerProcessor: number | null) => ({
  documentId,
  name,
  inventoryNumber: `INV-${documentId}`,
  serialNumber: null,
  assetType: 'server',
  hostname: null,
  uuid: null,
  processors,
  coresPerProcessor,
  organization: null,
  organizationalUnit: null,
  location: null,
  user: null,
});

beforeEach(() => {
  resetStrapiAdmin();
  rbac.allowed = { canManage: true };
  fetchClient.get.mockImplementation(async (url: string) =>
    url === '/license-manager/assets' ? page([asset('a1', 'DB server', 2, 8), asset('a2', 'Old box', 1, null)]) : page([]),
  );
});

const renderPage = async () => {
  renderWithProviders(
    <MemoryRouter initialEntries={['/plugins/license-manager/assets']}>
      <ReferencePage resource={REFERENCE.assets} />
    </MemoryRouter>,
  );
  await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(3));
};

const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;

test('the list shows each asset\'s processors and cores per processor, "-" when the cores are unknown', async () => {
  await renderPage();
  const labels = [...document.querySelectorAll('thead th')].map((th) => th.textContent);
  expect(labels).toEqual(['Name', 'Inventory number', 'Asset type', 'Hostname', 'Processors', 'Cores per processor', 'User', 'Actions']);
  const cells = (name: string) =>
    within(screen.getByRole('row', { name }))
      .getAllByRole('gridcell')
      .map((c) => c.textContent);
  expect(cells('DB server').slice(4, 6)).toEqual(['2', '8']);
  expect(cells('Old box').slice(4, 6)).toEqual(['1', '-']);
});

test('a new asset starts with one processor and unknown cores, and sends what is typed', async () => {
  await renderPage();
  fireEvent.click(screen.getByRole('button', { name: 'Add asset' }));
  await screen.findByText('New asset');
  expect(input(/^Processors/).value).toBe('1');
  expect(input(/^Cores per processor/).value).toBe('');

  fireEvent.change(input(/^Name/), { target: { value: 'SQL 1' } });
  fireEvent.change(input(/^Processors/), { target: { value: '2' } });
  fireEvent.change(input(/^Cores per processor/), { target: { value: '4' } });
  fetchClient.post.mockResolvedValueOnce({ data: { data: asset('a3', 'SQL 1', 2, 4) } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(fetchClient.post).toHaveBeenCalledTimes(1));
  const [url, body] = fetchClient.post.mock.calls[0];
  expect(url).toBe('/license-manager/assets');
  expect(body).toMatchObject({ data: { name: 'SQL 1', processors: 2, coresPerProcessor: 4 } });
});

test('editing an asset fills in its processors and cores, and a cleared cores field is sent as unknown (null)', async () => {
  await renderPage();
  fireEvent.click(within(screen.getByRole('row', { name: 'DB server' })).getByRole('button', { name: 'Edit' }));
  await screen.findByText('Edit asset');
  expect(input(/^Processors/).value).toBe('2');
  expect(input(/^Cores per processor/).value).toBe('8');

  fireEvent.change(input(/^Cores per processor/), { target: { value: '' } });
  fetchClient.put.mockResolvedValueOnce({ data: { data: asset('a1', 'DB server', 2, null) } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  const [url, body] = fetchClient.put.mock.calls[0];
  expect(url).toBe('/license-manager/assets/a1');
  expect(body).toMatchObject({ data: { processors: 2, coresPerProcessor: null } });
});

test("editing an asset lists its installations, read-only, from GET /installations?asset=; a new asset's window has none", async () => {
  const base = fetchClient.get.getMockImplementation()!;
  fetchClient.get.mockImplementation(async (url: string, options?: unknown) =>
    url === '/license-manager/installations'
      ? page([
          installation('i1', 'Office Professional', { software: { documentId: 'sw1', name: 'Office', version: '2021' }, state: 'recognized' }),
          installation('i2', 'Paint Pro'),
        ])
      : base(url, options),
  );
  await renderPage();
  fireEvent.click(screen.getByRole('button', { name: 'Add asset' }));
  await screen.findByText('New asset');
  expect(screen.queryByTestId('asset-installations')).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  await waitFor(() => expect(screen.queryByText('New asset')).toBeNull());

  fireEvent.click(within(screen.getByRole('row', { name: 'DB server' })).getByRole('button', { name: 'Edit' }));
  const section = await screen.findByTestId('asset-installations');
  await waitFor(() => expect(within(section).getAllByTestId('installation-row')).toHaveLength(2));
  const call = fetchClient.get.mock.calls.find(([url]) => url === '/license-manager/installations')!;
  expect((call[1] as { params: unknown }).params).toEqual({ asset: 'a1', page: 1, pageSize: 10 });
  const rows = within(section)
    .getAllByTestId('installation-row')
    .map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent).slice(0, 6));
  expect(rows).toEqual([
    ['Office Professional', '1.0', 'Acme', 'pc-01', 'Office 2021', 'Recognized'],
    ['Paint Pro', '1.0', 'Acme', 'pc-01', '-', 'Unrecognized'],
  ]);
  expect(section.textContent).toContain('2 installations');
  expect(within(section).queryByRole('button')).toBeNull();
});

test("editing an asset lists the licenses that cover it beside its installations: its own, and its user's marked so", async () => {
  const base = fetchClient.get.getMockImplementation()!;
  fetchClient.get.mockImplementation(async (url: string, options?: unknown) =>
    url === '/license-manager/assets/a1/licenses'
      ? {
          data: {
            data: [
              {
                documentId: 'l1',
                name: 'SQL Server – production',
                assignmentModel: 'per_core',
                software: { documentId: 's1', name: 'SQL Server', version: '2022' },
                via: 'asset',
              },
              { documentId: 'l2', name: 'Microsoft 365 – Development', assignmentModel: 'per_user', software: null, via: 'user' },
            ],
            meta: {},
          },
        }
      : base(url, options),
  );
  await renderPage();
  fireEvent.click(within(screen.getByRole('row', { name: 'DB server' })).getByRole('button', { name: 'Edit' }));
  const section = await screen.findByTestId('asset-licenses');
  await waitFor(() => expect(within(section).getAllByTestId('asset-license')).toHaveLength(2));
  expect(
    within(section)
      .getAllByTestId('asset-license')
      .map((li) => li.textContent),
  ).toEqual(['SQL Server – productionSQL Server 2022 · Per core', 'Microsoft 365 – DevelopmentPer user' + 'through its user']);
  expect(within(section).getByRole('link', { name: 'SQL Server – production' }).getAttribute('href')).toBe('/plugins/license-manager/licenses/l1');
  expect(screen.getByTestId('asset-installations')).toBeTruthy();
});
