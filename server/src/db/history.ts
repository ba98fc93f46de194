/**
 * The license history table (license-event): entries appended, and a license's entries read a
 * page at a time, newest first. It keeps the license's documentId and name as plain values.
 */
import type { Core } from '@strapi/strapi';
import { UID, type EventAction } from '../../../shared/constants';
import { newDocumentId } from './meta';

/** One history entry to append. */
export interface HistoryEntry {
  licenseDocumentId: string;
  licenseName: string;
  action: EventAction;
  actor: string;
  changes: Record<string, unknown> | null;
}

/** Appends entries, all at the same time `at`, in the current transaction when there is one. */
export const insertHistory = async (strapi: Core.Strapi, entries: HistoryEntry[], at: Date): Promise<void> => {
  await strapi.db.query(UID.event).createMany({
    data: entries.map((e) => ({
      documentId: newDocumentId(),
      licenseDocumentId: e.licenseDocumentId,
      licenseName: e.licenseName,
      action: e.action,
      actor: e.actor,
      at,
      changes: e.changes,
      createdAt: at,
      updatedAt: at,
    })),
  });
};

/** One page of a license's history, newest first, and how many entries it has. */
export const historyPage = async (
  strapi: Core.Strapi,
  licenseDocumentId: string,
  page: number,
  pageSize: number,
): Promise<{ rows: Record<string, any>[]; total: number }> => {
  const where = { licenseDocumentId };
  const [rows, total] = await Promise.all([
    strapi.db.query(UID.event).findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      offset: (page - 1) * pageSize,
      limit: pageSize,
    }),
    strapi.db.query(UID.event).count({ where }),
  ]);
  return { rows, total };
};

/** How many history events name this license's documentId (the history outlives the license). */
export const countEventsOfLicense = async (strapi: Core.Strapi, licenseDocumentId: string): Promise<number> =>
  Number(await strapi.db.query(UID.event).count({ where: { licenseDocumentId } }));
