/**
 * Webhook events (docs/api.md, "Events (webhooks)"). Every committed change writes history in its
 * transaction (./history); history hands its entries here, where they wait in the transaction's
 * outbox and are sent through Strapi's event hub (so Strapi's webhook runner delivers them, with its
 * headers and timeouts) once the transaction commits. A rolled-back write sends nothing; the
 * entries of one transaction make one event per license and kind (a PUT with fields and keys is one
 * `license.update`). An import's rows each run in a scope: a row rolled back to its savepoint drops
 * its entries. Seat events are decided under the write's lock, from the seats before and after.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { seatLimited, type AssignmentModel } from '../../../shared/constants';
import { LICENSE_EVENTS, type LicenseEventName } from '../../../shared/events';
import { seats, type Seats } from '../domain/seats';
import { countUsedSeats } from '../db/assignments';
import { inTransaction, joinTransaction } from '../db/events';
import { findLicenseRow, licenseSeatFields } from '../db/licenses';
import type { EventInput } from './history';
import { presenter } from './license/present';
import { seatTotal } from './license/model';

/** An import row's scope: `cancelled` when the row was rolled back to its savepoint. */
export const rowScope = new AsyncLocalStorage<{ cancelled: boolean }>();

/** What waits in a transaction's outbox: history entries, and seat events decided under the lock. */
type Pending =
  | { entry: EventInput; scope?: { cancelled: boolean } }
  | { seatEvent: LicenseEventName; license: Named; seats: Seats; scope?: { cancelled: boolean } };

type Named = { documentId: string; name: string };

const EVENT_OF: Partial<Record<EventInput['action'], LicenseEventName>> = {
  created: 'license.create',
  updated: 'license.update',
  key_added: 'license.update',
  key_removed: 'license.update',
  deleted: 'license.delete',
  assigned: 'license.assign',
  unassigned: 'license.unassign',
  key_revealed: 'license.key-reveal',
  reminder_sent: 'license.expiring',
  purchase_added: 'license.purchase.create',
  purchase_updated: 'license.purchase.update',
  purchase_removed: 'license.purchase.delete',
};

/** Entries that may move the seat total, saying so in `changes.seatsTotal`. */
const PURCHASE_ACTIONS: EventInput['action'][] = ['purchase_added', 'purchase_updated', 'purchase_removed', 'term_changed'];

/** One event per license and kind: changes and keys merged, persons and assets listed together. */
const merge = (into: Record<string, any>, entry: EventInput) => {
  const c = (entry.changes ?? {}) as Record<string, any>;
  switch (entry.action) {
    case 'updated':
      into.changes = { ...into.changes, ...c };
      break;
    case 'key_added':
    case 'key_removed': {
      const keys = (into.changes ??= {}).keys ?? (into.changes.keys = { added: [], removed: [] });
      keys[entry.action === 'key_added' ? 'added' : 'removed'].push({ documentId: c.key, label: c.label ?? null });
      break;
    }
    case 'assigned':
    case 'unassigned':
      into.persons = [...(into.persons ?? []), ...((c.persons as Named[]) ?? [])];
      into.assets = [...(into.assets ?? []), ...((c.assets as Named[]) ?? [])];
      break;
    case 'key_revealed':
      Object.assign(into, { key: { documentId: c.key, label: c.label ?? null }, actor: entry.actor });
      break;
    case 'reminder_sent':
      Object.assign(into, { kind: c.kind, offset: c.offset, dueDate: c.dueDate });
      break;
    case 'purchase_added':
    case 'purchase_updated':
    case 'purchase_removed':
      Object.assign(into, { purchase: { documentId: c.purchase, changes: c.fields ?? {} }, seatsTotal: c.seatsTotal ?? null });
      break;
  }
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const outboxes = new WeakMap<object, Pending[]>();
  const { present } = presenter(strapi);

  /** The license as a read shows it (the license service's read), without keys; a deleted one as its documentId and name. */
  const read = async (license: Named) => {
    const gone = { documentId: license.documentId, name: license.name };
    try {
      const row = await findLicenseRow(strapi, license.documentId);
      return row ? (await present([row], false))[0] : gone;
    } catch {
      return gone;
    }
  };

  /**
   * Whether a webhook listens: the body reads the license again, which an import of thousands of
   * rows should not pay for nobody. Strapi's webhook runner keeps its webhooks by event; where that
   * cannot be read, every event is built and sent.
   */
  const listened = (event: LicenseEventName): boolean => {
    const byEvent = (strapi.get('webhookRunner') as { webhooksMap?: Map<string, { isEnabled?: boolean }[]> } | undefined)?.webhooksMap;
    return !(byEvent instanceof Map) || (byEvent.get(event) ?? []).some((w) => w.isEnabled !== false);
  };

  /** Groups what one transaction committed into one event per license, kind and import row, then emits them. */
  const send = async (list: Pending[]) => {
    const scopes = new Map<object | undefined, number>();
    const groups = new Map<string, { event: LicenseEventName; license: Named; extra: Record<string, any>; scope: number }>();
    for (const p of list) {
      if (p.scope?.cancelled) continue;
      if (!scopes.has(p.scope)) scopes.set(p.scope, scopes.size);
      const scope = scopes.get(p.scope)!;
      const event = 'entry' in p ? EVENT_OF[p.entry.action] : p.seatEvent;
      const license = 'entry' in p ? p.entry.license : p.license;
      if (!event) continue;
      const key = JSON.stringify([event, license.documentId, scope]);
      const group = groups.get(key) ?? { event, license, extra: {}, scope };
      if ('entry' in p) merge(group.extra, p.entry);
      else group.extra.seats = p.seats;
      groups.set(key, group);
    }
    for (const g of groups.values()) {
      if (!listened(g.event)) continue;
      // Key changes in the same transaction as a create or delete are part of it.
      const whole = (event: string) => groups.has(JSON.stringify([event, g.license.documentId, g.scope]));
      if (g.event === 'license.update' && (whole('license.create') || whole('license.delete'))) continue;
      try {
        const license = g.event === 'license.delete' ? { documentId: g.license.documentId, name: g.license.name } : await read(g.license);
        await strapi.eventHub.emit(g.event, { license, ...g.extra });
      } catch (error) {
        strapi.log.error(`license-manager: the ${g.event} event could not be sent: ${(error as Error).message}`);
      }
    }
  };

  /** Seats of a license now, in the write's transaction (under its lock). */
  const seatsNow = async (trx: Knex.Transaction, documentId: string) => {
    const row = await licenseSeatFields(strapi, documentId);
    if (!row) return null;
    const used = await countUsedSeats(strapi, trx, row.id, row.assignmentModel);
    return {
      id: row.id as number,
      model: row.assignmentModel as AssignmentModel,
      quantity: row.quantity,
      extraSeats: Number(row.extraSeats ?? 0),
      overAssignment: row.overAssignment as string,
      seats: seats(seatTotal(row), used),
    };
  };

  /** The seats before one write's entries on a license, from the seats after them and what they changed. */
  const seatsBefore = async (trx: Knex.Transaction, entries: EventInput[], now: NonNullable<Awaited<ReturnType<typeof seatsNow>>>): Promise<Seats> => {
    // The kinds whose assignments the model counts: persons, assets, or both on a site license.
    const counted = now.model === 'per_user' ? ['persons'] : now.model === 'site' ? ['persons', 'assets'] : ['assets'];
    let total = now.seats.total;
    let used = now.seats.used;
    let quantity: number | null = now.quantity;
    for (const e of entries) {
      const c = (e.changes ?? {}) as Record<string, any>;
      // A hardware-counted license's entries say the units they moved; otherwise a seat each.
      const moved = counted.reduce((n, kind) => n + (c[kind] ? Number(c.units ?? (c[kind] as unknown[]).length) : 0), 0);
      if (e.action === 'assigned') used -= moved;
      if (e.action === 'unassigned') used += moved;
      // What the quantity added or took, from the total after (purchases' seats are in both).
      if (e.action === 'updated' && c.quantity) {
        quantity = c.quantity.old;
        if (total !== null) total -= Number(c.quantity.new) - Number(c.quantity.old);
      }
      // An asset's hardware edit: the units it moved on this license.
      if (e.action === 'units_changed' && c.units) used -= Number(c.units.new) - Number(c.units.old);
      if (PURCHASE_ACTIONS.includes(e.action) && c.seatsTotal) total = c.seatsTotal.old === null ? null : Number(c.seatsTotal.old);
      if (e.action === 'updated' && c.assignmentModel) {
        const old = c.assignmentModel.old as AssignmentModel;
        used = await countUsedSeats(strapi, trx, now.id, old);
        // A site license had no total before, or has none now: the old model's own.
        total = seatLimited(old) ? Number(quantity) + now.extraSeats : null;
      }
    }
    return seats(total, used);
  };

  const movesSeats = (e: EventInput) =>
    e.action === 'assigned' ||
    e.action === 'unassigned' ||
    e.action === 'units_changed' ||
    (e.action === 'updated' && Boolean(e.changes?.quantity || e.changes?.assignmentModel)) ||
    (PURCHASE_ACTIONS.includes(e.action) && Boolean(e.changes?.seatsTotal));

  return {
    /** From history.record, inside the write's transaction: the events its entries make, sent after the commit. */
    async queue(entries: EventInput[]) {
      const scope = rowScope.getStore();
      const pending: Pending[] = entries.map((entry) => ({ entry, scope }));
      if (!inTransaction(strapi)) {
        // Written on its own (a reminder's record): committed already.
        void send(pending);
        return;
      }
      await joinTransaction(strapi, async ({ trx, onCommit }) => {
        // Seat events: decided here, under the write's lock, per license the entries moved seats on.
        const seatEvents = listened('license.seats-exhausted') || listened('license.over-allocated');
        for (const documentId of new Set(seatEvents ? entries.filter(movesSeats).map((e) => e.license.documentId) : [])) {
          const now = await seatsNow(trx, documentId);
          if (!now) continue;
          const mine = entries.filter((e) => e.license.documentId === documentId);
          const before = await seatsBefore(trx, mine, now);
          const license = mine[0].license;
          // A site license's seats are never exhausted (available null); a license that was one had seats left.
          if (before.available !== 0 && now.seats.available === 0) pending.push({ seatEvent: 'license.seats-exhausted', license, seats: now.seats, scope });
          if (now.overAssignment === 'allow' && before.shortfall === 0 && now.seats.shortfall > 0) {
            pending.push({ seatEvent: 'license.over-allocated', license, seats: now.seats, scope });
          }
        }
        let box = outboxes.get(trx);
        if (!box) {
          const list: Pending[] = (box = []);
          outboxes.set(trx, list);
          onCommit(() => void send(list));
        }
        box.push(...pending);
      });
    },

    listened,

    /** Sent by the caller after its own commit (the import's report, an inventory push). */
    emit(event: LicenseEventName, body: Record<string, unknown>) {
      if (listened(event)) void strapi.eventHub.emit(event, body);
    },

    /** Registered in bootstrap so Strapi's webhook API accepts them. */
    register() {
      const store = strapi.get('webhookStore');
      for (const [key, { event }] of Object.entries(LICENSE_EVENTS)) store.addAllowedEvent(key, event);
    },
  };
};
