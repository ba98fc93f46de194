/**
 * Self-service (docs/domain.md, "Self-service"): a signed-in Users & Permissions user's own
 * licenses, read only. Their persons are the ones whose `user` they are (when persons have one,
 * ../persons-user) and, with the setting `linkPersonsByEmail`, the ones with their e-mail. Never
 * another person's data, never a key, never a price: each entry names the license, its software,
 * model, validity and status, and the asset it is on (null when assigned to the person).
 */
import type { Core } from '@strapi/strapi';
import type { AssignmentModel } from '../../../shared/constants';
import { dayOfColumn } from '../../../shared/days';
import { licenseStatus, statusWindow } from '../domain/status';
import { licensesOfPersons, personIdsOf } from '../db/me';
import { getService } from '../plugin';
import { personUserRelation } from '../persons-user';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async licenses(user: { id: number; email?: string | null }) {
    const { linkPersonsByEmail, expiringWithinDays } = await getService(strapi, 'settings').get();
    const persons = await personIdsOf(strapi, {
      userId: personUserRelation(strapi) ? user.id : undefined,
      email: linkPersonsByEmail && user.email ? user.email : undefined,
    });
    const window = statusWindow(expiringWithinDays);
    return (await licensesOfPersons(strapi, persons)).map((r) => {
      const validUntil = dayOfColumn(r.validUntil);
      return {
        documentId: r.documentId,
        name: r.name,
        software: r.softwareDocumentId ? { documentId: r.softwareDocumentId, name: r.softwareName ?? '', version: r.softwareVersion ?? null } : null,
        assignmentModel: r.assignmentModel as AssignmentModel,
        validUntil,
        status: licenseStatus(validUntil, window),
        asset: r.assetDocumentId ? { documentId: r.assetDocumentId, name: r.assetName ?? '' } : null,
      };
    });
  },
});
