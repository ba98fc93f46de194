/**
 * The compliance report (docs/api.md, "Compliance"): one row per software with its license position,
 * the daily trend, and the CSV export of the same rows.
 */
import * as React from 'react';
import { API, pluginApi } from './base';
import { useCsvDownload } from './download';
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

/** Downloads `/compliance/export?format=csv` with the list's query (page and pageSize do not apply). */
export const useExportCompliance = () => {
  const download = useCsvDownload();
  return React.useCallback(
    (params: ComplianceParams) => download('/compliance/export', { ...params, page: undefined, pageSize: undefined }, 'compliance'),
    [download],
  );
};
