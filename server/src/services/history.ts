/**
 * License history (license-event): append-only, never holds a key value, and keeps the license's
 * documentId and name as plain values so it survives the license's deletion.
 */
import type { Core } from '@strapi/strapi';
import { UID, type EventAction } from '../../../shared/constants';
import type { Pagination } from '../../../shared/contracts/common';
import type { LicenseEvent } from '../../../shared/contracts/licenses';
import { getService } from '../plugin';
import { newDocumentId } from '../db';

export interface EventInput {
  license: { documentId: string; name: string };
  action: EventAction;
  actor: string;
  changes?: Record<string, unknown> | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async record(events: EventInput | EventInput[]) {
    const list = Array.isArray(events) ? events : [events];
    if (!list.length) return;
    const at = new Date();
    await strapi.db.query(UID.event).createMany({
      data: list.map((e) => ({
        documentId: newDocumentId(),
        licenseDocumentId: e.license.documentId,
        licenseName: e.license.name,
        action: e.action,
        actor: e.actor,
        at,
        changes: e.changes ?? null,
        createdAt: at,
        updatedAt: at,
      })),
    });
    // The webhook events these entries make, sent once the write commits.
    await getService(strapi, 'events').queue(list);
  },

  async list(licenseDocumentId: string, page: number, pageSize: number): Promise<{ data: LicenseEvent[]; pagination: Pagination }> {
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
    return {
      data: rows.map((r) => ({
        documentId: r.documentId,
        licenseDocumentId: r.licenseDocumentId,
        licenseName: r.licenseName,
        action: r.action,
        actor: r.actor,
        at: r.at,
        changes: r.changes ?? null,
      })),
      pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total },
    };
  },
});
