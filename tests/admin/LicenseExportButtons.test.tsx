/** The license list's Export buttons: the list's query goes to the export (without page), the answer is saved as a file. */
import './support/jsdom';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { LicenseExportButtons } from '../../admin/src/components/LicenseExportButtons';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

beforeEach(() => {
  resetStrapiAdmin();
  (URL as any).createObjectURL = jest.fn(() => 'blob:csv');
  (URL as any).revokeObjectURL = jest.fn();
});

it("downloads the licenses with the list's filters, search and sort, the assignments and the purchases", async () => {
  const saved: string[] = [];
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
  fetchClient.get.mockImplementation(
    async (url: string) =>
      ({
        data: new Blob(['\uFEFFname\n']),
        headers: new Headers({ 'content-disposition': `attachment; filename="${url.split('/')[2]}-2026-11-28.csv"` }),
      }) as any,
  );
  renderWithProviders(<LicenseExportButtons params={{ page: 2, pageSize: 10, sort: 'name:desc', _q: 'office', status: 'expired' }} />);

  fireEvent.click(screen.getByRole('button', { name: 'Export' }));
  await waitFor(() => expect(saved).toEqual(['licenses-2026-11-28.csv']));
  expect(fetchClient.get).toHaveBeenLastCalledWith('/license-manager/licenses/export', {
    params: { page: undefined, pageSize: undefined, sort: 'name:desc', _q: 'office', status: 'expired', format: 'csv' },
    responseType: 'blob',
  });

  fireEvent.click(screen.getByRole('button', { name: 'Export assignments' }));
  await waitFor(() => expect(saved).toEqual(['licenses-2026-11-28.csv', 'assignments-2026-11-28.csv']));
  expect(fetchClient.get).toHaveBeenLastCalledWith('/license-manager/assignments/export', { params: { format: 'csv' }, responseType: 'blob' });

  fireEvent.click(screen.getByRole('button', { name: 'Export purchases' }));
  await waitFor(() => expect(saved).toEqual(['licenses-2026-11-28.csv', 'assignments-2026-11-28.csv', 'purchases-2026-11-28.csv']));
  expect(fetchClient.get).toHaveBeenLastCalledWith('/license-manager/purchases/export', { params: { format: 'csv' }, responseType: 'blob' });
});
