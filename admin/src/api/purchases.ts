/** A license's purchases (docs/api.md, "Purchases"): the list, and writes that move its seats, validity and history. */
import { API, licenseTags, pluginApi } from './base';
import type { ItemResponse, Purchase, Seats } from './types';

/** Purchase fields as the API writes them (the form's payload). */
export type PurchaseInput = Record<string, unknown>;

/** A write moves the license's seat total and validity, and adds to its history. */
const touched = (documentId: string) => [
  ...licenseTags(documentId),
  { type: 'Purchase' as const, id: documentId },
  { type: 'History' as const, id: documentId },
];

const purchasesApi = pluginApi.injectEndpoints({
  endpoints: (build) => ({
    purchases: build.query<Purchase[], string>({
      query: (documentId) => `${API}/licenses/${documentId}/purchases`,
      transformResponse: (res: { data: Purchase[] }) => res.data,
      // The first purchase is the license's own fields: an edit of the license changes it too.
      providesTags: (_result, _error, documentId) => [
        { type: 'Purchase', id: documentId },
        { type: 'License', id: documentId },
      ],
    }),
    createPurchase: build.mutation<Purchase & { seats: Seats }, { documentId: string; data: PurchaseInput }>({
      query: ({ documentId, data }) => ({ url: `${API}/licenses/${documentId}/purchases`, method: 'POST', data: { data } }),
      transformResponse: (res: ItemResponse<Purchase & { seats: Seats }>) => res.data,
      invalidatesTags: (_result, error, { documentId }) => (error ? [] : touched(documentId)),
    }),
    updatePurchase: build.mutation<Purchase & { seats: Seats }, { documentId: string; purchaseId: string; data: PurchaseInput }>({
      query: ({ documentId, purchaseId, data }) => ({ url: `${API}/licenses/${documentId}/purchases/${purchaseId}`, method: 'PUT', data: { data } }),
      transformResponse: (res: ItemResponse<Purchase & { seats: Seats }>) => res.data,
      invalidatesTags: (_result, error, { documentId }) => (error ? [] : touched(documentId)),
    }),
    deletePurchase: build.mutation<unknown, { documentId: string; purchaseId: string }>({
      query: ({ documentId, purchaseId }) => ({ url: `${API}/licenses/${documentId}/purchases/${purchaseId}`, method: 'DELETE' }),
      invalidatesTags: (_result, error, { documentId }) => (error ? [] : touched(documentId)),
    }),
    renewPurchase: build.mutation<Purchase & { seats: Seats }, { documentId: string; data?: PurchaseInput }>({
      query: ({ documentId, data }) => ({ url: `${API}/licenses/${documentId}/purchases/renew`, method: 'POST', data: { data: data ?? {} } }),
      transformResponse: (res: ItemResponse<Purchase & { seats: Seats }>) => res.data,
      invalidatesTags: (_result, error, { documentId }) => (error ? [] : touched(documentId)),
    }),
  }),
});

export const { usePurchasesQuery, useCreatePurchaseMutation, useUpdatePurchaseMutation, useDeletePurchaseMutation, useRenewPurchaseMutation } = purchasesApi;
