/**
 * The administrators of an organization or unit in its reference form (jsdom): the picker offers the
 * admin users of GET /administrators, sends the ids chosen, and only when they changed; a role the
 * route refuses (403) sees them disabled. `@strapi/strapi/admin` is support/strapi-admin.tsx, whose
 * fetch client each test answers.
 */
import './support/jsdom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ReferenceFormModal } from '../../admin/src/components/ReferenceFormModal';
import type { ReferenceRecord } from '../../admin/src/api/types';
import { REFERENCE } from '../../admin/src/resources';
import { page } from './support/fixtures';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const ADA = { id: 7, firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.test', isActive: true };
const ALAN = { id: 8, firstname: 'Alan', lastname: 'Turing', email: 'alan@example.test', isActive: true };
const NO_NAME = { id: 9, firstname: null, lastname: null, email: 'ops@example.test', isActive: false };

const RESTRICTED = 'Only a role without conditions can change administrators.';

/** GET /administrators answers these users (filtered on `_q` as the server does), or the error. */
const serveAdministrators = (answer: Array<typeof ADA | typeof NO_NAME> | Error) => {
  fetchClient.get.mockImplementation(async (url: string, config?: unknown) => {
    if (url !== '/license-manager/administrators') return page([]);
    if (answer instanceof Error) throw answer;
    const q = ((config as { params?: { _q?: string } })?.params?._q ?? '').toLowerCase();
    return page(answer.filter((u) => [u.firstname, u.lastname, u.email].some((s) => s?.toLowerCase().includes(q))));
  });
};

const organization = (administrators?: number[]): ReferenceRecord => ({
  documentId: 'o1',
  name: 'Acme',
  taxId: null,
  isInternal: true,
  isSupplier: false,
  isManufacturer: false,
  ...(administrators ? { administrators } : {}),
});

const renderForm = async (record: Partial<ReferenceRecord> = {}, resource = REFERENCE.organizations) => {
  const onSaved = jest.fn();
  renderWithProviders(<ReferenceFormModal resource={resource} record={record} onClose={jest.fn()} onSaved={onSaved} />);
  await waitFor(() => expect(fetchClient.get).toHaveBeenCalledWith('/license-manager/administrators', expect.anything()));
  await act(async () => undefined);
  return { onSaved };
};

const picker = () => screen.getByRole('combobox', { name: /^Administrators/ }) as HTMLInputElement;
/** The chosen users' tags: each its name and its remove button. */
const chosen = () => [...(screen.queryByTestId('administrators-chosen')?.children ?? [])] as HTMLElement[];
const chosenNames = () => chosen().map((tag) => tag.textContent);
const removeButtons = () => chosen().map((tag) => within(tag).getByRole('button') as HTMLButtonElement);
const hintOf = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

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

beforeEach(() => {
  resetStrapiAdmin();
  serveAdministrators([ADA, ALAN, NO_NAME]);
});

test('offers the admin users, 100 at most, as "Firstname Lastname (email)", and sends the id chosen on create', async () => {
  await renderForm({});
  const [, config] = fetchClient.get.mock.calls.find(([url]) => url === '/license-manager/administrators')!;
  expect((config as { params: unknown }).params).toEqual({ pageSize: 100 });
  expect(await optionNames()).toEqual(['Ada Lovelace (ada@example.test)', 'Alan Turing (alan@example.test)', 'ops@example.test']);
  expect(hintOf(picker())).toContain("Admin users whose role has the condition “Is in one of my organizations” act on this organization's records.");

  await choose('Alan Turing (alan@example.test)');
  expect(chosenNames()).toEqual(['Alan Turing (alan@example.test)']);
  // The one chosen is no longer offered, and the input is empty for the next.
  expect(picker().value).toBe('');
  expect(await optionNames()).toEqual(['Ada Lovelace (ada@example.test)', 'ops@example.test']);

  fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Acme' } });
  fetchClient.post.mockResolvedValueOnce({ data: { data: { ...organization([8]), documentId: 'o2' } } });
  await save();
  await waitFor(() => expect(fetchClient.post).toHaveBeenCalledTimes(1));
  const [url, body] = fetchClient.post.mock.calls[0];
  expect(url).toBe('/license-manager/organizations');
  expect((body as { data: Record<string, unknown> }).data).toMatchObject({ name: 'Acme', administrators: [8] });
});

test('a new organization without administrators does not send them', async () => {
  await renderForm({});
  fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Acme' } });
  fetchClient.post.mockResolvedValueOnce({ data: { data: organization([]) } });
  await save();
  await waitFor(() => expect(fetchClient.post).toHaveBeenCalledTimes(1));
  expect((fetchClient.post.mock.calls[0][1] as { data: object }).data).not.toHaveProperty('administrators');
});

test('typing searches the admin users on the server (_q)', async () => {
  await renderForm({});
  fireEvent.change(picker(), { target: { value: 'turing' } });
  await waitFor(() => expect(fetchClient.get).toHaveBeenCalledWith('/license-manager/administrators', { params: { pageSize: 100, _q: 'turing' } }));
  await waitFor(async () => expect(await optionNames()).toEqual(['Alan Turing (alan@example.test)']));
});

test('an edit shows the administrators, one not among the users as #<id>, and sends them only once changed', async () => {
  await renderForm(organization([7, 42]));
  expect(chosenNames()).toEqual(['Ada Lovelace (ada@example.test)', '#42']);

  // Unchanged: left out of the PUT.
  fetchClient.put.mockResolvedValue({ data: { data: organization([7, 42]) } });
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect((fetchClient.put.mock.calls[0][1] as { data: object }).data).not.toHaveProperty('administrators');

  // One removed: the rest sent.
  fireEvent.click(screen.getByRole('button', { name: 'Remove #42' }));
  expect(chosenNames()).toEqual(['Ada Lovelace (ada@example.test)']);
  // Removing is no save.
  await act(async () => undefined);
  expect(fetchClient.put).toHaveBeenCalledTimes(1);
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(2));
  const [url, body] = fetchClient.put.mock.calls[1];
  expect(url).toBe('/license-manager/organizations/o1');
  expect((body as { data: Record<string, unknown> }).data).toMatchObject({ name: 'Acme', administrators: [7] });
});

test('a role the route refuses (403) sees the administrators disabled, says why, and saves without them', async () => {
  serveAdministrators(serverError(403, 'Policy Failed'));
  await renderForm(organization([7, 8]));
  expect(picker().disabled).toBe(true);
  expect(chosenNames()).toEqual(['#7', '#8']);
  expect(removeButtons().every((b) => b.disabled)).toBe(true);
  expect(hintOf(picker())).toContain(RESTRICTED);
  expect(toggleNotification).not.toHaveBeenCalled();

  fetchClient.put.mockResolvedValueOnce({ data: { data: organization([7, 8]) } });
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect((fetchClient.put.mock.calls[0][1] as { data: object }).data).not.toHaveProperty('administrators');
});

test('a record read without administrators is not offered them, nor sends them', async () => {
  await renderForm(organization());
  expect(picker().disabled).toBe(true);
  expect(chosenNames()).toEqual([]);
  fetchClient.put.mockResolvedValueOnce({ data: { data: organization([]) } });
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect((fetchClient.put.mock.calls[0][1] as { data: object }).data).not.toHaveProperty('administrators');
});

test("the server's refusal of one administrator shows on the field", async () => {
  await renderForm(organization([]));
  await choose('ops@example.test');
  fetchClient.put.mockRejectedValueOnce(
    serverError(400, 'Validation error', {
      errors: [{ path: ['administrators', 0], message: 'must be an admin user', code: 'custom', params: { id: 'adminUser' } }],
    }),
  );
  await save();
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect((fetchClient.put.mock.calls[0][1] as { data: Record<string, unknown> }).data.administrators).toEqual([9]);
  await waitFor(() => expect(hintOf(picker())).toContain('must be an admin user'));
});

test("a unit's administrators say what its condition reaches", async () => {
  await renderForm({}, REFERENCE['organizational-units']);
  expect(hintOf(picker())).toContain("“Is in my organizational unit or below” act on this unit's records and its sub-units'.");
  expect(within(screen.getByRole('dialog')).queryByText('#7')).toBeNull();
});
