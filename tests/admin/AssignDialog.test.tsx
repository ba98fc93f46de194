/**
 * "Assign persons" / "Assign assets" rendered in jsdom: the current assignments start ticked and
 * "Seats left" follows every tick.
 * The design system and react-intl are the real ones; `@strapi/strapi/admin` is replaced by
 * support/strapi-admin.tsx, whose fetch client each test answers.
 */
import './support/jsdom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AssignDialog, type AssignKind } from '../../admin/src/components/AssignDialog';
import type { Assignment, License } from '../../admin/src/api/types';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';
import { asset, assetAssignment, license, page, person, personAssignment } from './support/fixtures';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const ada = person('p1', 'Ada', 'Lovelace');
const alan = person('p2', 'Alan', 'Turing');
const grace = person('p3', 'Grace', 'Hopper');
const linus = person('p4', 'Linus', 'Torvalds');
const PERSONS = [ada, alan, grace, linus];

/** The license's current assignments (in pages of `perPage`) and the people or assets to pick from. */
const serve = (current: Assignment[], candidates: unknown[], perPage = 100) => {
  fetchClient.get.mockImplementation(async (url: string, options?: unknown) => {
    const params = (options as { params?: Record<string, unknown> } | undefined)?.params ?? {};
    if (url.endsWith('/assignments')) {
      const n = Number(params.page);
      const pageCount = Math.max(1, Math.ceil(current.length / perPage));
      return page(current.slice((n - 1) * perPage, n * perPage), n, pageCount, perPage);
    }
    if (url === '/license-manager/persons' || url === '/license-manager/assets') return page(candidates);
    throw new Error(`unexpected GET ${url}`);
  });
};

const renderDialog = async (lic: License, kind: AssignKind = 'person', locale: 'en' | 'fr' = 'en') => {
  const onSaved = jest.fn();
  const onClose = jest.fn();
  renderWithProviders(<AssignDialog license={lic} kind={kind} onClose={onClose} onSaved={onSaved} />, { locale });
  await screen.findAllByTestId('assign-row');
  return { onSaved, onClose };
};

const box = (name: string) => screen.getByRole('checkbox', { name: `Select ${name}` });
const isTicked = (name: string) => box(name).getAttribute('aria-checked') === 'true';
const tick = async (name: string) => {
  fireEvent.click(box(name));
  await act(async () => undefined);
};
const counter = () => screen.getByTestId('seats-left').textContent;
const TOO_MANY = 'More are selected than there are seats: saving will be refused.';
const TOO_MANY_CORES = 'More are selected than there are cores: saving will be refused.';

beforeEach(() => resetStrapiAdmin());

test('the seats left follow the ticked boxes', async () => {
  serve([personAssignment(ada)], PERSONS);
  await renderDialog(license({ quantity: 3, assignmentModel: 'per_user' }));
  expect(screen.getByText('Assign persons to Office 365')).toBeTruthy();

  // The current assignment starts ticked and already takes a seat.
  expect(isTicked('Ada Lovelace')).toBe(true);
  expect(isTicked('Alan Turing')).toBe(false);
  expect(counter()).toContain('Seats left: 2 of 3');
  expect(counter()).toContain('1 selected');

  await tick('Alan Turing');
  expect(isTicked('Alan Turing')).toBe(true);
  expect(counter()).toContain('Seats left: 1 of 3');
  expect(counter()).toContain('2 selected');

  await tick('Grace Hopper');
  expect(counter()).toContain('Seats left: 0 of 3');
  expect(screen.queryByText(TOO_MANY)).toBeNull();

  // One more than there are seats: the count goes below zero and the dialog warns.
  await tick('Linus Torvalds');
  expect(counter()).toContain('1 over the 3 seats');
  expect(counter()).not.toContain('-1');
  expect(counter()).toContain('4 selected');
  expect(screen.getByText(TOO_MANY)).toBeTruthy();

  // Unticking gives the seat back.
  await tick('Ada Lovelace');
  expect(isTicked('Ada Lovelace')).toBe(false);
  expect(counter()).toContain('Seats left: 0 of 3');
  expect(screen.queryByText(TOO_MANY)).toBeNull();
});

test('"Save" sends exactly the ticked persons and reports it', async () => {
  serve([personAssignment(ada), personAssignment(alan)], PERSONS);
  const { onSaved } = await renderDialog(license({ quantity: 5 }));
  expect(counter()).toContain('Seats left: 3 of 5');
  await tick('Ada Lovelace');
  await tick('Linus Torvalds');
  expect(counter()).toContain('Seats left: 3 of 5');

  fetchClient.put.mockResolvedValueOnce({ data: {} });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
  const [url, body] = fetchClient.put.mock.calls[0];
  expect(url).toBe('/license-manager/licenses/lic1/persons');
  expect([...(body as { data: { persons: string[] } }).data.persons].sort()).toEqual(['p2', 'p4']);
  expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: 'The license has been assigned to the persons.' });
});

test('a refusal (409) says why and keeps the ticks and the count', async () => {
  serve([], PERSONS);
  const { onSaved } = await renderDialog(license({ quantity: 1, overAssignment: 'block' }));
  expect(counter()).toContain('Seats left: 1 of 1');
  await tick('Ada Lovelace');
  await tick('Alan Turing');
  expect(counter()).toContain('1 over the 1 seat');
  expect(screen.getByText(TOO_MANY)).toBeTruthy();

  fetchClient.put.mockRejectedValueOnce(serverError(409, 'Not enough seats: 2 needed, 1 available'));
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  // The design system's Alert (its live region is another, empty role="alert").
  const alert = (await screen.findByText('Not saved')).closest('[role="alert"]') as HTMLElement;
  expect(alert).not.toBeNull();
  expect(within(alert).getByText('Not enough seats: 2 needed, 1 available')).toBeTruthy();
  expect(toggleNotification).toHaveBeenCalledWith({ type: 'danger', message: 'Not enough seats: 2 needed, 1 available' });
  expect(onSaved).not.toHaveBeenCalled();
  expect(isTicked('Ada Lovelace')).toBe(true);
  expect(isTicked('Alan Turing')).toBe(true);
  expect(counter()).toContain('1 over the 1 seat');
});

test('a license that allows over-assignment counts below zero without the warning', async () => {
  serve([], PERSONS);
  await renderDialog(license({ quantity: 1, overAssignment: 'allow' }));
  await tick('Ada Lovelace');
  await tick('Alan Turing');
  expect(counter()).toContain('1 over the 1 seat');
  expect(screen.queryByText(TOO_MANY)).toBeNull();
});

test('current assignments on every page of the API start ticked', async () => {
  // 150 current assignments come in two pages of 100; the last one is on the second page.
  const many = Array.from({ length: 149 }, (_, i) => personAssignment(person(`x${i}`, 'X', `${i}`)));
  serve([...many, personAssignment(grace)], PERSONS);
  await renderDialog(license({ quantity: 200 }));
  expect(isTicked('Grace Hopper')).toBe(true);
  expect(counter()).toContain('Seats left: 50 of 200');
  await tick('Ada Lovelace');
  expect(counter()).toContain('Seats left: 49 of 200');
});

test('assets on a per-user license use no seats: no count, whatever is ticked', async () => {
  serve([], [asset('a1', 'Laptop 1'), asset('a2', 'Laptop 2')]);
  await renderDialog(license({ quantity: 1, assignmentModel: 'per_user' }), 'asset');
  expect(screen.getByText('Assign assets to Office 365')).toBeTruthy();
  expect(counter()).toContain('These assignments use no seats of this license.');
  await tick('Laptop 1');
  await tick('Laptop 2');
  expect(counter()).not.toContain('Seats left');
  expect(counter()).toContain('2 selected');
  expect(screen.queryByText(TOO_MANY)).toBeNull();
});

test('a site license counts no seats down: any number may be ticked, under block too', async () => {
  serve([], PERSONS);
  await renderDialog(
    license({ quantity: null, assignmentModel: 'site', overAssignment: 'block', seats: { total: null, used: 0, available: null, shortfall: 0 } }),
  );
  expect(counter()).toContain('A site license has no seat limit: every assignment is recorded.');
  for (const p of PERSONS) await tick(`${p.firstName} ${p.lastName}`);
  expect(counter()).toContain(`${PERSONS.length} selected`);
  expect(counter()).not.toContain('Seats left');
  expect(screen.queryByText(TOO_MANY)).toBeNull();
});

test('assets use the seats of a per-computer license', async () => {
  serve([], [asset('a1', 'Laptop 1'), asset('a2', 'Laptop 2'), asset('a3', 'Laptop 3')]);
  await renderDialog(license({ quantity: 2, assignmentModel: 'per_computer' }), 'asset');
  expect(counter()).toContain('Seats left: 2 of 2');
  await tick('Laptop 1');
  expect(counter()).toContain('Seats left: 1 of 2');
  await tick('Laptop 3');
  expect(counter()).toContain('Seats left: 0 of 2');
  await tick('Laptop 2');
  expect(counter()).toContain('1 over the 2 seats');
  expect(screen.getByText(TOO_MANY)).toBeTruthy();
});

describe('a per-core or per-processor license', () => {
  // SQL Server's terms: at least 8 cores a processor, 16 a server.
  const sqlServer = (overrides: Partial<License> = {}) =>
    license({ name: 'SQL Server', assignmentModel: 'per_core', quantity: 24, minCoresPerProcessor: 8, minCoresPerServer: 16, ...overrides });
  const big = asset('a1', 'SRV-BIG', { assetType: 'server', processors: 2, coresPerProcessor: 16 });
  const twoByFour = asset('a2', 'SRV-2x4', { assetType: 'server', processors: 2, coresPerProcessor: 4 });
  const oneByFour = asset('a3', 'SRV-1x4', { assetType: 'server', processors: 1, coresPerProcessor: 4 });
  const unknown = asset('a4', 'SRV-unknown', { assetType: 'server', processors: 2 });
  const vm = asset('a5', 'VM-1', { assetType: 'virtual_machine', processors: 1, coresPerProcessor: 2 });
  const units = (name: string) => within(screen.getByRole('row', { name: new RegExp(name) })).getByTestId('assign-units').textContent;

  test('each asset shows the cores it will use, by the shared formula with its minimums', async () => {
    serve([], [big, twoByFour, oneByFour, unknown, vm]);
    await renderDialog(sqlServer(), 'asset');
    expect(units('SRV-BIG')).toBe('This server needs 32 cores');
    // 2 × 4 = 8 cores, 8 a processor makes 16; 1 × 4 = 4, 16 a server makes 16.
    expect(units('SRV-2x4')).toBe('This server needs 16 cores');
    expect(units('SRV-1x4')).toBe('This server needs 16 cores');
    expect(units('VM-1')).toBe('This asset needs 16 cores');
    // Unknown cores: said so, and it cannot be ticked.
    expect(units('SRV-unknown')).toBe(
      "This server's cores are unknown: it cannot be assigned to a per-core license (set its cores per processor on the asset)",
    );
    expect(box('SRV-unknown').hasAttribute('disabled')).toBe(true);
    expect(box('SRV-2x4').hasAttribute('disabled')).toBe(false);
  });

  test('the core factor counts too, rounded up', async () => {
    serve([], [asset('a6', 'ORA-1', { assetType: 'server', processors: 1, coresPerProcessor: 3 })]);
    await renderDialog(sqlServer({ coreFactor: '0.50', minCoresPerProcessor: 0, minCoresPerServer: 0 }), 'asset');
    expect(units('ORA-1')).toBe('This server needs 2 cores');
  });

  test('the cores left add up what each ticked server uses, not one a server', async () => {
    serve([], [twoByFour, oneByFour, big]);
    await renderDialog(sqlServer({ overAssignment: 'block' }), 'asset');
    expect(counter()).toContain('Cores left: 24 of 24');
    await tick('SRV-2x4');
    expect(counter()).toContain('Cores left: 8 of 24');
    expect(counter()).toContain('1 selected');
    await tick('SRV-1x4');
    expect(counter()).toContain('8 over the 24 cores');
    expect(screen.getByText(TOO_MANY_CORES)).toBeTruthy();
    await tick('SRV-2x4');
    expect(counter()).toContain('Cores left: 8 of 24');
    expect(screen.queryByText(TOO_MANY_CORES)).toBeNull();
  });

  test('a current assignment counts what the license uses now, and unticking it gives its cores back', async () => {
    // The 2 × 4 server is assigned (16 of 24 used); the other current one is on no listed page.
    const elsewhere = asset('a9', 'SRV-elsewhere', { assetType: 'server', processors: 1, coresPerProcessor: 4 });
    serve([assetAssignment(twoByFour), assetAssignment(elsewhere)], [twoByFour, oneByFour]);
    await renderDialog(sqlServer({ quantity: 40, seats: { total: 40, used: 32, available: 8, shortfall: 0 } }), 'asset');
    expect(isTicked('SRV-2x4')).toBe(true);
    expect(counter()).toContain('Cores left: 8 of 40');
    await tick('SRV-2x4');
    expect(counter()).toContain('Cores left: 24 of 40');
    await tick('SRV-1x4');
    expect(counter()).toContain('Cores left: 8 of 40');
    await tick('SRV-2x4');
    expect(counter()).toContain('8 over the 40 cores');
  });

  test('a per-processor license counts processors', async () => {
    serve([], [big, oneByFour, unknown]);
    await renderDialog(license({ assignmentModel: 'per_processor', quantity: 4 }), 'asset');
    expect(units('SRV-BIG')).toBe('This server needs 2 processors');
    expect(units('SRV-1x4')).toBe('This server needs 1 processor');
    // Unknown cores do not matter to a per-processor license.
    expect(units('SRV-unknown')).toBe('This server needs 2 processors');
    expect(counter()).toContain('Processors left: 4 of 4');
    await tick('SRV-BIG');
    await tick('SRV-unknown');
    expect(counter()).toContain('Processors left: 0 of 4');
    await tick('SRV-1x4');
    expect(counter()).toContain('1 over the 4 processors');
  });

  test('a per-computer license shows no units line', async () => {
    serve([], [big]);
    await renderDialog(license({ assignmentModel: 'per_computer', quantity: 2 }), 'asset');
    expect(screen.queryByTestId('assign-units')).toBeNull();
    await tick('SRV-BIG');
    expect(counter()).toContain('Seats left: 1 of 2');
  });

  test('in French', async () => {
    serve([], [twoByFour, vm, unknown]);
    await renderDialog(sqlServer(), 'asset', 'fr');
    expect(units('SRV-2x4')).toBe('Ce serveur nécessite 16 cœurs');
    expect(units('VM-1')).toBe('Cet actif nécessite 16 cœurs');
    expect(units('SRV-unknown')).toContain('Le nombre de cœurs de ce serveur est inconnu');
    expect(counter()).toContain('Cœurs restants : 24 sur 24');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner SRV-2x4' }));
    await act(async () => undefined);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Sélectionner VM-1' }));
    await act(async () => undefined);
    expect(counter()).toContain('8 cœurs de trop sur 24');
  });
});
