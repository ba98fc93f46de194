/** Licenses: the list, one license with its masked keys, writes, and a key's reveal. */
import { API, licenseTags, pluginApi } from './base';
import type { ItemResponse, License, ListResponse } from './types';

/** A key to add, as the API writes it. */
export interface KeyInput {
  value: string;
  label?: string;
  activationLimit?: number;
}

/** License fields as the API writes them (the form's payload). */
export type LicenseInput = Record<string, unknown>;

/** An edit: the changed fields, and the keys added and removed, saved together (docs/api.md). */
export type LicenseUpdate = LicenseInput & { keys?: { add: KeyInput[]; remove: string[] } };

const licensesApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    licenses: build.query<ListResponse<License>, Record<string, unknown>>({
      query: (params) => ({ url: `${API}/licenses`, method: 'GET', config: { params } }),
      providesTags: (result) => [{ type: 'License', id: 'LIST' }, ...(result?.data ?? []).map((l) => ({ type: 'License' as const, id: l.documentId }))],
    }),
    license: build.query<License, string>({
      query: (documentId) => `${API}/licenses/${documentId}`,
      transformResponse: (res: ItemResponse<License>) => res.data,
      providesTags: (_result, _error, documentId) => [{ type: 'License', id: documentId }],
    }),
    createLicense: build.mutation<License, LicenseInput & { keys?: KeyInput[] }>({
      query: (data) => ({ url: `${API}/licenses`, method: 'POST', data: { data } }),
      transformResponse: (res: ItemResponse<License>) => res.data,
      invalidatesTags: (_result, error) => (error ? [] : [{ type: 'License', id: 'LIST' }]),
    }),
    updateLicense: build.mutation<License, { documentId: string; data: LicenseUpdate }>({
      query: ({ documentId, data }) => ({ url: `${API}/licenses/${documentId}`, method: 'PUT', data: { data } }),
      transformResponse: (res: ItemResponse<License>) => res.data,
      // The model or quantity may change which assignments use seats; the history gets the edit.
      invalidatesTags: (_result, error, { documentId }) =>
        error ? [] : [...licenseTags(documentId), { type: 'Assignment', id: documentId }, { type: 'History', id: documentId }],
    }),
    deleteLicense: build.mutation<unknown, string>({
      query: (documentId) => ({ url: `${API}/licenses/${documentId}`, method: 'DELETE' }),
      invalidatesTags: (_result, error, documentId) => (error ? [] : [...licenseTags(documentId), { type: 'History', id: documentId }]),
    }),
    revealKey: build.mutation<string, { licenseId: string; keyId: string }>({
      query: ({ licenseId, keyId }) => ({ url: `${API}/licenses/${licenseId}/keys/${keyId}/reveal`, method: 'POST' }),
      transformResponse: (res: ItemResponse<{ value: string }>) => res.data.value,
      // Each reveal is written to the history.
      invalidatesTags: (_result, error, { licenseId }) => (error ? [] : [{ type: 'History', id: licenseId }]),
    }),
  }),
});

export const {
  useLicensesQuery,
  useLicenseQuery,
  useLazyLicenseQuery,
  useCreateLicenseMutation,
  useUpdateLicenseMutation,
  useDeleteLicenseMutation,
  useRevealKeyMutation,
} = licensesApi;
