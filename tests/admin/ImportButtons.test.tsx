/**
 * The license list's import buttons follow the user's permissions: "Import" needs licenses.create
 * and licenses.update, "Import assignments" licenses.assign, "Import purchases" licenses.update,
 * "Create missing reference data" the permission to manage reference data.
 */
import './support/jsdom';
import { fireEvent, screen } from '@testing-library/react';
import { ImportButtons } from '../../admin/src/components/import/ImportButtons';
import { renderWithProviders } from './support/render';
import { rbac, resetStrapiAdmin } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const shown = () => screen.queryAllByRole('button').map((b) => b.textContent);

beforeEach(() => resetStrapiAdmin());

test.each([
  [{ canCreate: true, canUpdate: true, canAssign: true }, ['Import', 'Import assignments', 'Import purchases']],
  [{ canCreate: true, canUpdate: true }, ['Import', 'Import purchases']],
  [{ canCreate: true, canAssign: true }, ['Import assignments']],
  [{ canUpdate: true }, ['Import purchases']],
  [{ canRead: true }, []],
])('with %j the list offers %j', (allowed, buttons) => {
  rbac.allowed = allowed;
  renderWithProviders(<ImportButtons />);
  expect(shown()).toEqual(buttons);
});

test('each button opens its dialog; "Create missing reference data" only with the permission to manage reference data', async () => {
  rbac.allowed = { canCreate: true, canUpdate: true, canAssign: true };
  const { unmount } = renderWithProviders(<ImportButtons />);
  fireEvent.click(screen.getByRole('button', { name: 'Import' }));
  expect(await screen.findByRole('heading', { name: 'Import licenses' })).toBeTruthy();
  expect(screen.queryByRole('checkbox', { name: 'Create missing reference data' })).toBeNull();
  unmount();

  rbac.allowed = { canCreate: true, canUpdate: true, canAssign: true, canManage: true };
  renderWithProviders(<ImportButtons />);
  fireEvent.click(screen.getByRole('button', { name: 'Import' }));
  expect(await screen.findByRole('checkbox', { name: 'Create missing reference data' })).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Import assignments' }));
  expect(await screen.findByRole('heading', { name: 'Import assignments' })).toBeTruthy();
  expect(screen.queryByRole('checkbox', { name: 'Create missing reference data' })).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  // A purchase's supplier may be added too; the file's dates and amounts read as the license file's.
  fireEvent.click(await screen.findByRole('button', { name: 'Import purchases' }));
  expect(await screen.findByRole('heading', { name: 'Import purchases' })).toBeTruthy();
  expect(screen.getByRole('checkbox', { name: 'Create missing reference data' })).toBeTruthy();
  expect(screen.getByRole('combobox', { name: 'Date format' })).toBeTruthy();
});
