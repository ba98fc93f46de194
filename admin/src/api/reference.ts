/** Reference data (software, persons, assets, organizations, units, locations, license types): one set of endpoints for all seven. */
import { REFERENCE_RESOURCES, type ReferenceApiPath } from '../resources';
import { API, pluginApi } from './base';
import type { ItemResponse, ListResponse, ReferenceRecord } from './types';

/** The reference lists that show a record of `resource` through a relation (a person's organization, ...). */
const listsShowing = (resource: ReferenceApiPath) =>
  REFERENCE_RESOURCES.filter((r) => r.fields.some((f) => f.kind === 'relation' && f.resource === resource)).map((r) => ({
    type: 'Reference' as const,
    id: r.api,
  }));

/**
 * What changing or deleting a record of `resource` changes besides its own list: the lists that name
 * it, the licenses that show it, and for persons and assets the assignments (a delete takes them
 * along, with their seats, into the history).
 */
const recordWriteTags = (resource: ReferenceApiPath) => [
  { type: 'Reference' as const, id: resource },
  ...listsShowing(resource),
  'License' as const,
  ...(resource === 'persons' || resource === 'assets' ? (['Assignment', 'History'] as const) : []),
];

type Params = Record<string, unknown>;

const referenceApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    referenceList: build.query<ListResponse<ReferenceRecord>, { resource: ReferenceApiPath; params?: Params }>({
      query: ({ resource, params }) => ({ url: `${API}/${resource}`, method: 'GET', config: { params } }),
      providesTags: (_result, _error, { resource }) => [{ type: 'Reference', id: resource }],
    }),
    referenceRecord: build.query<ReferenceRecord, { resource: ReferenceApiPath; documentId: string }>({
      query: ({ resource, documentId }) => `${API}/${resource}/${documentId}`,
      transformResponse: (res: ItemResponse<ReferenceRecord>) => res.data,
      providesTags: (_result, _error, { resource }) => [{ type: 'Reference', id: resource }],
    }),
    createReference: build.mutation<ReferenceRecord, { resource: ReferenceApiPath; data: Params }>({
      query: ({ resource, data }) => ({ url: `${API}/${resource}`, method: 'POST', data: { data } }),
      transformResponse: (res: ItemResponse<ReferenceRecord>) => res.data,
      invalidatesTags: (_result, error, { resource }) => (error ? [] : [{ type: 'Reference', id: resource }]),
    }),
    updateReference: build.mutation<ReferenceRecord, { resource: ReferenceApiPath; documentId: string; data: Params }>({
      query: ({ resource, documentId, data }) => ({ url: `${API}/${resource}/${documentId}`, method: 'PUT', data: { data } }),
      transformResponse: (res: ItemResponse<ReferenceRecord>) => res.data,
      invalidatesTags: (_result, error, { resource }) => (error ? [] : recordWriteTags(resource)),
    }),
    deleteReference: build.mutation<unknown, { resource: ReferenceApiPath; documentId: string }>({
      query: ({ resource, documentId }) => ({ url: `${API}/${resource}/${documentId}`, method: 'DELETE' }),
      invalidatesTags: (_result, error, { resource }) => (error ? [] : recordWriteTags(resource)),
    }),
  }),
});

export const {
  useReferenceListQuery,
  useReferenceRecordQuery,
  useLazyReferenceRecordQuery,
  useCreateReferenceMutation,
  useUpdateReferenceMutation,
  useDeleteReferenceMutation,
} = referenceApi;
