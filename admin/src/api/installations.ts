/**
 * Installations (docs/api.md, "Installations" and "Reconciliation"): what the devices report, the
 * unrecognized names, the devices matching no asset, the recognition rules and their background
 * re-recognition, and a software's reconciliation lists.
 */
import * as React from 'react';
import { API, pluginApi } from './base';
import { useCsvDownload } from './download';
import type {
  AssetLicense,
  Installation,
  InstallationRule,
  InstallationRuleWrite,
  InventoryDevice,
  ItemResponse,
  ListResponse,
  RecognitionProgress,
  ReconciliationList,
  ReconciliationResponse,
  UnrecognizedName,
} from './types';

type Params = Record<string, string | number | undefined>;

/**
 * What a rule write changes at once: the rules and the progress of the re-recognition it starts. The
 * installations follow in the background: RecognitionProgress refreshes them once it is done.
 */
const RULE_WRITE = ['InstallationRule' as const, 'Installation' as const];
/** What the reconciled position reads: the report's rows and the reconciliation lists. */
export const RECONCILED = [{ type: 'License' as const, id: 'LIST' }, 'Installation' as const];

const installationsApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    installations: build.query<ListResponse<Installation>, Params>({
      query: (params) => ({ url: `${API}/installations`, method: 'GET', config: { params } }),
      providesTags: ['Installation'],
    }),
    unrecognizedInstallations: build.query<ListResponse<UnrecognizedName>, Params>({
      query: (params) => ({ url: `${API}/installations/unrecognized`, method: 'GET', config: { params } }),
      providesTags: ['Installation'],
    }),
    recognition: build.query<RecognitionProgress, void>({
      query: () => `${API}/installations/recognition`,
      transformResponse: (res: ItemResponse<RecognitionProgress>) => res.data,
      providesTags: [{ type: 'InstallationRule', id: 'RECOGNITION' }],
      // Once a re-recognition ends, the installations and the report it changed are read again.
      async onQueryStarted(_arg, { dispatch, getState, queryFulfilled }) {
        const before = installationsApi.endpoints.recognition.select()(getState() as never).data;
        try {
          const { data } = await queryFulfilled;
          if (before && before.pending > 0 && data.pending === 0) dispatch(pluginApi.util.invalidateTags(RECONCILED));
        } catch {
          // A failed poll changes nothing; the next one asks again.
        }
      },
    }),
    assetLicenses: build.query<AssetLicense[], string>({
      query: (asset) => `${API}/assets/${encodeURIComponent(asset)}/licenses`,
      transformResponse: (res: ItemResponse<AssetLicense[]>) => res.data,
      // Every license and assignment write refreshes the license lists, and these with them.
      providesTags: [{ type: 'License', id: 'LIST' }],
    }),
    inventoryDevices: build.query<ListResponse<InventoryDevice>, Params>({
      query: (params) => ({ url: `${API}/inventory-devices`, method: 'GET', config: { params } }),
      providesTags: ['Device'],
    }),
    /** "Link to asset" (`asset: null` unlinks): the device's installations count for that asset from now on. */
    linkDevice: build.mutation<InventoryDevice, { documentId: string; asset: string | null }>({
      query: ({ documentId, asset }) => ({ url: `${API}/inventory-devices/${documentId}`, method: 'PUT', data: { data: { asset } } }),
      transformResponse: (res: ItemResponse<InventoryDevice>) => res.data,
      invalidatesTags: (_result, error) => (error ? [] : ['Device', ...RECONCILED]),
    }),
    installationRules: build.query<InstallationRule[], void>({
      query: () => `${API}/installation-rules`,
      transformResponse: (res: { data: InstallationRule[] }) => res.data,
      providesTags: ['InstallationRule'],
    }),
    createInstallationRule: build.mutation<InstallationRule, InstallationRuleWrite>({
      query: (data) => ({ url: `${API}/installation-rules`, method: 'POST', data: { data } }),
      transformResponse: (res: ItemResponse<InstallationRule>) => res.data,
      invalidatesTags: (_result, error) => (error ? [] : RULE_WRITE),
    }),
    updateInstallationRule: build.mutation<InstallationRule, { documentId: string; data: Partial<InstallationRuleWrite> }>({
      query: ({ documentId, data }) => ({ url: `${API}/installation-rules/${documentId}`, method: 'PUT', data: { data } }),
      transformResponse: (res: ItemResponse<InstallationRule>) => res.data,
      invalidatesTags: (_result, error) => (error ? [] : RULE_WRITE),
    }),
    deleteInstallationRule: build.mutation<unknown, string>({
      query: (documentId) => ({ url: `${API}/installation-rules/${documentId}`, method: 'DELETE' }),
      invalidatesTags: (_result, error) => (error ? [] : RULE_WRITE),
    }),
    /** The stored installations a rule would take, nothing saved: the first `pageSize` and `meta.pagination.total`. */
    testInstallationRule: build.mutation<ListResponse<Installation>, { data: InstallationRuleWrite; pageSize?: number }>({
      query: ({ data, pageSize }) => ({ url: `${API}/installation-rules/test`, method: 'POST', data: { data }, config: { params: { pageSize } } }),
    }),
    reconciliation: build.query<ReconciliationResponse<unknown>, { software: string; list: ReconciliationList; params?: Params }>({
      query: ({ software, list, params }) => ({
        url: `${API}/compliance/${encodeURIComponent(software)}/reconciliation`,
        method: 'GET',
        config: { params: { ...params, list } },
      }),
      providesTags: RECONCILED,
    }),
  }),
});

export const {
  useInstallationsQuery,
  useUnrecognizedInstallationsQuery,
  useRecognitionQuery,
  useInventoryDevicesQuery,
  useAssetLicensesQuery,
  useLinkDeviceMutation,
  useInstallationRulesQuery,
  useCreateInstallationRuleMutation,
  useUpdateInstallationRuleMutation,
  useDeleteInstallationRuleMutation,
  useTestInstallationRuleMutation,
  useReconciliationQuery,
} = installationsApi;

/** Downloads a reconciliation list as CSV: every row, with the report's organization and category. */
export const useExportReconciliation = () => {
  const download = useCsvDownload();
  return React.useCallback(
    (software: string, list: ReconciliationList, params: Params = {}) =>
      download(`/compliance/${encodeURIComponent(software)}/reconciliation`, { ...params, list }, list),
    [download],
  );
};
