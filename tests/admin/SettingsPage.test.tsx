/**
 * The settings page's general fields in jsdom: "Match signed-in users to persons by e-mail" shows
 * the stored setting and is saved with the rest of the form. `@strapi/strapi/admin` is
 * support/strapi-admin.tsx, whose fetch client each test answers.
 */
import './support/jsdom';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { REMINDER_DEFAULTS } from '../../shared/constants';
import { SettingsPage } from '../../admin/src/pages/SettingsPage';
import { page } from './support/fixtures';
import { renderWithProviders, type Locale } from './support/render';
import { fetchClient, rbac, resetStrapiAdmin } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const SETTINGS = {
  expiringWithinDays: 30,
  defaultCurrency: 'EUR',
  defaultVatRate: '20.00',
  staleAfterDays: 30,
  linkPersonsByEmail: false,
  personsUserRelation: true,
  reminders: REMINDER_DEFAULTS,
};

beforeEach(() => {
  resetStrapiAdmin();
  rbac.allowed = { canRead: true, canSettings: true };
  fetchClient.get.mockImplementation(async (url: string) => {
    if (url === '/license-manager/settings') return { data: { data: SETTINGS } };
    if (url === '/license-manager/reminders/preview') return { data: { data: [] } };
    if (url === '/license-manager/reminders' || url === '/admin/webhooks') return page([]);
    throw new Error(`unexpected GET ${url}`);
  });
  fetchClient.put.mockImplementation(async (_url: string, body: unknown) => ({ data: { data: { ...SETTINGS, ...(body as { data: object }).data } } }));
});

const renderPage = async (locale: Locale = 'en') => {
  renderWithProviders(
    <MemoryRouter>
      <SettingsPage />
    </MemoryRouter>,
    { locale },
  );
  await screen.findByRole('heading', { level: 1 });
  await act(async () => undefined);
};

const toggle = (name: RegExp) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const hintOf = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

test('the e-mail match shows the stored setting with its hint, and is saved with the other settings', async () => {
  await renderPage();
  const linkByEmail = toggle(/^Match signed-in users to persons by e-mail/);
  expect(linkByEmail.checked).toBe(false);
  expect(hintOf(linkByEmail)).toContain('sees the licenses of the person with the same e-mail address');

  fireEvent.click(linkByEmail);
  expect(linkByEmail.checked).toBe(true);
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  const [url, body] = fetchClient.put.mock.calls[0];
  expect(url).toBe('/license-manager/settings');
  expect((body as { data: Record<string, unknown> }).data).toMatchObject({
    expiringWithinDays: 30,
    defaultCurrency: 'EUR',
    defaultVatRate: '20.00',
    staleAfterDays: 30,
    linkPersonsByEmail: true,
  });
  // The read-only config is not a setting to write.
  expect((body as { data: object }).data).not.toHaveProperty('personsUserRelation');
});

test('unchanged, it is sent as stored', async () => {
  await renderPage();
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect((fetchClient.put.mock.calls[0][1] as { data: Record<string, unknown> }).data.linkPersonsByEmail).toBe(false);
});

test('without the settings permission, the toggle is disabled and there is no Save', async () => {
  rbac.allowed = { canRead: true };
  await renderPage();
  expect(toggle(/^Match signed-in users/).disabled).toBe(true);
  expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
});

test('in French', async () => {
  await renderPage('fr');
  expect(toggle(/^Associer les utilisateurs connectés aux personnes par e-mail/)).toBeTruthy();
});
