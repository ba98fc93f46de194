/**
 * Assignments of persons and assets to licenses, and the seat rule: under `block`, no sequence or
 * concurrency of requests makes `used` exceed the seat total (quantity + what purchases add). Every
 * write locks and reads the license row in its transaction (SELECT ... FOR UPDATE on PostgreSQL and
 * MySQL; SQLite serializes writers) and decides on that row's total, policy and model, then counts and writes in the
 * same transaction; unique indexes on (license, person) and (license, asset) stop duplicates even
 * without the lock.
 *
 * Lock order, the same in every write, so two writers never wait on each other in a cycle: the
 * persons or assets being assigned (shared, so a concurrent delete of one waits or wins first),
 * then the license. Deleting a person or asset locks it, then each license it is assigned to.
 * Each write sets the license's kept seat counts again before it commits (see seat-counts).
 */
import type { Core } from '@strapi/strapi';
import type { Scope } from '../scope';
import { idsOutsideScope } from '../db/scope';
import type { Knex } from 'knex';
import { UID, type AssignmentModel } from '../../../shared/constants';
import type { Assignment } from '../../../shared/contracts/licenses';
import { DOCUMENT_ID } from '../../../shared/schemas';
import { countedKind, seats, usedSeats, type Seats } from '../domain/seats';
import { countsHardware, unitsOf } from '../../../shared/units';
import { ConflictError, customMessage, invalidField, notFound } from '../errors';
import { idsByDocumentId, isUniqueViolation, lockIds, newDocumentId } from '../db';
import {
  assignedOfKind,
  assignmentPage,
  assignmentsOfTarget,
  countUsedSeats,
  hardwareOf,
  deleteAssignment,
  deleteAssignments,
  findAssignment,
  insertAssignment,
  insertAssignments,
  isAssigned,
  keyIdOfLicense,
  KIND_UID,
  licenseNames,
  namedRows,
  targetIdOf,
  type AssignmentRow,
  type Kind,
} from '../db/assignments';
import { licenseIdOf, withLicense } from '../db/licenses';
import { seatTotal, type LockedLicense } from './license/model';
import { getService } from '../plugin';

export type { Kind } from '../db/assignments';

/** What an `assigned` or `unassigned` history entry adds on a hardware-counted license: the units moved (the events' seats before, services/events). */
const unitsMoved = (model: AssignmentModel, units: number) => (countsHardware(model) ? { units } : {});

const named = (kind: Kind, row: Record<string, any>) => ({
  documentId: row.documentId as string,
  name: kind === 'person' ? [row.firstName, row.lastName].filter(Boolean).join(' ') : (row.name as string),
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** After a write of the license's assignments, under its lock: its kept counts set again (see seat-counts), and its seats. */
  const recountSeats = async (trx: Knex.Transaction, license: LockedLicense) => {
    const counts = await getService(strapi, 'seatCounts').recount(trx, [license.id]);
    return seats(seatTotal(license), usedSeats(license.assignmentModel, counts));
  };

  /**
   * The units each asset uses of this license (1 unless it counts hardware), from the hardware read
   * under the assets' shared locks; a 400 naming a person sent to a hardware-counted license, or an
   * asset whose cores a per-core license cannot count. `path` names the field (and index) in the request.
   */
  const unitsFor = async (trx: Knex.Transaction, license: LockedLicense, kind: Kind, ids: number[], path: (i: number) => string | string[]) => {
    const units = new Map<number, number>(ids.map((id) => [id, 1]));
    if (!countsHardware(license.assignmentModel) || !ids.length) return units;
    if (kind === 'person') throw invalidField(path(0), customMessage('assetsOnly'), 'assetsOnly');
    const hardware = await hardwareOf(strapi, trx, ids);
    ids.forEach((id, i) => {
      const counted = unitsOf(license, hardware.get(id) ?? { processors: 1, coresPerProcessor: null });
      if (counted === null) throw invalidField(path(i), customMessage('noCores'), 'noCores');
      units.set(id, counted);
    });
    return units;
  };

  const refuse = (license: LockedLicense, requested: number, available: number, used: number): never => {
    throw new ConflictError(`Not enough seats: ${requested} requested, ${available} available`, {
      requested,
      available,
      used,
      total: seatTotal(license),
    });
  };

  const present = async (rows: Record<string, any>[]): Promise<Assignment[]> =>
    rows.map((r) => ({
      documentId: r.documentId,
      person: r.person
        ? { documentId: r.person.documentId, firstName: r.person.firstName ?? null, lastName: r.person.lastName, email: r.person.email ?? null }
        : null,
      asset: r.asset
        ? { documentId: r.asset.documentId, name: r.asset.name, inventoryNumber: r.asset.inventoryNumber ?? null, hostname: r.asset.hostname ?? null }
        : null,
      key: r.key ? { documentId: r.key.documentId, label: r.key.label ?? null, maskedValue: r.key.maskedValue } : null,
      assignedAt: r.assignedAt,
      assignedBy: r.assignedBy ?? null,
      note: r.note ?? null,
    }));

  return {
    countUsed: (trx: Knex.Transaction | null, licenseId: number, model: AssignmentModel) => countUsedSeats(strapi, trx, licenseId, model),

    async list(licenseDocumentId: string, kind: Kind | undefined, page: number, pageSize: number) {
      if (!DOCUMENT_ID.test(licenseDocumentId)) throw notFound('License');
      const licenseId = await licenseIdOf(strapi, licenseDocumentId);
      if (licenseId === undefined) throw notFound('License');
      const { rows, total } = await assignmentPage(strapi, licenseId, kind, page, pageSize);
      return { data: await present(rows), pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
    },

    /**
     * Makes exactly the given persons (or assets) assigned: adds the new, removes the unticked,
     * all in one transaction, or refuses with 409 and changes nothing.
     */
    async setAssigned(licenseDocumentId: string, kind: Kind, documentIds: string[], actor: string, scope: Scope = null) {
      const wanted = [...new Set(documentIds)];
      /** A 400 naming the first wanted documentId that has no row (among `present`, when given). */
      const refuseMissing = (ids: Map<string, number>, present?: Set<number>) => {
        const missing = wanted.findIndex((d) => !ids.has(d) || (present !== undefined && !present.has(ids.get(d)!)));
        if (missing >= 0) {
          throw invalidField([`${kind}s`, String(documentIds.indexOf(wanted[missing]))], `refers to no ${kind} (documentId ${wanted[missing]})`, 'noRecord');
        }
      };
      const ids = await idsByDocumentId(strapi, KIND_UID[kind], wanted);
      refuseMissing(ids);

      const result = await withLicense(
        strapi,
        licenseDocumentId,
        async (license, trx) => {
          const current = await assignedOfKind(strapi, trx, license.id, kind);
          const currentIds = new Set<number>(current.map((r) => r.target));
          const wantedIds = new Set<number>(wanted.map((d) => ids.get(d)!));
          const toAdd = [...wantedIds].filter((id) => !currentIds.has(id));
          // Under a scope, only its persons and assets are added (those assigned already may stay); others are as unknown.
          if (scope) {
            const outside = new Set(await idsOutsideScope(strapi, KIND_UID[kind], toAdd, scope));
            refuseMissing(ids, new Set([...wantedIds].filter((id) => !outside.has(id))));
          }
          const removed = current.filter((r) => !wantedIds.has(r.target));
          const toRemove = removed.map((r) => r.id);
          const units = await unitsFor(trx, license, kind, toAdd, (i) => [
            `${kind}s`,
            String(documentIds.indexOf(wanted.find((d) => ids.get(d) === toAdd[i])!)),
          ]);

          const total = seatTotal(license);
          if (total !== null && countedKind(license.assignmentModel) === kind && license.overAssignment === 'block' && toAdd.length) {
            // In units: a seat each, or the cores or processors each asset counts.
            const unitsOfRow = (r: { units: number }) => (countsHardware(license.assignmentModel) ? r.units : 1);
            const used = current.reduce((sum, r) => sum + unitsOfRow(r), 0);
            const kept = used - removed.reduce((sum, r) => sum + unitsOfRow(r), 0);
            const requested = toAdd.reduce((sum, id) => sum + units.get(id)!, 0);
            if (kept + requested > total) refuse(license, requested, Math.max(0, total - kept), used);
          }
          await deleteAssignments(strapi, trx, toRemove);
          await insertAssignments(strapi, trx, license.id, kind, toAdd, actor, (id) => units.get(id)!);
          if (toAdd.length || toRemove.length) {
            const removedIds = removed.map((r) => r.target);
            await getService(strapi, 'history').record([
              ...(toAdd.length
                ? [
                    {
                      license,
                      action: 'assigned' as const,
                      actor,
                      changes: {
                        [`${kind}s`]: await describe(kind, toAdd),
                        ...unitsMoved(
                          license.assignmentModel,
                          toAdd.reduce((sum, id) => sum + units.get(id)!, 0),
                        ),
                      },
                    },
                  ]
                : []),
              ...(toRemove.length
                ? [
                    {
                      license,
                      action: 'unassigned' as const,
                      actor,
                      changes: {
                        [`${kind}s`]: await describe(kind, removedIds),
                        ...unitsMoved(
                          license.assignmentModel,
                          removed.reduce((sum, r) => sum + r.units, 0),
                        ),
                      },
                    },
                  ]
                : []),
            ]);
          }
          return { seats: await recountSeats(trx, license) };
        },
        // The wanted persons (or assets) first: one deleted meanwhile is a 400, not a broken row.
        { before: async (trx) => refuseMissing(ids, await lockIds(strapi, trx, KIND_UID[kind], [...ids.values()], 'share')) },
      );
      return { assigned: wanted, seats: result.seats as Seats };
    },

    /** Adds one assignment; 409 when no seat is left (under block) or it already exists. */
    async add(
      licenseDocumentId: string,
      input: { person?: string; asset?: string; key?: string | null; note?: string | null },
      actor: string,
      scope: Scope = null,
    ) {
      const kind: Kind = input.person ? 'person' : 'asset';
      const targetId = await targetIdOf(strapi, kind, input[kind]);
      // Under a scope, a person or asset outside it is as unknown.
      if (targetId === undefined || (scope && (await idsOutsideScope(strapi, KIND_UID[kind], [targetId], scope)).length)) {
        throw invalidField(kind, `refers to no ${kind} (documentId ${input[kind]})`, 'noRecord');
      }
      const documentId = newDocumentId();
      try {
        const { row, seats: s } = await withLicense(
          strapi,
          licenseDocumentId,
          async (license, trx) => {
            let keyId: number | null = null;
            if (input.key) {
              // Read under the license's lock, which key removal also takes.
              const key = await keyIdOfLicense(strapi, input.key, license.id);
              if (key === undefined) throw invalidField('key', 'refers to no key of this license', 'notKeyOfLicense');
              keyId = key;
            }
            if (await isAssigned(strapi, trx, license.id, kind, targetId))
              throw new ConflictError(`This ${kind} is already assigned to the license`, { [kind]: input[kind] });
            const units = (await unitsFor(trx, license, kind, [targetId], () => kind)).get(targetId)!;
            const total = seatTotal(license);
            if (total !== null && countedKind(license.assignmentModel) === kind && license.overAssignment === 'block') {
              const used = await countUsedSeats(strapi, trx, license.id, license.assignmentModel);
              if (used + units > total) refuse(license, units, Math.max(0, total - used), used);
            }
            await insertAssignment(strapi, trx, { documentId, licenseId: license.id, kind, targetId, keyId, actor, note: input.note ?? null, units });
            await getService(strapi, 'history').record({
              license,
              action: 'assigned',
              actor,
              changes: { [`${kind}s`]: await describe(kind, [targetId]), ...unitsMoved(license.assignmentModel, units) },
            });
            // Read back before the commit: once committed, a concurrent unassign or delete of the
            // person or asset may remove it before this request answers.
            const row = (await findAssignment(strapi, documentId)) as AssignmentRow;
            return { row, seats: await recountSeats(trx, license) };
          },
          {
            before: async (trx) => {
              if (!(await lockIds(strapi, trx, KIND_UID[kind], [targetId], 'share')).size) {
                throw invalidField(kind, `refers to no ${kind} (documentId ${input[kind]})`, 'noRecord');
              }
            },
          },
        );
        return { ...(await present([row]))[0], seats: s };
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`This ${kind} is already assigned to the license`, { [kind]: input[kind] });
        throw error;
      }
    },

    async remove(licenseDocumentId: string, assignmentDocumentId: string, actor: string) {
      if (!DOCUMENT_ID.test(assignmentDocumentId)) throw notFound('Assignment');
      const s = await withLicense(strapi, licenseDocumentId, async (license, trx) => {
        const row = await findAssignment(strapi, assignmentDocumentId, license.id);
        if (!row) throw notFound('Assignment');
        const kind: Kind = row.person ? 'person' : 'asset';
        await deleteAssignment(strapi, trx, row.id);
        await getService(strapi, 'history').record({
          license,
          action: 'unassigned',
          actor,
          changes: { [`${kind}s`]: [named(kind, row[kind])], ...unitsMoved(license.assignmentModel, Number(row.units ?? 1)) },
        });
        return recountSeats(trx, license);
      });
      return { documentId: assignmentDocumentId, seats: s };
    },

    /**
     * Removes every assignment of a person or asset that is being deleted, with an `unassigned`
     * event on each license. Runs inside the caller's transaction, after the caller locked the
     * person or asset (so no new assignment of it can start): locks each of its licenses, then
     * reads its assignments again under those locks, so a license deleted or unassigned meanwhile
     * gets no event.
     */
    async removeAllOf(trx: Knex.Transaction, kind: Kind, targetId: number, targetDocumentId: string, actor: string) {
      const ofTarget = assignmentsOfTarget(strapi, trx, kind, targetId);
      const licenseIds = await ofTarget.licenseIds();
      if (!licenseIds.length) return 0;
      await lockIds(strapi, trx, UID.license, licenseIds, 'update');
      const rows = await ofTarget.lockRows();
      if (!rows.length) return 0;
      const [target] = await describe(kind, [targetId]);
      await ofTarget.delete();
      await getService(strapi, 'seatCounts').recount(
        trx,
        rows.map((r) => Number(r.license)),
      );
      const licenses = await licenseNames(strapi, [...new Set(rows.map((r) => r.license))]);
      const unitsOn = new Map(rows.map((r) => [Number(r.license), r.units]));
      await getService(strapi, 'history').record(
        licenses.map(({ id, assignmentModel, ...license }) => ({
          license,
          action: 'unassigned' as const,
          actor,
          changes: {
            [`${kind}s`]: [target ?? { documentId: targetDocumentId }],
            reason: `${kind} deleted`,
            ...unitsMoved(assignmentModel, unitsOn.get(id) ?? 1),
          },
        })),
      );
      return rows.length;
    },
  };

  /** Persons and assets as the history shows them: documentId and a readable name. */
  async function describe(kind: Kind, ids: number[]) {
    if (!ids.length) return [];
    return (await namedRows(strapi, kind, ids)).map((r) => named(kind, r));
  }
};
