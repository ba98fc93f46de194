/** The plugin settings (Settings > License Manager). */
import { API, pluginApi } from './base';
import type { ItemResponse, Settings, SettingsRead } from './types';

const settingsApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    settings: build.query<SettingsRead, void>({
      query: () => `${API}/settings`,
      transformResponse: (res: ItemResponse<SettingsRead>) => res.data,
      providesTags: ['Settings'],
    }),
    updateSettings: build.mutation<Settings, Partial<Record<keyof Settings, unknown>>>({
      query: (data) => ({ url: `${API}/settings`, method: 'PUT', data: { data } }),
      transformResponse: (res: ItemResponse<Settings>) => res.data,
      // The expiring window decides every license's status.
      invalidatesTags: (_result, error) => (error ? [] : ['Settings', 'License']),
    }),
  }),
});

export const { useSettingsQuery, useUpdateSettingsMutation } = settingsApi;
