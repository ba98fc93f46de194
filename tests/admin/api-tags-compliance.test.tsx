/**
 * Cache tags of the Compliance page and the Reminders settings: a write refetches the report,
 * the preview and the record exactly when it changes what they show, and a refused write nothing.
 * `@strapi/strapi/admin` is replaced by support/strapi-admin.tsx (a real RTK Query `adminApi`).
 */
import './support/jsdom';
import { act, waitFor } from '@testing-library/react';
import { useSetAssignedMutation } from '../../admin/src/api/assignments';
import { useComplianceQuery } from '../../admin/src/api/compliance';
import { useReminderPreviewQuery, useRemindersQuery, useRunRemindersMutation } from '../../admin/src/api/reminders';
import { useSettingsQuery, useUpdateSettingsMutation } from '../../admin/src/api/settings';
import { renderWithProviders } from './support/render';
import { fetchClient, resetStrapiAdmin, serverError } from './support/strapi-admin';
import { page } from './support/fixtures';

jest.mock('@strapi/strapi/admin', () => jest.requireActual('./support/strapi-admin'));

const QUERIES = ['compliance', 'reminders', 'reminders/preview', 'settings'];

let mutations: {
  setAssigned: ReturnType<typeof useSetAssignedMutation>[0];
  updateSettings: ReturnType<typeof useUpdateSettingsMutation>[0];
  runReminders: ReturnType<typeof useRunRemindersMutation>[0];
};

const Pages = () => {
  useComplianceQuery({ page: 1, pageSize: 10 });
  useReminderPreviewQuery();
  useRemindersQuery({ page: 1, pageSize: 10 });
  useSettingsQuery();
  mutations = {
    setAssigned: useSetAssignedMutation()[0],
    updateSettings: useUpdateSettingsMutation()[0],
    runReminders: useRunRemindersMutation()[0],
  };
  return null;
};

const fetched = () => fetchClient.get.mock.calls.map(([url]) => url.replace('/license-manager/', '')).sort();

const refetchedBy = async (write: () => Promise<unknown>) => {
  renderWithProviders(<Pages />);
  await waitFor(() => expect(fetched()).toEqual(QUERIES));
  fetchClient.get.mockClear();
  await act(async () => {
    await write().catch(() => undefined);
  });
  // Give a refetch the time to start: none may come later than the ones awaited.
  await act(async () => new Promise((r) => setTimeout(r, 50)));
  return fetched();
};

beforeEach(() => {
  resetStrapiAdmin();
  fetchClient.get.mockImplementation(async (url: string) => {
    if (url.endsWith('/compliance'))
      return { data: { ...page([]).data, meta: { ...page([]).data.meta, totals: { software: 0, nonCompliant: 0, atRisk: 0, costs: [] } } } };
    if (url.endsWith('/reminders')) return page([]);
    if (url.endsWith('/reminders/preview')) return { data: { data: [], meta: { on: '2026-11-28' } } };
    return { data: { data: { expiringWithinDays: 30, defaultCurrency: 'EUR', defaultVatRate: null } } };
  });
  const ok = async () => ({ data: { data: {} } });
  fetchClient.put.mockImplementation(ok);
  fetchClient.post.mockImplementation(async () => ({ data: { data: { on: '2026-11-28', sent: 0, alreadySent: 0, failed: 0, messages: 0 } } }));
});

test('an assignment changes the license position and what is due, not the record', async () => {
  expect(await refetchedBy(() => mutations.setAssigned({ licenseId: 'lic1', kind: 'person', ids: ['p1'] }).unwrap())).toEqual([
    'compliance',
    'reminders/preview',
  ]);
});

test('saving the settings refreshes them, the report (the expiring window) and the preview (stages, recipients)', async () => {
  expect(await refetchedBy(() => mutations.updateSettings({ expiringWithinDays: 10 }).unwrap())).toEqual(['compliance', 'reminders/preview', 'settings']);
});

test('a run refreshes the preview and the record, not the report', async () => {
  expect(await refetchedBy(() => mutations.runReminders().unwrap())).toEqual(['reminders', 'reminders/preview']);
});

test('a refused write refetches nothing', async () => {
  fetchClient.put.mockRejectedValue(serverError(400, 'Invalid', { errors: [{ path: ['reminders', 'time'], message: 'must be HH:MM' }] }));
  expect(await refetchedBy(() => mutations.updateSettings({ reminders: { time: '25:00' } }).unwrap())).toEqual([]);
});
