/**
 * The compliance report (docs/api.md, "Compliance"): one row per software with its license position,
 * the daily trend, and the CSV export of the same rows.
 */
import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { API, pluginApi } from './base';
import type { ComplianceResponse, TrendPoint } from './types';

/** The list's query as the API takes it: filters, search, sort, page. */
export type ComplianceParams = Record<string, string | number | undefined>;

const complianceApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    compliance: build.query<ComplianceResponse, ComplianceParams>({
      query: (params) => ({ url: `${API}/compliance`, method: 'GET', config: { params } }),
      // Positions follow every license, assignment and settings write, which all refresh the lists.
      providesTags: [{ type: 'License', id: 'LIST' }],
    }),
    complianceTrend: build.query<TrendPoint[], { days: number; software?: string }>({
      query: (params) => ({ url: `${API}/compliance/trend`, method: 'GET', config: { params } }),
      transformResponse: (res: { data: TrendPoint[] }) => res.data,
    }),
  }),
});

export const { useComplianceQuery, useComplianceTrendQuery } = complianceApi;

/** The file name the browser saves: the server's, or one with today's date. */
const fileNameOf = (disposition: string | null | undefined) =>
  /filename="?([^";]+)"?/.exec(disposition ?? '')?.[1] ?? `compliance-${new Date().toISOString().slice(0, 10)}.csv`;

/**
 * Downloads `/compliance/export?format=csv` with the list's query. It goes through the admin's fetch
 * client, which sends the user's token (a plain link would not), and saves the answer as a file.
 */
export const useExportCompliance = () => {
  const { get } = useFetchClient();
  return React.useCallback(
    async (params: ComplianceParams) => {
      const res = (await get(`${API}/compliance/export`, {
        params: { ...params, page: undefined, pageSize: undefined, format: 'csv' },
        responseType: 'blob',
      })) as { data: Blob; headers?: Headers };
      const url = URL.createObjectURL(res.data);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameOf(res.headers?.get?.('content-disposition'));
      document.body.appendChild(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
    },
    [get]
  );
};
