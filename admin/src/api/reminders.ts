/** Renewal reminders (docs/api.md, "Renewal reminders"): what a run would send, a run now, and the record of what was sent. */
import { API, pluginApi } from './base';
import type { ItemResponse, ListResponse, Reminder, ReminderPreviewItem, ReminderRunReport } from './types';

const remindersApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    reminderPreview: build.query<ReminderPreviewItem[], { on?: string } | void>({
      query: (params) => ({ url: `${API}/reminders/preview`, method: 'GET', config: { params: params ?? {} } }),
      transformResponse: (res: { data: ReminderPreviewItem[] }) => res.data,
      // What is due follows the settings (offsets, kinds, recipients), the licenses' dates and what was sent.
      providesTags: ['Settings', { type: 'License', id: 'LIST' }, { type: 'Reminder', id: 'LIST' }],
    }),
    reminders: build.query<ListResponse<Reminder>, { page: number; pageSize: number; license?: string }>({
      query: (params) => ({ url: `${API}/reminders`, method: 'GET', config: { params } }),
      providesTags: [{ type: 'Reminder', id: 'LIST' }],
    }),
    runReminders: build.mutation<ReminderRunReport, { on?: string } | void>({
      query: (data) => ({ url: `${API}/reminders/run`, method: 'POST', data: data ? { data } : {} }),
      transformResponse: (res: ItemResponse<ReminderRunReport>) => res.data,
      // A run records reminders and writes each sent one to its license's history.
      invalidatesTags: (_result, error) => (error ? [] : [{ type: 'Reminder', id: 'LIST' }, 'History']),
    }),
  }),
});

export const { useReminderPreviewQuery, useRemindersQuery, useRunRemindersMutation } = remindersApi;
