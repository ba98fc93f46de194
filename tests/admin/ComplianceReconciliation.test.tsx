/**
 * The reconciled position on the Compliance page (issue 28): the "Unlicensed installations only"
 * filter, the row action opening a software's reconciliation, its two lists with the value to
 * reclaim, and their CSV. `@strapi/strapi/admin` is support/strapi-admin.tsx.
 */
import './support/jsdom';
import * as React from 'react';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { CompliancePage } from '../../admin/src/pages/CompliancePage';
import { ReconciliationDialog } from '../../admin/src/components/compliance/ReconciliationDialog';
import { complianceRow, page } from './support/fixtures';
import { renderWithProviders, type Locale } from './support/render';
import { fetchClient, resetStrapiAdmin } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: React.ReactElement }) => jest.requireActual('react').cloneElement(children, { width: 480, height: 360 }),
  };
});

const office = complianceRow('Office', { installed: 12, installedUnlicensed: 3, assignedNotInstalled: 2 });
const visio = complianceRow('Visio', { installed: 4, installedUnlicensed: 0, assignedNotInstalled: 0 });

const paramsOf = (options: unknown) => (options as { params?: Record<string, unknown> } | undefined)?.params ?? {};

const UNLICENSED = [
  {
    asset: { documentId: 'a1', name: 'PC 01', hostname: 'pc-01', serialNumber: 'SN1' },
    user: { documentId: 'p1', firstName: 'Ada', lastName: 'Lovelace' },
    installations: 2,
    lastSeen: null,
  },
  { asset: { documentId: 'a2', name: 'PC 02', hostname: null, serialNumber: null }, user: null, installations: 1, lastSeen: null },
];
const RECLAIM = [
  {
    documentId: 'as1',
    license: { documentId: 'l1', name: 'Office 2021 volume' },
    asset: { documentId: 'a3', name: 'PC 03', hostname: 'pc-03' },
    units: 1,
    value: { amount: '450.00', currency: 'EUR' },
    lastSeen: null,
  },
  {
    documentId: 'as2',
    license: { documentId: 'l1', name: 'Office 2021 volume' },
    asset: { documentId: 'a4', name: 'PC 04', hostname: null },
    units: 2,
    value: null,
    lastSeen: null,
  },
];

beforeEach(() => {
  resetStrapiAdmin();
  (URL as any).createObjectURL = jest.fn(() => 'blob:csv');
  (URL as any).revokeObjectURL = jest.fn();
  fetchClient.get.mockImplementation(async (url: string, options?: unknown) => {
    const params = paramsOf(options);
    if (url === '/license-manager/compliance') {
      // The server answers only the software with unlicensed installations under `unlicensed`.
      const list = page(params.unlicensed === 'true' ? [office] : [office, visio]).data;
      return { data: { ...list, meta: { ...list.meta, totals: { software: 2, nonCompliant: 0, atRisk: 2, costs: [] } } } };
    }
    if (url === '/license-manager/compliance/trend') return { data: { data: [], meta: { days: 90, software: null } } };
    if (url === '/license-manager/settings')
      return { data: { data: { expiringWithinDays: 30, defaultCurrency: 'EUR', defaultVatRate: null, staleAfterDays: 30 } } };
    if (url === '/license-manager/licenses') return page([]);
    if (url.endsWith('/reconciliation') && params.format === 'csv') return { data: new Blob(['x']), headers: new Headers() } as any;
    if (url.endsWith('/reconciliation') && params.list === 'installedUnlicensed')
      return { data: { list: 'installedUnlicensed', data: UNLICENSED, meta: { pagination: { page: 1, pageSize: 10, pageCount: 1, total: 2 } } } };
    if (url.endsWith('/reconciliation'))
      return {
        data: {
          list: 'assignedNotInstalled',
          data: RECLAIM,
          meta: { pagination: { page: 1, pageSize: 10, pageCount: 2, total: 12 }, value: [{ currency: 'EUR', amount: '1350.00' }] },
        },
      };
    throw new Error(`unexpected GET ${url}`);
  });
});

const renderPage = async (search = '') => {
  renderWithProviders(
    <MemoryRouter initialEntries={[`/plugins/license-manager/compliance${search}`]}>
      <CompliancePage />
    </MemoryRouter>,
  );
  await screen.findAllByTestId('compliance-row');
};

const softwareRows = () => screen.getAllByTestId('compliance-row').map((r) => r.getAttribute('aria-label'));

test('"Unlicensed installations only" asks the report for the software with unlicensed installations (every page of it), from the first page', async () => {
  await renderPage('?organization=org1');
  expect(softwareRows()).toEqual(['Office', 'Visio']);
  expect(within(screen.getByRole('row', { name: 'Office' })).getByTestId('installedUnlicensed').textContent).toBe('3 not licensed');

  fetchClient.get.mockClear();
  fireEvent.click(screen.getByRole('checkbox', { name: 'Unlicensed installations only' }));
  await waitFor(() => expect(softwareRows()).toEqual(['Office']));
  const asked = fetchClient.get.mock.calls.filter(([u]) => u === '/license-manager/compliance').map(([, options]) => paramsOf(options));
  expect(asked.length).toBeGreaterThan(0);
  for (const params of asked) expect(params).toMatchObject({ unlicensed: 'true', organization: 'org1' });
  expect(asked.some((p) => p.page === 1 || p.page === '1')).toBe(true);

  fireEvent.click(screen.getByRole('checkbox', { name: 'Unlicensed installations only' }));
  await waitFor(() => expect(softwareRows()).toEqual(['Office', 'Visio']));
});

test("a row's action opens its reconciliation, narrowed by the report's organization", async () => {
  await renderPage('?organization=org1');
  fireEvent.click(screen.getByRole('button', { name: 'Reconciliation of Office' }));
  await screen.findByRole('heading', { name: 'Reconciliation: Office' });
  await screen.findAllByTestId('reconciliation-row');
  const call = fetchClient.get.mock.calls.find(([url]) => url.endsWith('/reconciliation'))!;
  expect(call[0]).toBe('/license-manager/compliance/sw-office/reconciliation');
  expect(paramsOf(call[1])).toEqual({ organization: 'org1', category: undefined, page: 1, pageSize: 10, list: 'installedUnlicensed' });
});

describe('ReconciliationDialog', () => {
  const renderDialog = async (locale: Locale = 'en') => {
    renderWithProviders(<ReconciliationDialog row={office} filters={{ organization: 'org1' }} onClose={jest.fn()} />, { locale });
    await screen.findAllByTestId('reconciliation-row');
  };
  const cells = () => screen.getAllByTestId('reconciliation-row').map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
  const openTab = async (name: RegExp) => {
    fireEvent.mouseDown(screen.getByRole('tab', { name }), { button: 0 });
    await act(async () => undefined);
  };

  test('the unlicensed installations: asset, hostname, serial number, user, installations', async () => {
    await renderDialog();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Installed without license (3)', 'Assigned, not installed (2)']);
    expect(cells()).toEqual([
      ['PC 01', 'pc-01', 'SN1', 'Ada Lovelace', '2', '-'],
      ['PC 02', '-', '-', '-', '1', '-'],
    ]);
  });

  test('the reclaim candidates with their value and the total to reclaim, a page at a time', async () => {
    await renderDialog();
    await openTab(/^Assigned, not installed/);
    await waitFor(() => expect(cells()).toHaveLength(2));
    expect(cells()).toEqual([
      ['Office 2021 volume', 'PC 03', 'pc-03', '1', '€450.00', '-'],
      ['Office 2021 volume', 'PC 04', '-', '2', '-', '-'],
    ]);
    expect(screen.getByTestId('reclaim-value').textContent).toBe('Value to reclaim€1,350.00');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(fetchClient.get.mock.calls.some(([, o]) => paramsOf(o).list === 'assignedNotInstalled' && paramsOf(o).page === 2)).toBe(true));
  });

  test('Export CSV downloads the list shown, with the filters', async () => {
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await renderDialog();
    await openTab(/^Assigned, not installed/);
    const panel = screen.getByRole('tabpanel');
    fireEvent.click(within(panel).getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(fetchClient.get).toHaveBeenLastCalledWith('/license-manager/compliance/sw-office/reconciliation', {
        params: { organization: 'org1', list: 'assignedNotInstalled', format: 'csv' },
        responseType: 'blob',
      }),
    );
  });

  test('in French', async () => {
    await renderDialog('fr');
    expect(screen.getByRole('heading', { name: 'Rapprochement : Office' })).toBeTruthy();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Installé sans licence (3)', 'Attribué, non installé (2)']);
    await openTab(/^Attribué, non installé/);
    await waitFor(() => expect(screen.getByTestId('reclaim-value').textContent).toBe('Valeur récupérable1\u202f350,00\u00a0€'));
  });
});
