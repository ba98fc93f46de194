/**
 * The race suite's writes on one license (tests/api/races.test.ts): each is fired against every
 * other and itself. The CSV imports (issue 12) are writes like the others: a committed license
 * import row is an edit, a committed assignment import row an assignment.
 */
import type request from 'supertest';
import { maskKey } from '../../../shared/mask';
import type { TestApp } from './app';
import { unique } from './app';
import { created } from './fixtures';
import { csv, withImportFile, type ImportKind } from './import';

export type Method = 'get' | 'post' | 'put' | 'delete';
/** The admin API on this process, or on the second one when `remote` and there is one. */
export type Call = (remote: boolean, method: Method, url: string, body?: unknown) => request.Test;

/** Persons (with their e-mails, for the assignment import) and assets shared by every round. */
export const people = {
  persons: [] as string[],
  emails: [] as string[],
  assets: [] as string[],
  /** The round's person and asset when no write of the round deletes them: one pair for all such rounds. */
  shared: { person: '', personEmail: '', asset: '' },
};

/** A person with an e-mail, so an assignment file can name it. */
export const makeRacePerson = async (app: TestApp) => {
  const lastName = unique('Person');
  const email = `${lastName.replace(/\W+/g, '.').toLowerCase()}@example.test`;
  return { documentId: (await created(app, '/persons', { firstName: 'Race', lastName, email })).documentId, email };
};

export interface Round {
  license: string;
  /** The round's own software: its kept compliance row is checked after the round (docs/domain.md, "Kept compliance rows"). */
  software: string;
  name: string;
  base: 'block' | 'allow';
  /** A person and an asset assigned at the start: the round's own when a write deletes them (`deletesRoundPeople`), else shared. */
  person: string;
  personEmail: string;
  asset: string;
  key: string;
  keyValue: string;
  /** The assignment of persons[0], for the unassign race. */
  assignment: string;
  /** The round's purchase of 2 seats, beside the license's own 8 (docs/domain.md, "Purchases"). */
  purchase: string;
}

export interface Op {
  name: string;
  /** Fields it sets, when it is a license edit (committed when it answers 200); a function when they depend on the round. */
  edit?: Record<string, unknown> | ((r: Round) => Record<string, unknown>);
  run: (r: Round, remote: boolean) => Promise<request.Response>;
  /** Answers it may give; anything else fails the round. */
  allowed: number[];
  /** The label (or, for a key without one, the masked value) of the key it adds on this side of the pair. */
  addsKey?: (remote: boolean) => string;
  /** The key is added unless the license holds it already: there once however many writes committed. */
  keyOnce?: boolean;
  /** It removes the round's base key. */
  removesKey?: boolean;
  /** What is wrong with an allowed answer's body. */
  verify?: (res: request.Response) => string[];
  /** The persons it says it assigned: each must have an `assigned` event. */
  assigned?: (res: request.Response, r: Round) => string[];
  /** The quantity it gives the round's purchase, when it is a purchase edit (committed when it answers 200). */
  purchaseQuantity?: number;
  /** It deletes the round's person or asset: the round makes its own. */
  deletesRoundPeople?: boolean;
}

/** The combined edit's fields: quantity as 'lower quantity' sends it, and a field no other write sends. */
export const EDIT_WITH_KEYS = { quantity: 7, invoiceNumber: 'INV-RACE-EDIT' };
/** Each side of a pair labels the key its combined edit adds, so a self-race can count each one. */
const editLabel = (remote: boolean) => `edit ${remote ? 'B' : 'A'}`;
const NOTES = 'notes edited in a race';
/** The license import's row: quantity and notes as the edits send them, and a key (without label). */
const IMPORTED = { quantity: 7, notes: NOTES };
const IMPORTED_KEY = '-IMPORTED';
/** The name 'rename' gives the round's license: the import's row names it by its old name. */
const renamed = (r: Round) => `${r.name} renamed`;

/** The fields an edit sets in this round. */
export const editOf = (op: Op, r: Round): Record<string, unknown> => (typeof op.edit === 'function' ? op.edit(r) : (op.edit ?? {}));

/** An import's answer: a committed report, a 400 whose details are the report (abort), or a 409 busy. */
const importProblems =
  (onError: 'abort' | 'skip', outcomes: string[]) =>
  (res: request.Response): string[] => {
    if (res.status === 409) return res.body?.error?.details?.cause === 'busy' ? [] : [`409 not busy: ${JSON.stringify(res.body)}`];
    const report = res.status === 200 ? res.body.data : res.body?.error?.details;
    const wrong = (why: string) => [`${why}: ${JSON.stringify(report ?? res.body)}`];
    if (report?.committed !== (res.status === 200) || report.dryRun !== false) return wrong(`answered ${res.status} with this report`);
    if (report.created + report.updated + report.unchanged + report.failed !== report.rows) return wrong('rows not all reported');
    if (report.errors.length < report.failed) return wrong('failed rows without errors');
    if (onError === 'abort' && (res.status === 200) !== (report.failed === 0)) return wrong('abort committed a failed row, or refused none');
    const odd = report.results.filter((x: { outcome: string }) => !outcomes.includes(x.outcome));
    return odd.length ? wrong(`outcomes ${odd.map((x: { outcome: string }) => x.outcome)}`) : [];
  };

/**
 * The base state: 10 seats (the license's quantity 8 and a purchase of 2); 9 persons (one of them this round's) under `block`, 10 under
 * `allow` (full, so an assignment and a switch to block collide); 2 assets; one key.
 */
export const writesOn = (call: Call): Op[] => {
  const edit = (name: string, data: Record<string, unknown>): Op => ({
    name,
    edit: data,
    run: (r, remote) => call(remote, 'put', `/licenses/${r.license}`, { data }),
    allowed: [200, 404, 409],
  });
  const upload = (remote: boolean, kind: ImportKind, rows: (string | number)[][], onError: 'abort' | 'skip') =>
    withImportFile(call(remote, 'post', `/${kind}/import`), kind, csv(rows), { dryRun: 'false', onError });
  return [
    // 7 and the purchase's 2: one seat fewer than the base, as lowering the purchase to 1.
    edit('lower quantity', { quantity: 7 }),
    edit('switch to block', { overAssignment: 'block' }),
    edit('switch to per computer', { assignmentModel: 'per_computer' }),
    edit('edit notes', { notes: NOTES }),
    edit('edit serial number', { serialNumber: 'SERIAL-RACE-1' }),
    {
      // Against the license import: a row matched by the old name must not write it back over a rename
      // committed before the row's lock (it is refused under the lock instead).
      name: 'rename',
      edit: (r) => ({ name: renamed(r) }),
      run: (r, remote) => call(remote, 'put', `/licenses/${r.license}`, { data: { name: renamed(r) } }),
      allowed: [200, 404, 409],
    },
    {
      name: 'assign a person',
      run: (r, remote) => call(remote, 'post', `/licenses/${r.license}/assignments`, { data: { person: people.persons[9] } }),
      allowed: [201, 404, 409],
      assigned: (res) => (res.status === 201 ? [people.persons[9]] : []),
    },
    {
      name: 'assign an asset',
      run: (r, remote) => call(remote, 'post', `/licenses/${r.license}/assignments`, { data: { asset: people.assets[2] } }),
      allowed: [201, 404, 409],
    },
    {
      name: 'set persons',
      // Eight of the nine, and two new: ten.
      run: (r, remote) =>
        call(remote, 'put', `/licenses/${r.license}/persons`, { data: { persons: [...people.persons.slice(0, 8), people.persons[10], people.persons[11]] } }),
      allowed: [200, 404, 409],
    },
    {
      name: 'set assets',
      // Eleven assets: within a per_user license's rights, over a per_computer license's quantity.
      run: (r, remote) => call(remote, 'put', `/licenses/${r.license}/assets`, { data: { assets: people.assets.slice(0, 11) } }),
      allowed: [200, 404, 409],
    },
    {
      name: 'unassign',
      run: (r, remote) => call(remote, 'delete', `/licenses/${r.license}/assignments/${r.assignment}`),
      allowed: [200, 404],
    },
    {
      name: 'delete a person',
      run: (r, remote) => call(remote, 'delete', `/persons/${r.person}`),
      allowed: [200, 404],
      deletesRoundPeople: true,
    },
    {
      name: 'delete an asset',
      run: (r, remote) => call(remote, 'delete', `/assets/${r.asset}`),
      allowed: [200, 404],
      deletesRoundPeople: true,
    },
    {
      name: 'delete the license',
      run: (r, remote) => call(remote, 'delete', `/licenses/${r.license}`),
      allowed: [200, 404],
    },
    {
      name: 'add a purchase',
      run: (r, remote) => call(remote, 'post', `/licenses/${r.license}/purchases`, { data: { quantity: 2, orderNumber: 'PO-RACE' } }),
      allowed: [201, 404],
    },
    {
      name: 'lower the purchase',
      run: (r, remote) => call(remote, 'put', `/licenses/${r.license}/purchases/${r.purchase}`, { data: { quantity: 1 } }),
      // 404: the license or the purchase was deleted; 409: one seat fewer than the seats used under block.
      allowed: [200, 404, 409],
      purchaseQuantity: 1,
    },
    {
      // 8 seats left: under block, always fewer than the 9 persons; under allow, a shortfall.
      name: 'remove the purchase',
      run: (r, remote) => call(remote, 'delete', `/licenses/${r.license}/purchases/${r.purchase}`),
      allowed: [200, 404, 409],
    },
    {
      name: 'add a key',
      run: (r, remote) => call(remote, 'post', `/licenses/${r.license}/keys`, { data: { value: `${r.keyValue}-ADDED`, label: 'added' } }),
      allowed: [201, 404],
      addsKey: () => 'added',
    },
    {
      name: 'remove a key',
      run: (r, remote) => call(remote, 'delete', `/licenses/${r.license}/keys/${r.key}`),
      allowed: [200, 404],
      removesKey: true,
    },
    {
      // One PUT with fields and key changes, in one transaction: raced against itself, both remove the
      // base key (one of them must find it gone: a 400 naming it) and each adds its own key.
      name: 'edit with keys',
      edit: EDIT_WITH_KEYS,
      run: (r, remote) =>
        call(remote, 'put', `/licenses/${r.license}`, {
          data: { ...EDIT_WITH_KEYS, keys: { remove: [r.key], add: [{ value: `${r.keyValue}-EDIT`, label: editLabel(remote) }] } },
        }),
      // 400: the base key was removed meanwhile; 409: quantity 9 below the seats used under block.
      allowed: [200, 400, 404, 409],
      addsKey: editLabel,
      removesKey: true,
    },
    {
      // One row naming the license: an update through the PUT's locks. Raced against itself, the
      // same key arrives twice: the second import must find it held.
      name: 'import license rows',
      edit: IMPORTED,
      run: (r, remote) =>
        upload(
          remote,
          'licenses',
          [
            ['name', ...Object.keys(IMPORTED), 'key'],
            [r.name, ...Object.values(IMPORTED), `${r.keyValue}${IMPORTED_KEY}`],
          ],
          'abort',
        ),
      // 400: the row was refused (quantity below the seats used under block; the license deleted,
      // so the row would create one without software), nothing written; 409: busy (another writer's deadlock).
      allowed: [200, 400, 409],
      addsKey: () => maskKey(IMPORTED_KEY),
      keyOnce: true,
      verify: importProblems('abort', ['updated', 'unchanged', 'failed']),
    },
    {
      // One row naming the round's purchase, lowering it to 1 as 'lower the purchase' does: an edit
      // through the purchase service's lock inside the import's batch transaction.
      name: 'import purchase rows',
      run: (r, remote) =>
        upload(
          remote,
          'purchases',
          [
            ['license', 'documentId', 'quantity'],
            [r.name, r.purchase, 1],
          ],
          'abort',
        ),
      // 400: the row was refused (below the seats used under block; the license renamed or deleted, the purchase removed); 409: busy.
      allowed: [200, 400, 409],
      verify: importProblems('abort', ['updated', 'unchanged', 'failed']),
      purchaseQuantity: 1,
    },
    {
      // Persons 9 and 10 (as 'assign a person' and 'set persons' add them) and the round's person
      // (as 'delete a person' deletes it); under `skip` a row that does not fit is reported, not written.
      name: 'import assignments',
      run: (r, remote) =>
        upload(remote, 'assignments', [['license', 'personEmail'], ...[people.emails[9], people.emails[10], r.personEmail].map((e) => [r.name, e])], 'skip'),
      allowed: [200, 409],
      verify: importProblems('skip', ['created', 'unchanged', 'failed']),
      assigned: (res, r) =>
        res.status !== 200
          ? []
          : res.body.data.results
              .filter((x: { outcome: string }) => x.outcome === 'created')
              .map((x: { name: string }) => {
                const email = x.name.split(' → ')[1];
                return email === r.personEmail ? r.person : people.persons[people.emails.indexOf(email)];
              }),
    },
  ];
};
