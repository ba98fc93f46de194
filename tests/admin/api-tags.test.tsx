/**
 * The admin data layer's cache tags: with the pages' queries mounted, each write refetches exactly
 * the queries showing what it changed, and a refused write refetches nothing.
 * `@strapi/strapi/admin` is replaced by support/strapi-admin.tsx: a real RTK Query `adminApi` over
 * the mocked fetch client.
 */
import './support/jsdom';
import { act, waitFor } from '@testing-library/react';
import { useAllAssignmentsQuery, useSetAssignedMutation, useUnassignMutation } from '../../admin/src/api/assignments';
import { useHistoryQuery } from '../../admin/src/api/history';
import { useDeleteLicenseMutation, useLicenseQuery, useLicensesQuery, useRevealKeyMutation, useUpdateLicenseMutation } from '../../admin/src/api/licenses';
import { useDeleteReferenceMutation, useReferenceListQuery, useUpdateReferenceMutation } from '../../admin/src/api/reference';
import { useSettingsQuery, useUpdateSettingsMutation } from '../../admin/src/api/settings';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError } from './support/strapi-admin';
import { license, page } from './support/fixtures';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

/** What the pages read, by a name for each query. */
const QUERIES = [
  'licenses',
  'lic1',
  'lic2',
  'assignments lic1',
  'assignments lic2',
  'history lic1',
  'history lic2',
  'software',
  'persons',
  'organizations',
  'settings',
] as const;
type QueryName = (typeof QUERIES)[number];

const nameOf = (url: string): QueryName => {
  const m = /^\/license-manager\/(.+)$/.exec(url)![1];
  const sub = /^licenses\/(lic\d)\/(assignments|history)$/.exec(m);
  if (sub) return `${sub[2]} ${sub[1]}` as QueryName;
  return (m.startsWith('licenses/') ? m.slice('licenses/'.length) : m) as QueryName;
};

let mutations: {
  setAssigned: ReturnType<typeof useSetAssignedMutation>[0];
  unassign: ReturnType<typeof useUnassignMutation>[0];
  updateLicense: ReturnType<typeof useUpdateLicenseMutation>[0];
  deleteLicense: ReturnType<typeof useDeleteLicenseMutation>[0];
  revealKey: ReturnType<typeof useRevealKeyMutation>[0];
  updateReference: ReturnType<typeof useUpdateReferenceMutation>[0];
  deleteReference: ReturnType<typeof useDeleteReferenceMutation>[0];
  updateSettings: ReturnType<typeof useUpdateSettingsMutation>[0];
};

const Pages = () => {
  useLicensesQuery({ page: 1 });
  useLicenseQuery('lic1');
  useLicenseQuery('lic2');
  useAllAssignmentsQuery({ licenseId: 'lic1', kind: 'person' });
  useAllAssignmentsQuery({ licenseId: 'lic2', kind: 'person' });
  useHistoryQuery({ licenseId: 'lic1', page: 1, pageSize: 10 });
  useHistoryQuery({ licenseId: 'lic2', page: 1, pageSize: 10 });
  useReferenceListQuery({ resource: 'software' });
  useReferenceListQuery({ resource: 'persons' });
  useReferenceListQuery({ resource: 'organizations' });
  useSettingsQuery();
  mutations = {
    setAssigned: useSetAssignedMutation()[0],
    unassign: useUnassignMutation()[0],
    updateLicense: useUpdateLicenseMutation()[0],
    deleteLicense: useDeleteLicenseMutation()[0],
    revealKey: useRevealKeyMutation()[0],
    updateReference: useUpdateReferenceMutation()[0],
    deleteReference: useDeleteReferenceMutation()[0],
    updateSettings: useUpdateSettingsMutation()[0],
  };
  return null;
};

const fetched = () => fetchClient.get.mock.calls.map(([url]) => nameOf(url)).sort();

/** Mounts every query, waits for their first answers, and forgets those requests. */
const mount = async () => {
  renderWithProviders(<Pages />);
  await waitFor(() => expect(fetched()).toEqual([...QUERIES].sort()));
  fetchClient.get.mockClear();
};

/** Runs a write and returns the queries it refetched. */
const refetchedBy = async (write: () => Promise<unknown>) => {
  await act(async () => {
    await write().catch(() => undefined);
  });
  // Let any refetch start (and none that should not).
  await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
  return fetched();
};

beforeEach(async () => {
  resetStrapiAdmin();
  fetchClient.get.mockImplementation(async (url: string) => {
    const name = nameOf(url);
    if (name === 'lic1' || name === 'lic2') return { data: { data: license({ documentId: name }) } };
    if (name === 'settings') return { data: { data: { expiringWithinDays: 30, defaultCurrency: 'EUR', defaultVatRate: null } } };
    return page([]);
  });
  for (const write of [fetchClient.post, fetchClient.put, fetchClient.del]) write.mockResolvedValue({ data: { data: { value: 'KEY' } } });
  await mount();
});

test('assigning refetches the license, the lists, its assignments and history', async () => {
  expect(await refetchedBy(() => mutations.setAssigned({ licenseId: 'lic1', kind: 'person', ids: ['p1'] }).unwrap())).toEqual(
    ['assignments lic1', 'history lic1', 'lic1', 'licenses'].sort(),
  );
  expect(fetchClient.put).toHaveBeenCalledWith('/license-manager/licenses/lic1/persons', { data: { persons: ['p1'] } }, {});
});

test('unassigning refetches the same', async () => {
  expect(await refetchedBy(() => mutations.unassign({ licenseId: 'lic2', assignmentId: 'a1' }).unwrap())).toEqual(
    ['assignments lic2', 'history lic2', 'lic2', 'licenses'].sort(),
  );
});

test('editing a license refetches it, the lists, its assignments and its history; deleting, all but its assignments', async () => {
  expect(await refetchedBy(() => mutations.updateLicense({ documentId: 'lic1', data: { quantity: 2 } }).unwrap())).toEqual(
    ['assignments lic1', 'history lic1', 'lic1', 'licenses'].sort(),
  );
  fetchClient.get.mockClear();
  expect(await refetchedBy(() => mutations.deleteLicense('lic2').unwrap())).toEqual(['history lic2', 'lic2', 'licenses'].sort());
});

test('revealing a key refetches its license history only', async () => {
  expect(await refetchedBy(() => mutations.revealKey({ licenseId: 'lic1', keyId: 'k1' }).unwrap())).toEqual(['history lic1']);
});

test('a reference record refetches its list, the lists and licenses naming it; a person also the assignments', async () => {
  // Software is named by licenses only.
  expect(await refetchedBy(() => mutations.updateReference({ resource: 'software', documentId: 's1', data: {} }).unwrap())).toEqual(
    ['lic1', 'lic2', 'licenses', 'software'].sort(),
  );
  fetchClient.get.mockClear();
  // Organizations are named by software (manufacturer) and persons too.
  expect(await refetchedBy(() => mutations.updateReference({ resource: 'organizations', documentId: 'o1', data: {} }).unwrap())).toEqual(
    ['lic1', 'lic2', 'licenses', 'organizations', 'persons', 'software'].sort(),
  );
  fetchClient.get.mockClear();
  // A person's delete takes its assignments along, into the history.
  expect(await refetchedBy(() => mutations.deleteReference({ resource: 'persons', documentId: 'p1' }).unwrap())).toEqual(
    ['assignments lic1', 'assignments lic2', 'history lic1', 'history lic2', 'lic1', 'lic2', 'licenses', 'persons'].sort(),
  );
});

test('the settings refetch themselves and every license (the expiring window sets the status)', async () => {
  expect(await refetchedBy(() => mutations.updateSettings({ expiringWithinDays: 10 }).unwrap())).toEqual(['lic1', 'lic2', 'licenses', 'settings'].sort());
});

test('a refused write refetches nothing', async () => {
  fetchClient.put.mockRejectedValue(serverError(409, 'Not enough seats'));
  fetchClient.del.mockRejectedValue(serverError(409, 'In use'));
  expect(await refetchedBy(() => mutations.setAssigned({ licenseId: 'lic1', kind: 'person', ids: ['p1', 'p2'] }).unwrap())).toEqual([]);
  expect(await refetchedBy(() => mutations.updateLicense({ documentId: 'lic1', data: { quantity: 0 } }).unwrap())).toEqual([]);
  expect(await refetchedBy(() => mutations.deleteReference({ resource: 'organizations', documentId: 'o1' }).unwrap())).toEqual([]);
  expect(fetchClient.put).toHaveBeenCalledTimes(2);
  expect(fetchClient.del).toHaveBeenCalledTimes(1);
});
