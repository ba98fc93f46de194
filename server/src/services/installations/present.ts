/** Installations as both APIs answer them (docs/api.md, "Installations"). */
import type { Core } from '@strapi/strapi';
import type { InstallationState } from '../../../../shared/constants';
import type { InstallationListRow } from '../../db/installation-list';
import { getService } from '../../plugin';

const DAY_MS = 86_400_000;

/** The moment before which an installation last seen is stale (the setting staleAfterDays). */
export const staleBefore = async (strapi: Core.Strapi, now = new Date()): Promise<Date> =>
  new Date(now.getTime() - (await getService(strapi, 'settings').get()).staleAfterDays * DAY_MS);

/** An installation as the list answers it (docs/api.md, "Installations"). */
export const presentInstallation = (r: InstallationListRow, staleBefore: Date) => {
  const stale = r.lastSeen !== null && r.lastSeen < staleBefore;
  const state: InstallationState = stale ? 'stale' : r.asset ? r.recognition : 'unmatched';
  return {
    documentId: r.documentId,
    rawName: r.rawName,
    rawVersion: r.rawVersion,
    rawPublisher: r.rawPublisher,
    hostname: r.device.hostname,
    serialNumber: r.device.serialNumber,
    uuid: r.device.uuid,
    device: { documentId: r.device.documentId },
    asset: r.asset,
    software: r.software,
    recognition: r.recognition,
    state,
    source: r.source,
    firstSeen: r.firstSeen?.toISOString() ?? null,
    lastSeen: r.lastSeen?.toISOString() ?? null,
  };
};
export type InstallationRead = ReturnType<typeof presentInstallation>;
