/** A license's assignments: all of one kind, "set exactly these", unassign one. */
import { API, licenseTags, pluginApi } from './base';
import type { Assignment, ListResponse } from './types';

export type AssignKind = 'person' | 'asset';

/** Writes that change a license's assignments change its seats (item and lists) and history too. */
const assignmentWriteTags = (licenseId: string) => [
  ...licenseTags(licenseId),
  { type: 'Assignment' as const, id: licenseId },
  { type: 'History' as const, id: licenseId },
];

const assignmentsApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    /** Every assignment of a kind, page by page (the API gives at most 100 a page). */
    allAssignments: build.query<Assignment[], { licenseId: string; kind: AssignKind }>({
      async queryFn({ licenseId, kind }, _api, _extra, baseQuery) {
        const all: Assignment[] = [];
        for (let page = 1; ; page++) {
          const res = await baseQuery({
            url: `${API}/licenses/${licenseId}/assignments`,
            method: 'GET',
            config: { params: { kind, page, pageSize: 100 } },
          });
          if (res.error) return { error: res.error };
          const body = res.data as ListResponse<Assignment>;
          all.push(...body.data);
          if (page >= body.meta.pagination.pageCount) return { data: all };
        }
      },
      providesTags: (_result, _error, { licenseId }) => [{ type: 'Assignment', id: licenseId }],
    }),
    setAssigned: build.mutation<unknown, { licenseId: string; kind: AssignKind; ids: string[] }>({
      query: ({ licenseId, kind, ids }) =>
        kind === 'person'
          ? { url: `${API}/licenses/${licenseId}/persons`, method: 'PUT', data: { data: { persons: ids } } }
          : { url: `${API}/licenses/${licenseId}/assets`, method: 'PUT', data: { data: { assets: ids } } },
      invalidatesTags: (_result, error, { licenseId }) => (error ? [] : assignmentWriteTags(licenseId)),
    }),
    unassign: build.mutation<unknown, { licenseId: string; assignmentId: string }>({
      query: ({ licenseId, assignmentId }) => ({ url: `${API}/licenses/${licenseId}/assignments/${assignmentId}`, method: 'DELETE' }),
      invalidatesTags: (_result, error, { licenseId }) => (error ? [] : assignmentWriteTags(licenseId)),
    }),
  }),
});

export const { useAllAssignmentsQuery, useSetAssignedMutation, useUnassignMutation } = assignmentsApi;
