/** A license's purchases as the admin and content APIs answer them (docs/api.md, "Purchases"). */
import type { z } from 'zod';
import type { PURCHASE_FIELDS } from '../fields/purchase';
import type { purchaseCreateSchema, purchaseRenewSchema, purchaseUpdateSchema } from '../schemas';
import type { FieldsOf, ItemResponse } from './common';

/** A purchase read. The first is the license's own fields (`first: true`, its documentId the license's), read-only here. */
export interface Purchase extends FieldsOf<typeof PURCHASE_FIELDS> {
  documentId: string;
  first: boolean;
  /** Its term holds today (docs/domain.md, "Purchases"): its seats count. */
  active: boolean;
  createdAt: string | null;
  updatedAt: string | null;
}

/** `GET /licenses/:documentId/purchases`: every purchase, the first first, then in term order. */
export interface GetPurchasesResponse {
  data: Purchase[];
  meta: Record<string, unknown>;
}

export interface CreatePurchaseRequest {
  params: { documentId: string };
  body: { data: z.input<typeof purchaseCreateSchema> };
}
export interface UpdatePurchaseRequest {
  params: { documentId: string; purchaseDocumentId: string };
  body: { data: z.input<typeof purchaseUpdateSchema> };
}
export interface RenewPurchaseRequest {
  params: { documentId: string };
  body?: { data?: z.input<typeof purchaseRenewSchema> };
}
/** Every purchase write answers the purchase and the license's seats after it. */
export type PurchaseWriteResponse = ItemResponse<Purchase & { seats: { total: number; used: number; available: number; shortfall: number } }>;
