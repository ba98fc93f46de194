/**
 * The license list page in jsdom: its columns, and each row's values in them (the "just added" mark is LicenseListPage.test.tsx). The design system,
 * react-intl, Strapi's Table, Layouts and Pagination are real; `@strapi/strapi/admin` is
 * support/strapi-admin.tsx, whose fetch client answers the list.
 */
import './support/jsdom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { LicenseListPage } from '../../admin/src/pages/LicenseListPage';
import { license, page } from './support/fixtures';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

beforeEach(() => {
  resetStrapiAdmin();
  fetchClient.get.mockImplementation(async (url: string) =>
    url === '/license-manager/licenses'
      ? page([
          license({ documentId: 'l1', name: 'Office A', category: { documentId: 'c1', name: 'OEM' }, assignmentModel: 'per_user' }),
          license({ documentId: 'l2', name: 'Office B', assignmentModel: 'per_computer' }),
        ])
      : page([]),
  );
});

/** The current URL's query, where Strapi's table keeps its sort. */
const Location = () => <output data-testid="location">{decodeURIComponent(useLocation().search)}</output>;

test('each row shows its assignment model under its seats, and the category under "License type"', async () => {
  renderWithProviders(
    <MemoryRouter initialEntries={['/plugins/license-manager/licenses']}>
      <LicenseListPage />
      <Location />
    </MemoryRouter>,
  );
  await waitFor(() => expect(screen.getAllByTestId('license-row')).toHaveLength(2));

  const headers = [...document.querySelectorAll('thead th')];
  const labels = headers.map((th) => th.textContent);
  expect(labels).toEqual(['Name / Software', 'License type', 'Seats used/total', 'Expiration date', 'Organization', 'Actions']);
  const category = labels.indexOf('License type');
  const seats = labels.indexOf('Seats used/total');
  const cell = (row: HTMLElement, i: number) => within(row).getAllByRole('gridcell')[i];
  expect(
    screen.getAllByTestId('license-row').map((row) => [cell(row, category).textContent, within(cell(row, seats)).getByTestId('license-model').textContent]),
  ).toEqual([
    ['OEM', 'Per user'],
    ['-', 'Per computer'],
  ]);

  // Sorting still works from the name's header.
  fireEvent.click(headers[0]);
  await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?sort=name:ASC'));
});
