/** A license's history, newest first; it outlives the license. */
import { API, pluginApi } from './base';
import type { LicenseEvent, ListResponse } from './types';

const historyApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    history: build.query<ListResponse<LicenseEvent>, { licenseId: string; page: number; pageSize: number }>({
      query: ({ licenseId, ...params }) => ({ url: `${API}/licenses/${licenseId}/history`, method: 'GET', config: { params } }),
      providesTags: (_result, _error, { licenseId }) => [{ type: 'History', id: licenseId }],
    }),
  }),
});

export const { useHistoryQuery } = historyApi;
