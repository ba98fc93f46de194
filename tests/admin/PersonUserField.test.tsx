/**
 * A person's sign-in user in its reference form (jsdom): shown only when the settings say persons
 * have a user (plugin config `persons.userRelation`), its options from GET /users, the id chosen
 * sent, and only when it changed; a role the route refuses sees the user disabled.
 * `@strapi/strapi/admin` is support/strapi-admin.tsx, whose fetch client each test answers.
 */
import './support/jsdom';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { ReferenceFormModal } from '../../admin/src/components/ReferenceFormModal';
import type { ReferenceRecord } from '../../admin/src/api/types';
import { REFERENCE } from '../../admin/src/resources';
import { page } from './support/fixtures';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const ADA = { id: 7, username: 'ada', email: 'ada@example.test' };
const ALAN = { id: 8, username: 'alan', email: 'alan@example.test' };
const NO_MAIL = { id: 9, username: 'ops', email: null };

const LABEL = /^Sign-in user/;
const RESTRICTED = 'The users cannot be listed for your role: the user cannot be changed here.';

const settings = (personsUserRelation: boolean) => ({
  data: {
    data: { expiringWithinDays: 30, defaultCurrency: 'EUR', defaultVatRate: null, staleAfterDays: 30, linkPersonsByEmail: false, personsUserRelation },
  },
});

/** GET /settings says whether persons have a user; GET /users answers these users (filtered on `_q`), or the error. */
const serve = ({ relation = true, users = [ADA, ALAN, NO_MAIL] as (typeof ADA | typeof NO_MAIL)[] | Error } = {}) => {
  fetchClient.get.mockImplementation(async (url: string, config?: unknown) => {
    if (url === '/license-manager/settings') return settings(relation);
    if (url !== '/license-manager/users') return page([]);
    if (users instanceof Error) throw users;
    const q = ((config as { params?: { _q?: string } })?.params?._q ?? '').toLowerCase();
    return page(users.filter((u) => [u.username, u.email].some((s) => s?.toLowerCase().includes(q))));
  });
};

const person = (user?: typeof ADA | null): ReferenceRecord => ({
  documentId: 'p1',
  firstName: 'Grace',
  lastName: 'Hopper',
  email: 'grace@example.test',
  employeeNumber: null,
  organization: null,
  organizationalUnit: null,
  location: null,
  active: true,
  ...(user !== undefined ? { user } : {}),
});

const renderForm = async (record: Partial<ReferenceRecord> = {}, resource = REFERENCE.persons) => {
  renderWithProviders(<ReferenceFormModal resource={resource} record={record} onClose={jest.fn()} onSaved={jest.fn()} />);
  await waitFor(() => expect(fetchClient.get).toHaveBeenCalledWith('/license-manager/settings', expect.anything()));
  await act(async () => undefined);
};

const picker = () => screen.getByRole('combobox', { name: LABEL }) as HTMLInputElement;
const hintOf = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
const usersAsked = () => fetchClient.get.mock.calls.filter(([url]) => url === '/license-manager/users');

const optionNames = async () => {
  fireEvent.keyDown(picker(), { key: 'ArrowDown' });
  await screen.findAllByRole('option');
  const names = screen.getAllByRole('option').map((o) => o.textContent);
  fireEvent.keyDown(picker(), { key: 'Escape' });
  return names;
};
const choose = async (name: string) => {
  fireEvent.keyDown(picker(), { key: 'ArrowDown' });
  fireEvent.pointerUp(await screen.findByRole('option', { name }));
  await act(async () => undefined);
};
const save = async () => {
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await act(async () => undefined);
};
const sentData = (mock: jest.Mock, call = 0) => (mock.mock.calls[call][1] as { data: Record<string, unknown> }).data;

beforeEach(() => {
  resetStrapiAdmin();
  serve();
});

test('without the relation (persons.userRelation off), the form has no user field, asks for no users and sends none', async () => {
  serve({ relation: false });
  await renderForm(person());
  expect(screen.queryByRole('combobox', { name: LABEL })).toBeNull();
  expect(usersAsked()).toHaveLength(0);
  fetchClient.put.mockResolvedValueOnce({ data: { data: person() } });
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect(sentData(fetchClient.put)).not.toHaveProperty('user');
});

test('while the settings are not read, the field is hidden; another resource never asks for them', async () => {
  fetchClient.get.mockImplementation(() => new Promise(() => undefined));
  await renderForm(person());
  expect(screen.queryByRole('combobox', { name: LABEL })).toBeNull();

  resetStrapiAdmin();
  serve();
  renderWithProviders(<ReferenceFormModal resource={REFERENCE.assets} record={{}} onClose={jest.fn()} onSaved={jest.fn()} />);
  await act(async () => undefined);
  expect(fetchClient.get).not.toHaveBeenCalledWith('/license-manager/settings', expect.anything());
});

test('with the relation: offers the users as "username (email)", with its hint, and sends the id chosen on create', async () => {
  await renderForm({});
  await waitFor(() => expect(usersAsked().length).toBeGreaterThan(0));
  expect(await optionNames()).toEqual(['ada (ada@example.test)', 'alan (alan@example.test)', 'ops']);
  expect(hintOf(picker())).toContain('they see their own licenses at /api/license-manager/me/licenses');

  await choose('alan (alan@example.test)');
  expect(picker().value).toBe('alan (alan@example.test)');
  fireEvent.change(screen.getByLabelText(/^Last name/), { target: { value: 'Hopper' } });
  fetchClient.post.mockResolvedValueOnce({ data: { data: person(ALAN) } });
  await save();
  await waitFor(() => expect(fetchClient.post).toHaveBeenCalledTimes(1));
  expect(fetchClient.post.mock.calls[0][0]).toBe('/license-manager/persons');
  expect(sentData(fetchClient.post)).toMatchObject({ lastName: 'Hopper', user: 8 });
});

test('a new person without a user chosen does not send one', async () => {
  await renderForm({});
  fireEvent.change(screen.getByLabelText(/^Last name/), { target: { value: 'Hopper' } });
  fetchClient.post.mockResolvedValueOnce({ data: { data: person(null) } });
  await save();
  await waitFor(() => expect(fetchClient.post).toHaveBeenCalledTimes(1));
  expect(sentData(fetchClient.post)).not.toHaveProperty('user');
});

test('typing searches the users on the server (_q)', async () => {
  await renderForm({});
  fireEvent.change(picker(), { target: { value: 'ala' } });
  await waitFor(() => expect(fetchClient.get).toHaveBeenCalledWith('/license-manager/users', { params: { pageSize: 20, _q: 'ala' } }));
  await waitFor(async () => expect(await optionNames()).toEqual(['alan (alan@example.test)']));
});

test("an edit shows the person's user, leaves it out of the PUT while unchanged, and sends the new id or null", async () => {
  await renderForm(person(ADA));
  expect(picker().value).toBe('ada (ada@example.test)');

  fetchClient.put.mockResolvedValue({ data: { data: person(ADA) } });
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect(sentData(fetchClient.put)).not.toHaveProperty('user');

  // Typing over the chosen user's name searches for another.
  fireEvent.change(picker(), { target: { value: 'alan' } });
  await choose('alan (alan@example.test)');
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(2));
  expect(fetchClient.put.mock.calls[1][0]).toBe('/license-manager/persons/p1');
  expect(sentData(fetchClient.put, 1)).toMatchObject({ lastName: 'Hopper', user: 8 });

  fireEvent.click(screen.getByRole('button', { name: 'Remove the user' }));
  expect(picker().value).toBe('');
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(3));
  expect(sentData(fetchClient.put, 2).user).toBeNull();
});

test.each([
  [403, 'Policy Failed'],
  [404, 'Persons have no user here'],
])('a %i on the users shows the user read-only, says why, and saves without it', async (status, message) => {
  serve({ users: serverError(status, message) });
  await renderForm(person(ADA));
  await waitFor(() => expect(picker().disabled).toBe(true));
  expect(picker().value).toBe('ada (ada@example.test)');
  expect(hintOf(picker())).toContain(RESTRICTED);
  expect(toggleNotification).not.toHaveBeenCalled();

  fetchClient.put.mockResolvedValueOnce({ data: { data: person(ADA) } });
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect(sentData(fetchClient.put)).not.toHaveProperty('user');
});

test("the server's refusal of the user shows on the field", async () => {
  await renderForm(person(null));
  await choose('ops');
  fetchClient.put.mockRejectedValueOnce(
    serverError(400, 'Validation error', { errors: [{ path: ['user'], message: 'must be the id of a Users & Permissions user, or null' }] }),
  );
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect(sentData(fetchClient.put).user).toBe(9);
  await waitFor(() => expect(hintOf(picker())).toContain('must be the id of a Users & Permissions user'));
});

test('in French, the field says "Utilisateur de connexion"', async () => {
  renderWithProviders(<ReferenceFormModal resource={REFERENCE.persons} record={{}} onClose={jest.fn()} onSaved={jest.fn()} />, { locale: 'fr' });
  expect(await screen.findByRole('combobox', { name: /^Utilisateur de connexion/ })).toBeTruthy();
});
