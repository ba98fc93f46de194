/**
 * The Installations page's Rules tab in jsdom: the rules in order, moved up and down by their
 * position, added, edited, deleted and tested (POST /installation-rules/test), the 400s on their
 * fields, and the rule form's logic. `@strapi/strapi/admin` is support/strapi-admin.tsx.
 */
import './support/jsdom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { InstallationsPage } from '../../admin/src/pages/InstallationsPage';
import { movedPosition } from '../../admin/src/components/installations/RulesSection';
import { exactRule, ruleFieldOf, ruleFormValues, rulePayload } from '../../admin/src/components/installations/ruleForm';
import type { InstallationRule } from '../../admin/src/api/types';
import { page } from './support/fixtures';
import { installation, rule } from './support/installations';
import { renderWithProviders, type Locale } from './support/render';
import { fetchClient, rbac, resetStrapiAdmin, serverError, toggleNotification } from './support/strapi-admin';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const RULES: InstallationRule[] = [
  rule('r1', 0, {
    match: { name: { op: 'contains', value: 'office' }, publisher: { op: 'equals', value: 'Microsoft' } },
    versionMin: '16',
    versionBelow: '17',
  }),
  rule('r2', 1, { match: { name: { op: 'regex', value: '^teams' }, publisher: null }, software: null, ignore: true }),
  rule('r3', 5, { match: { name: null, publisher: { op: 'equals', value: 'Adobe' } }, versionBelow: '2020' }),
];

beforeEach(() => {
  resetStrapiAdmin();
  rbac.allowed = { canManage: true };
  fetchClient.get.mockImplementation(async (url: string) => {
    if (url === '/license-manager/installations/recognition') return { data: { data: { generation: 1, total: 10, pending: 0, running: false }, meta: {} } };
    if (url === '/license-manager/installation-rules') return { data: { data: RULES, meta: {} } };
    if (url === '/license-manager/software') return page([{ documentId: 'sw9', name: 'Paint Pro', version: '5' }]);
    throw new Error(`unexpected GET ${url}`);
  });
  fetchClient.put.mockImplementation(async () => ({ data: { data: RULES[0] } }));
});

const renderRules = async (locale: Locale = 'en') => {
  renderWithProviders(
    <MemoryRouter initialEntries={['/plugins/license-manager/installations?tab=rules']}>
      <InstallationsPage />
    </MemoryRouter>,
    { locale },
  );
  await screen.findAllByTestId('rule-row');
};

/** The design system's IconButton says it is disabled with aria-disabled (it stays focusable). */
const isDisabled = (name: string) => {
  const button = screen.getByRole('button', { name });
  return button.hasAttribute('disabled') || button.getAttribute('aria-disabled') === 'true';
};

const rowCells = () => screen.getAllByTestId('rule-row').map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((c) => c.textContent));

test('lists the rules in order: what each matches, its versions and its result', async () => {
  await renderRules();
  expect(rowCells()).toEqual([
    ['1', 'Name contains “office”Publisher equals “Microsoft”', 'From 16, below 17', 'Office 365'],
    ['2', 'Name matches the pattern “^teams”', 'Any version', 'Ignored'],
    ['3', 'Publisher equals “Adobe”', 'Below 2020', 'Office 365'],
  ]);
});

test('in French', async () => {
  await renderRules('fr');
  expect(rowCells()[0]).toEqual(['1', 'Nom contient « office »Éditeur est égal à « Microsoft »', 'À partir de 16, avant 17', 'Office 365']);
  expect(rowCells()[1][3]).toBe('Ignorées');
  expect(screen.getByRole('button', { name: 'Ajouter une règle' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Monter la règle 2' })).toBeTruthy();
});

test('moving a rule up writes the position of the one above; down, one past the position of the one below', async () => {
  await renderRules();
  expect(isDisabled('Move rule 1 up')).toBe(true);
  expect(isDisabled('Move rule 3 down')).toBe(true);
  expect(isDisabled('Move rule 2 up')).toBe(false);

  fireEvent.click(screen.getByRole('button', { name: 'Move rule 3 up' }));
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
  expect(fetchClient.put.mock.calls[0].slice(0, 2)).toEqual(['/license-manager/installation-rules/r3', { data: { position: 1 } }]);

  await waitFor(() => expect(isDisabled('Move rule 1 down')).toBe(false));
  fireEvent.click(screen.getByRole('button', { name: 'Move rule 1 down' }));
  await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(2));
  expect(fetchClient.put.mock.calls[1].slice(0, 2)).toEqual(['/license-manager/installation-rules/r1', { data: { position: 2 } }]);
});

test('deleting a rule asks first, then sends the DELETE', async () => {
  await renderRules();
  fetchClient.del.mockResolvedValueOnce({ data: { data: { documentId: 'r2' } } });
  fireEvent.click(screen.getByRole('button', { name: 'Delete rule 2' }));
  await screen.findByText('Delete rule 2? The installations it recognized are recognized again by the other rules.');
  expect(fetchClient.del).not.toHaveBeenCalled();
  fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
  await waitFor(() => expect(fetchClient.del).toHaveBeenCalledWith('/license-manager/installation-rules/r2', {}));
});

test('without installations.manage the rules are read-only', async () => {
  rbac.allowed = { canRead: true };
  await renderRules();
  expect(screen.queryByRole('button', { name: 'Add a rule' })).toBeNull();
  expect(screen.queryByRole('button', { name: /^Move rule/ })).toBeNull();
  expect(screen.queryByRole('button', { name: /^Edit rule/ })).toBeNull();
  expect(screen.queryByRole('button', { name: /^Delete rule/ })).toBeNull();
});

describe('the rule form', () => {
  const typeIn = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
  const choose = async (label: RegExp, option: string) => {
    fireEvent.keyDown(screen.getByRole('combobox', { name: label }), { key: 'ArrowDown' });
    fireEvent.pointerUp(await screen.findByRole('option', { name: option }));
    await act(async () => undefined);
  };

  test('Test shows what the new rule would take, and Save adds it', async () => {
    await renderRules();
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }));
    await screen.findByText('New rule');
    typeIn(/^Name$/, 'Paint');
    await choose(/^Name: how it matches/, 'contains');
    typeIn(/^From version/, '5');
    await choose(/^Software/, 'Paint Pro 5');

    fetchClient.post.mockResolvedValueOnce({
      data: {
        data: [installation('i1', 'Paint Pro'), installation('i2', 'Paint Lite')],
        meta: { pagination: { page: 1, pageSize: 10, pageCount: 3, total: 23 } },
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Test' }));
    const result = await screen.findByTestId('rule-test');
    const sent = { match: { name: { op: 'contains', value: 'Paint' } }, versionMin: '5', versionBelow: null, software: 'sw9', ignore: false };
    expect(fetchClient.post.mock.calls[0]).toEqual(['/license-manager/installation-rules/test', { data: sent }, { params: { pageSize: 10 } }]);
    expect(result.textContent).toContain('This rule would take 23 stored installations.');
    expect(
      within(result)
        .getAllByTestId('rule-test-row')
        .map((r) => r.querySelector('td')!.textContent),
    ).toEqual(['Paint Pro', 'Paint Lite']);

    fetchClient.post.mockResolvedValueOnce({ data: { data: rule('r9', 6) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fetchClient.post).toHaveBeenCalledTimes(2));
    expect(fetchClient.post.mock.calls[1].slice(0, 2)).toEqual(['/license-manager/installation-rules', { data: sent }]);
    await waitFor(() => expect(toggleNotification).toHaveBeenCalledWith({ type: 'success', message: 'Created.' }));
  });

  test("editing fills in the rule, tests it at its position, and shows the server's 400 on its fields", async () => {
    await renderRules();
    fireEvent.click(screen.getByRole('button', { name: 'Edit rule 1' }));
    await screen.findByRole('heading', { name: 'Edit rule 1' });
    expect((screen.getByLabelText(/^Name$/) as HTMLInputElement).value).toBe('office');
    expect((screen.getByLabelText(/^Publisher$/) as HTMLInputElement).value).toBe('Microsoft');
    expect((screen.getByLabelText(/^Below version/) as HTMLInputElement).value).toBe('17');

    await choose(/^Name: how it matches/, 'matches the pattern');
    typeIn(/^Name$/, '(a)\\1');
    fetchClient.post.mockResolvedValueOnce({ data: { data: [], meta: { pagination: { page: 1, pageSize: 10, pageCount: 0, total: 0 } } } });
    fireEvent.click(screen.getByRole('button', { name: 'Test' }));
    expect((await screen.findByTestId('rule-test')).textContent).toBe('This rule would take no stored installation.');
    expect(fetchClient.post.mock.calls[0][1]).toMatchObject({ data: { match: { name: { op: 'regex', value: '(a)\\1' } }, position: 0 } });

    fetchClient.put.mockRejectedValueOnce(
      serverError(400, 'Invalid', {
        errors: [
          { path: ['match', 'name', 'value'], message: 'is not a pattern the rules accept: backreferences', code: 'custom', params: { id: 'pattern' } },
          { path: ['versionBelow'], message: 'must be a later version than the lowest one', code: 'custom', params: { id: 'versionRange' } },
        ],
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('is not a pattern the rules accept (no backreferences or lookarounds)');
    expect(screen.getByText('must be a later version than the lowest one')).toBeTruthy();
    expect(fetchClient.put.mock.calls.at(-1)![0]).toBe('/license-manager/installation-rules/r1');
    expect(toggleNotification).not.toHaveBeenCalled();
  });

  test('an ignoring rule sends no software', async () => {
    await renderRules();
    fireEvent.click(screen.getByRole('button', { name: 'Edit rule 3' }));
    await screen.findByRole('heading', { name: 'Edit rule 3' });
    await choose(/^Result/, 'Ignore the installations');
    expect(screen.queryByRole('combobox', { name: /^Software/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fetchClient.put).toHaveBeenCalledTimes(1));
    expect(fetchClient.put.mock.calls[0][1]).toEqual({
      data: { match: { publisher: { op: 'equals', value: 'Adobe' } }, versionMin: null, versionBelow: '2020', software: null, ignore: true },
    });
  });
});

describe('rule logic', () => {
  test('rulePayload leaves out the parts not matched and empties to null', () => {
    const v = { ...ruleFormValues(), nameValue: 'x', publisherOp: 'regex' as const, publisherValue: '^a', versionBelow: ' 2 ' };
    expect(rulePayload(v)).toEqual({
      match: { name: { op: 'equals', value: 'x' }, publisher: { op: 'regex', value: '^a' } },
      versionMin: null,
      versionBelow: '2',
      software: null,
      ignore: false,
    });
    expect(rulePayload(ruleFormValues(RULES[1]))).toEqual({
      match: { name: { op: 'regex', value: '^teams' } },
      versionMin: null,
      versionBelow: null,
      software: null,
      ignore: true,
    });
  });

  test('exactRule matches the publisher only when there is one', () => {
    expect(exactRule('A', null, { ignore: true })).toEqual({ match: { name: { op: 'equals', value: 'A' } }, ignore: true });
    expect(exactRule('A', 'P', { software: 's' }).match.publisher).toEqual({ op: 'equals', value: 'P' });
  });

  test("ruleFieldOf names the form's field of a 400's path", () => {
    expect(['match.name.value', 'match.name', 'match.publisher.op', 'match', 'ignore', 'software', 'versionMin'].map(ruleFieldOf)).toEqual([
      'nameValue',
      'nameValue',
      'publisherOp',
      'match',
      'software',
      'software',
      'versionMin',
    ]);
  });

  test('movedPosition', () => {
    expect(movedPosition(RULES, 2, -1)).toBe(1);
    expect(movedPosition(RULES, 0, 1)).toBe(2);
    expect(movedPosition(RULES, 1, 1)).toBe(6);
  });
});
