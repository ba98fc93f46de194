/**
 * The license list after "New license" > Save (issue 24, defect 2): the manual's "License has been
 * added to the list." must be true where the user looks. The new license's row is marked "Just
 * added" where it sorts on the page shown; when it sorts onto another page, it is pinned above the
 * page's rows, marked, with the row's cells and actions, until the user moves to another page.
 * The whole page is rendered in jsdom with the real design system, Strapi's Table and Pagination,
 * and the fetch client answered by each test (support/strapi-admin.tsx).
 */
import './support/jsdom';
import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { LicenseListPage } from '../../admin/src/pages/LicenseListPage';
import type { License } from '../../admin/src/api/types';
import { renderWithProviders } from './support/render';
import { fetchClient, rbac, resetStrapiAdmin, toggleNotification } from './support/strapi-admin';
import { license, page } from './support/fixtures';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

// A whole page with its form renders slowly in jsdom on a busy machine.
configure({ asyncUtilTimeout: 5000 });

const JUST_ADDED = 'Just added';
const NOT_ON_PAGE = 'Not on this page';

/** Ten licenses sorted by name: the first page of eleven. */
const firstTen = Array.from({ length: 10 }, (_, i) => license({ documentId: `lic${i + 1}`, name: `Acrobat ${String(i + 1).padStart(2, '0')}` }));
const created = license({ documentId: 'new1', name: 'zzz Last license', quantity: 1, seats: { total: 1, used: 0, available: 1, shortfall: 0 } });

/** The list's answer for a page: what `pages` says for it, out of 11 licenses in 2 pages. */
const serve = (pages: () => Record<number, License[]>) => {
  fetchClient.get.mockImplementation(async (url: string, config?: unknown) => {
    if (url === '/license-manager/licenses') {
      const params = (config as { params?: { page?: string | number } } | undefined)?.params ?? {};
      const n = Number(params.page ?? 1);
      const answer = page(pages()[n] ?? [], n, 2, 10);
      answer.data.meta.pagination.total = 11;
      return answer;
    }
    if (url === '/license-manager/settings') return { data: { data: { defaultCurrency: 'EUR', defaultVatRate: null } } };
    if (url === '/license-manager/software') return page([{ documentId: 'sw1', name: 'Office', version: '365' }]);
    return page([]);
  });
};

const Location = () => <p data-testid="location">{useLocation().pathname}</p>;

const renderList = async (url = '/licenses') => {
  renderWithProviders(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/licenses" element={<LicenseListPage />} />
        <Route path="/licenses/:id" element={<Location />} />
      </Routes>
    </MemoryRouter>,
  );
  await waitFor(() => expect(screen.getAllByTestId('license-row')).toHaveLength(10));
};

/** "Add license", a name and the software, "Save"; the server answers with `created`. */
const addLicense = async () => {
  fireEvent.click(screen.getByRole('button', { name: 'Add license' }));
  await screen.findByText('New license');
  await act(async () => undefined);
  fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: created.name } });
  fireEvent.keyDown(screen.getByRole('combobox', { name: /^Software/ }), { key: 'ArrowDown' });
  fireEvent.pointerUp(await screen.findByRole('option', { name: /Office 365/ }));
  await act(async () => undefined);
  fetchClient.post.mockResolvedValueOnce({ data: { data: created } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: 'License has been added to the list.' }));
  await waitFor(() => expect(screen.queryByText('New license')).toBeNull());
};

const listCalls = () => fetchClient.get.mock.calls.filter(([url]) => url === '/license-manager/licenses').length;

beforeEach(() => {
  resetStrapiAdmin();
  rbac.allowed = { canRead: true, canCreate: true, canUpdate: true, canDelete: true };
});

test('a new license that sorts onto another page is pinned above the rows, marked, with its detail view', async () => {
  // The server's page 1 stays the same ten licenses: "zzz" sorts onto page 2.
  serve(() => ({ 1: firstTen, 2: [created] }));
  await renderList();
  const before = listCalls();
  await addLicense();
  // The list was asked again after the save, and still does not hold the new license.
  await waitFor(() => expect(listCalls()).toBeGreaterThan(before));

  const row = await screen.findByRole('row', { name: /zzz Last license/ });
  const rows = screen.getAllByTestId('license-row');
  expect(rows).toHaveLength(11);
  expect(rows[0]).toBe(row);
  // The mark is words, not a colour: a badge and where it belongs.
  expect(within(row).getByText(JUST_ADDED)).toBeTruthy();
  expect(within(row).getByText(NOT_ON_PAGE)).toBeTruthy();
  expect(row.getAttribute('aria-label')).toBe('zzz Last license, just added');
  // The same cells as any row: its seats.
  expect(within(row).getByText('0/1')).toBeTruthy();
  expect(screen.getAllByText(JUST_ADDED)).toHaveLength(1);

  // Reachable by keyboard: the name is a link to the detail view, and the row is no tab stop of its
  // own, which would take the table's arrow-key focus from the cells' controls.
  expect(row.hasAttribute('tabindex')).toBe(false);
  expect(within(row).getByRole('link', { name: 'zzz Last license' }).getAttribute('href')).toMatch(/\/new1$/);
  fireEvent.click(within(row).getByRole('button', { name: 'Detail view' }));
  expect(screen.getByTestId('location').textContent).toBe('/licenses/new1');
});

test('a new license on the page shown is marked in its place, once', async () => {
  let saved = false;
  // After the save, the server's page 1 holds the new license in its sorted place.
  const onPage = { ...created, name: 'Acrobat 05 bis' };
  serve(() => ({ 1: saved ? [...firstTen.slice(0, 5), onPage, ...firstTen.slice(5, 9)] : firstTen }));
  await renderList();
  fetchClient.post.mockImplementationOnce(async () => {
    saved = true;
    return { data: { data: onPage } };
  });
  fireEvent.click(screen.getByRole('button', { name: 'Add license' }));
  await screen.findByText('New license');
  await act(async () => undefined);
  fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: onPage.name } });
  fireEvent.keyDown(screen.getByRole('combobox', { name: /^Software/ }), { key: 'ArrowDown' });
  fireEvent.pointerUp(await screen.findByRole('option', { name: /Office 365/ }));
  await act(async () => undefined);
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(screen.queryByText('New license')).toBeNull());

  const row = await screen.findByRole('row', { name: /Acrobat 05 bis/ });
  await waitFor(() => expect(within(row).queryByText(JUST_ADDED)).not.toBeNull());
  const rows = screen.getAllByTestId('license-row');
  expect(rows).toHaveLength(10);
  expect(rows.indexOf(row)).toBe(5);
  expect(within(row).queryByText(NOT_ON_PAGE)).toBeNull();
  expect(screen.getAllByText(JUST_ADDED)).toHaveLength(1);
  expect(screen.getAllByRole('row', { name: /Acrobat 05 bis/ })).toHaveLength(1);
});

test('the pinned row goes when the user moves to another page', async () => {
  serve(() => ({ 1: firstTen, 2: [created] }));
  await renderList();
  await addLicense();
  await screen.findByText(NOT_ON_PAGE);

  fireEvent.click(screen.getByRole('link', { name: /Go to page 2/ }));
  await waitFor(() => expect(screen.getAllByTestId('license-row')).toHaveLength(1));
  const row = screen.getByRole('row', { name: 'zzz Last license' });
  expect(within(row).queryByText(JUST_ADDED)).toBeNull();
  expect(screen.queryByText(NOT_ON_PAGE)).toBeNull();
});

test('the validity filters go from the URL to the API and show as tags; removing one asks again without it', async () => {
  serve(() => ({ 1: firstTen }));
  await renderList('/licenses?validUntilFrom=2030-07-01&validUntilTo=2030-12-31');
  const lastParams = () => {
    const calls = fetchClient.get.mock.calls.filter(([url]) => url === '/license-manager/licenses');
    return (calls[calls.length - 1][1] as { params: Record<string, unknown> }).params;
  };
  expect(lastParams()).toMatchObject({ validUntilFrom: '2030-07-01', validUntilTo: '2030-12-31' });
  expect(screen.getByText(/^Valid until, from:/)).toBeTruthy();
  const to = screen.getByText(/^Valid until, to:/);
  expect(to.textContent).toBe('Valid until, to: Dec 31, 2030');
  fireEvent.click(within(to.parentElement!).getByRole('button', { name: 'Remove this filter' }));
  await waitFor(() => expect(lastParams().validUntilTo).toBeUndefined());
  expect(lastParams()).toMatchObject({ validUntilFrom: '2030-07-01' });
});
