/**
 * License history (license-event): append-only, never holds a key value, and keeps the license's
 * documentId and name as plain values so it survives the license's deletion.
 */
import type { Core } from '@strapi/strapi';
import type { EventAction } from '../../../shared/constants';
import type { Pagination } from '../../../shared/contracts/common';
import type { LicenseEvent } from '../../../shared/contracts/licenses';
import { getService } from '../plugin';
import { historyPage, insertHistory } from '../db/history';

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
    await insertHistory(
      strapi,
      list.map((e) => ({ licenseDocumentId: e.license.documentId, licenseName: e.license.name, action: e.action, actor: e.actor, changes: e.changes ?? null })),
      at,
    );
    // The webhook events these entries make, sent once the write commits.
    await getService(strapi, 'events').queue(list);
  },

  async list(licenseDocumentId: string, page: number, pageSize: number): Promise<{ data: LicenseEvent[]; pagination: Pagination }> {
    const { rows, total } = await historyPage(strapi, licenseDocumentId, page, pageSize);
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
