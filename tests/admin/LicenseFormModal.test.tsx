/**
 * The "New license" / edit window rendered in jsdom: the gross unit price follows net price and
 * VAT% as they are typed; a tab holding an error (the form's own check, or the server's 400) is
 * marked.
 * The design system and react-intl are the real ones; `@strapi/strapi/admin` is replaced by
 * support/strapi-admin.tsx, whose fetch client each test answers.
 */
import './support/jsdom';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { LicenseFormModal } from '../../admin/src/components/LicenseFormModal';
import type { License } from '../../admin/src/api/types';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';
import { license, page } from './support/fixtures';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const TAB_ERROR = 'This tab has errors';
const REQUIRED = 'This value is required.';

/** The plugin's settings and empty relation lists. */
const serve = (settings: { defaultCurrency: string; defaultVatRate: string | null }) => {
  fetchClient.get.mockImplementation(async (url: string) => {
    if (url === '/license-manager/settings') return { data: { data: settings } };
    if (url === '/license-manager/software') return page([{ documentId: 'sw1', name: 'Office', version: '365' }]);
    return page([]);
  });
};

const renderForm = async (props: { license?: License; onSaved?: jest.Mock } = {}) => {
  const onSaved = props.onSaved ?? jest.fn();
  renderWithProviders(<LicenseFormModal license={props.license} onClose={jest.fn()} onSaved={onSaved} />);
  // Settings and relation lists answered: the form is settled.
  await waitFor(() => expect(fetchClient.get).toHaveBeenCalled());
  await act(async () => undefined);
  return { onSaved };
};

const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: RegExp, value: string) => fireEvent.change(input(label), { target: { value } });
const tab = (name: RegExp) => screen.getByRole('tab', { name });
const isMarked = (name: RegExp) => within(tab(name)).queryByLabelText(TAB_ERROR) !== null;

beforeEach(() => {
  resetStrapiAdmin();
  serve({ defaultCurrency: 'EUR', defaultVatRate: '20' });
});

describe('gross unit price', () => {
  test('updates as the net price and VAT% are typed', async () => {
    await renderForm();
    expect(screen.getByText('New license')).toBeTruthy();
    // A new license starts from the plugin's default VAT%.
    await waitFor(() => expect(input(/^VAT%/).value).toBe('20'));
    const gross = input(/^Gross unit price/);
    expect(gross.disabled).toBe(true);
    expect(gross.value).toBe('');

    type(/^Net unit price/, '1');
    expect(gross.value).toBe('1.20');
    type(/^Net unit price/, '10');
    expect(gross.value).toBe('12.00');
    type(/^Net unit price/, '100.5');
    expect(gross.value).toBe('120.60');

    type(/^VAT%/, '7.7');
    expect(gross.value).toBe('108.24'); // 108.2385
    type(/^VAT%/, '0');
    expect(gross.value).toBe('100.50');

    // Not an amount: no gross until it is one again.
    type(/^Net unit price/, '100,5');
    expect(gross.value).toBe('');
    type(/^Net unit price/, '');
    expect(gross.value).toBe('');
    // Three decimals: the server refuses it, so there is no gross to preview.
    type(/^Net unit price/, '2.675');
    expect(gross.value).toBe('');
    type(/^Net unit price/, '2.67');
    expect(gross.value).toBe('2.67');
  });

  test('stays empty until a VAT% is typed when the settings give none', async () => {
    serve({ defaultCurrency: 'CHF', defaultVatRate: null });
    await renderForm();
    await waitFor(() => expect(input(/^Currency/).value).toBe('CHF'));
    type(/^Net unit price/, '80');
    expect(input(/^Gross unit price/).value).toBe('');
    type(/^VAT%/, '8.1');
    expect(input(/^Gross unit price/).value).toBe('86.48');
  });

  test('an edited license shows its stored gross price and follows changes', async () => {
    await renderForm({ license: license({ netUnitPrice: '50.00', vatRate: '19.00', grossUnitPrice: '59.50' }) });
    expect(input(/^Gross unit price/).value).toBe('59.50');
    type(/^VAT%/, '21');
    expect(input(/^Gross unit price/).value).toBe('60.50');
  });
});

describe('tab error marking', () => {
  const save = async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await act(async () => undefined);
  };
  const openTab = async (name: RegExp) => {
    // Radix tabs switch on mouse down.
    fireEvent.mouseDown(tab(name), { button: 0 });
    await act(async () => undefined);
  };
  const chooseSoftware = async (name: RegExp) => {
    fireEvent.keyDown(screen.getByRole('combobox', { name: /^Software/ }), { key: 'ArrowDown' });
    const option = await screen.findByRole('option', { name });
    fireEvent.pointerUp(option);
    await act(async () => undefined);
  };
  const keyDraft = (index: number) => within(screen.getAllByTestId('key-draft')[index]);
  const fieldError = (label: RegExp, scope: Pick<typeof screen, 'getByLabelText'> = screen) => {
    const id = scope.getByLabelText(label).getAttribute('aria-describedby');
    return id ? (document.getElementById(id)?.textContent ?? null) : null;
  };

  test("the form's own check marks Basic information, and the mark goes when the fields are filled", async () => {
    await renderForm();
    expect(isMarked(/^Basic information/)).toBe(false);
    expect(isMarked(/^Keys/)).toBe(false);

    await save();
    expect(fetchClient.post).not.toHaveBeenCalled();
    expect(isMarked(/^Basic information/)).toBe(true);
    expect(tab(/^Basic information/).getAttribute('data-error')).toBe('true');
    expect(isMarked(/^Keys/)).toBe(false);
    expect(tab(/^Keys/).hasAttribute('data-error')).toBe(false);
    expect(fieldError(/^Name/)).toBe(REQUIRED);

    type(/^Name/, 'Office 365');
    expect(fieldError(/^Name/)).not.toBe(REQUIRED);
    expect(isMarked(/^Basic information/)).toBe(true); // the software is still missing
    await chooseSoftware(/Office 365/);
    expect(isMarked(/^Basic information/)).toBe(false);
    expect(isMarked(/^Keys/)).toBe(false);
  });

  test('a key without a value marks Keys only and opens that tab', async () => {
    await renderForm();
    type(/^Name/, 'Office 365');
    await chooseSoftware(/Office 365/);
    await openTab(/^Keys/);
    fireEvent.change(keyDraft(0).getByLabelText(/^Label/), { target: { value: 'Seat 1' } });
    await openTab(/^Basic information/);
    expect(tab(/^Basic information/).getAttribute('aria-selected')).toBe('true');

    await save();
    expect(fetchClient.post).not.toHaveBeenCalled();
    expect(isMarked(/^Keys/)).toBe(true);
    expect(isMarked(/^Basic information/)).toBe(false);
    expect(tab(/^Keys/).getAttribute('aria-selected')).toBe('true');
    expect(fieldError(/^Key\b/, keyDraft(0))).toBe(REQUIRED);
  });

  test("the server's 400 errors appear on their fields and mark their tab", async () => {
    const { onSaved } = await renderForm();
    type(/^Name/, 'Office 365');
    await chooseSoftware(/Office 365/);
    type(/^Invoice number/, 'INV-1');
    await openTab(/^Keys/);
    fireEvent.change(keyDraft(0).getByLabelText(/^Key\b/), { target: { value: 'AAAA-BBBB' } });

    // First refusal: a Basic-information field, while the Keys tab is open.
    fetchClient.post.mockRejectedValueOnce(
      serverError(400, 'Invalid license', { errors: [{ path: ['invoiceNumber'], message: 'is already used by another license' }] }),
    );
    await save();
    expect(fetchClient.post).toHaveBeenCalledTimes(1);
    const [url, body] = fetchClient.post.mock.calls[0];
    expect(url).toBe('/license-manager/licenses');
    expect(body).toMatchObject({ data: { name: 'Office 365', software: 'sw1', invoiceNumber: 'INV-1', keys: [{ value: 'AAAA-BBBB' }] } });
    expect(isMarked(/^Basic information/)).toBe(true);
    expect(isMarked(/^Keys/)).toBe(false);
    expect(tab(/^Basic information/).getAttribute('aria-selected')).toBe('true');
    expect(fieldError(/^Invoice number/)).toBe('is already used by another license');
    expect(toggleNotification).toHaveBeenLastCalledWith({ type: 'danger', message: 'Invalid license' });

    // Second refusal: a key's value. Only Keys is marked now.
    fetchClient.post.mockRejectedValueOnce(
      serverError(400, 'Invalid license', { errors: [{ path: ['keys', 0, 'value'], message: 'must be at most 2048 characters' }] }),
    );
    await save();
    expect(isMarked(/^Keys/)).toBe(true);
    expect(isMarked(/^Basic information/)).toBe(false);
    expect(tab(/^Keys/).getAttribute('aria-selected')).toBe('true');
    expect(fieldError(/^Key\b/, keyDraft(0))).toBe('must be at most 2048 characters');

    // Accepted: the window reports the new license.
    const created = license({ invoiceNumber: 'INV-1' });
    fetchClient.post.mockResolvedValueOnce({ data: { data: created } });
    await save();
    expect(onSaved).toHaveBeenCalledWith(created);
    expect(toggleNotification).toHaveBeenLastCalledWith({ type: 'success', message: 'License has been added to the list.' });
  });

  const addKeyRow = async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Add another key' }));
    await act(async () => undefined);
  };
  const twoKeys = () =>
    license({
      keys: [
        { documentId: 'key1', label: 'Main', maskedValue: '••••-1111', activationLimit: null },
        { documentId: 'key2', label: 'Spare', maskedValue: '••••-2222', activationLimit: 5 },
      ],
    });

  test('editing: one removed and two added keys are one PUT, and its answer is the saved license', async () => {
    const { onSaved } = await renderForm({ license: twoKeys() });
    expect(screen.getByText('Edit license: Office 365')).toBeTruthy();
    type(/^Quantity/, '4');
    await openTab(/^Keys/);
    expect(screen.queryAllByTestId('key-draft')).toHaveLength(0);
    // Remove the first existing key; its masked value leaves the list.
    fireEvent.click(screen.getAllByRole('button', { name: 'Remove this key' })[0]);
    await act(async () => undefined);
    expect(screen.queryByText('••••-1111')).toBeNull();
    expect(screen.getByText('••••-2222')).toBeTruthy();
    // Three rows, the middle one left blank: only the filled two are sent.
    await addKeyRow();
    await addKeyRow();
    await addKeyRow();
    fireEvent.change(keyDraft(0).getByLabelText(/^Key\b/), { target: { value: 'AAAA-1111' } });
    fireEvent.change(keyDraft(2).getByLabelText(/^Key\b/), { target: { value: 'BBBB-2222' } });
    fireEvent.change(keyDraft(2).getByLabelText(/^Label/), { target: { value: 'Laptop' } });
    const getsBefore = fetchClient.get.mock.calls.length;

    fetchClient.put.mockRejectedValueOnce(
      serverError(400, 'Invalid license', { errors: [{ path: ['keys', 'add', 1, 'value'], message: 'is already a key of this license' }] }),
    );
    await save();
    expect(fetchClient.put).toHaveBeenCalledTimes(1);
    const [url, body] = fetchClient.put.mock.calls[0];
    expect(url).toBe('/license-manager/licenses/lic1');
    expect(body).toEqual({
      data: expect.objectContaining({
        name: 'Office 365',
        software: 'sw1',
        quantity: 4,
        keys: { add: [{ value: 'AAAA-1111' }, { value: 'BBBB-2222', label: 'Laptop' }], remove: ['key1'] },
      }),
    });
    expect(fetchClient.post).not.toHaveBeenCalled();
    expect(fetchClient.del).not.toHaveBeenCalled();
    // keys.add.1 is the second key sent: the third row, not the blank second one.
    expect(isMarked(/^Keys/)).toBe(true);
    expect(isMarked(/^Basic information/)).toBe(false);
    expect(tab(/^Keys/).getAttribute('aria-selected')).toBe('true');
    expect(fieldError(/^Key\b/, keyDraft(2))).toBe('is already a key of this license');
    expect(fieldError(/^Key\b/, keyDraft(0))).not.toBe('is already a key of this license');
    expect(fieldError(/^Key\b/, keyDraft(1))).not.toBe('is already a key of this license');
    expect(toggleNotification).toHaveBeenLastCalledWith({ type: 'danger', message: 'Invalid license' });

    // Pressing Save again sends the same single request; its answer goes to onSaved, with no GET after it.
    const saved = license({ quantity: 4 });
    fetchClient.put.mockResolvedValueOnce({ data: { data: saved } });
    await save();
    expect(fetchClient.put).toHaveBeenCalledTimes(2);
    expect(fetchClient.put.mock.calls[1][1]).toEqual(body);
    expect(onSaved).toHaveBeenCalledWith(saved);
    expect(fetchClient.post).not.toHaveBeenCalled();
    expect(fetchClient.del).not.toHaveBeenCalled();
    expect(fetchClient.get.mock.calls.slice(getsBefore).map(([u]) => u)).not.toContain('/license-manager/licenses/lic1');
    expect(toggleNotification).toHaveBeenLastCalledWith({ type: 'success', message: 'The license has been saved.' });
  });

  test('a site license may leave its quantity blank; another model may not', async () => {
    await renderForm({ license: license({ assignmentModel: 'site', quantity: null, seats: { total: null, used: 3, available: null, shortfall: 0 } }) });
    expect(input(/^Quantity/).value).toBe('');
    expect(input(/^Quantity/).getAttribute('aria-required')).not.toBe('true');
    fetchClient.put.mockResolvedValueOnce({ data: { data: license({ assignmentModel: 'site', quantity: null }) } });
    await save();
    expect(fetchClient.put).toHaveBeenCalledTimes(1);
    expect((fetchClient.put.mock.calls[0][1] as { data: Record<string, unknown> }).data.quantity).toBeNull();

    cleanup();
    fetchClient.put.mockClear();
    await renderForm({ license: license({ assignmentModel: 'per_user', quantity: 5 }) });
    expect(input(/^Quantity/).getAttribute('aria-required')).toBe('true');
    type(/^Quantity/, '');
    await save();
    expect(fetchClient.put).not.toHaveBeenCalled();
    expect(fieldError(/^Quantity/)).toBe(REQUIRED);
  });

  test('editing without touching the keys sends no keys', async () => {
    await renderForm({ license: twoKeys() });
    type(/^Quantity/, '6');
    fetchClient.put.mockResolvedValueOnce({ data: { data: license({ quantity: 6 }) } });
    await save();
    expect(fetchClient.put).toHaveBeenCalledTimes(1);
    const body = fetchClient.put.mock.calls[0][1] as { data: Record<string, unknown> };
    expect(body.data.quantity).toBe(6);
    expect(body.data).not.toHaveProperty('keys');
  });
});

describe('labels', () => {
  test('the category and the assignment model, both "License type" in the manual, have labels that tell them apart', async () => {
    await renderForm({ license: license({ category: { documentId: 'c1', name: 'OEM' }, assignmentModel: 'per_computer' }) });
    const category = screen.getByRole('combobox', { name: /^License type$/ });
    const model = screen.getByRole('combobox', { name: /^License type \(per user\/computer\)/ });
    expect(category).not.toBe(model);
    expect(model.textContent).toContain('Per computer');
    // Each label names one field only.
    expect(screen.getAllByRole('combobox', { name: /^License type/ })).toHaveLength(2);
  });

  test("a per-core license's three terms are shown for per core only", async () => {
    await renderForm({ license: license({ assignmentModel: 'per_core', coreFactor: '0.50', minCoresPerProcessor: 8, minCoresPerServer: 16 }) });
    expect(input(/^Core factor/).value).toBe('0.50');
    expect(input(/^Minimum cores per processor/).value).toBe('8');
    expect(input(/^Minimum cores per server/).value).toBe('16');
  });

  test('a per-user license does not show them', async () => {
    await renderForm({ license: license({ assignmentModel: 'per_user' }) });
    expect(screen.queryByLabelText(/^Core factor/)).toBeNull();
    expect(screen.queryByLabelText(/^Minimum cores per/)).toBeNull();
  });
});
