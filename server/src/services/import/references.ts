/**
 * Relations by the name a file gives (docs/api.md: "relations by name"), to the documentId an API
 * write takes: names compared without case, the software with its version when the file has one,
 * an organizational unit within the row's organization. With `createMissing` a name no record
 * has is created through the reference service, as the admin would create it. Answers are kept for
 * the import's run; a row or a batch rolled back forgets what it created.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { LICENSE_FIELDS } from '../../../../shared/fields/license';
import { REFERENCE_RESOURCES, type ReferenceName } from '../../../../shared/fields/reference';
import { importIssue } from '../../../../shared/import/codes';
import { ConflictError } from '../../errors';
import { getService } from '../../plugin';
import { nameKey } from '../../db';
import { referenceDocumentIds, type ReferenceLookup } from '../../db/import';
import { referencesByNameKey } from '../../db/license-bulk';

/** A message never quotes the cell (the report shows it beside; the `license.import` event must not carry it). */
type Problem = { field: string; message: string; code: string; params: Record<string, unknown> };

const targetOf = (field: string): ReferenceName => (LICENSE_FIELDS as Record<string, { target?: ReferenceName }>)[field].target!;

export const referenceResolver = (strapi: Core.Strapi, createMissing: boolean) => {
  const known = new Map<string, string>();
  let createdInRow: string[] = [];
  let created: string[] = [];

  const find = (target: ReferenceName, by: ReferenceLookup): Promise<string[]> => referenceDocumentIds(strapi, target, by);

  /** References found by name key before the rows ran (`prefetch`), by target and name key: a found one is as the row's look-up would find it. */
  const prefetched = new Map<string, string>();
  const byKey = async (target: ReferenceName, key: string): Promise<string[]> => {
    const hit = prefetched.get(`${target}:${key}`);
    return hit ? [hit] : find(target, { nameKey: key });
  };
  /** The name key a look-up of this kind reads first, if any (units and locations are found by name). */
  const keyOf = (target: ReferenceName, name: string, context: { version?: string }): string | null =>
    target === 'software' ? nameKey(name, context.version ?? '') : target === 'categories' || target === 'organizations' ? nameKey(name) : null;

  const lookup = async (target: ReferenceName, name: string, context: { version?: string; organization?: string }): Promise<string[]> => {
    switch (target) {
      case 'software': {
        // An empty version cell is a software without version; with no version at all, the name alone decides.
        const exact = await byKey(target, keyOf(target, name, context)!);
        return exact.length || context.version !== undefined ? exact : find(target, { name });
      }
      case 'categories':
      case 'organizations':
        return byKey(target, keyOf(target, name, context)!);
      case 'organizational-units':
        return find(target, { name, organization: context.organization });
      default:
        return find(target, { name });
    }
  };

  const create = async (target: ReferenceName, name: string, context: { version?: string; organization?: string }) => {
    const data: Record<string, unknown> = { name };
    if (target === 'software' && context.version !== undefined) data.version = context.version;
    if (target === 'organizational-units') data.organization = context.organization;
    const created = await getService(strapi, 'reference').create(target, data);
    return created.documentId as string;
  };

  /**
   * The row's relations as documentIds, or the problems naming each field. Without `creating`,
   * null as soon as one is not found exactly once: nothing is created, no problem reported.
   */
  const resolveWith = async (references: Record<string, string>, creating: boolean): Promise<{ ids: Record<string, string>; problems: Problem[] } | null> => {
    const ids: Record<string, string> = {};
    const problems: Problem[] = [];
    const { softwareVersion, ...named } = references;
    // The organization first: a unit is looked for (and created) in it.
    const order = Object.keys(named).sort((a, b) => Number(b === 'organization') - Number(a === 'organization'));
    for (const field of order) {
      const name = named[field];
      const target = targetOf(field);
      const context = { version: field === 'software' ? softwareVersion : undefined, organization: ids.organization };
      const cacheKey = JSON.stringify([target, name.toLowerCase(), context.version?.toLowerCase(), context.organization]);
      const cached = known.get(cacheKey);
      if (cached) {
        ids[field] = cached;
        continue;
      }
      const found = await lookup(target, name, context);
      // Without creating: a row whose reference is missing or ambiguous is not resolved here.
      if (!creating && found.length !== 1) return null;
      const noun = REFERENCE_RESOURCES[target].noun.toLowerCase();
      if (found.length > 1) {
        problems.push({
          field,
          message:
            target === 'software'
              ? 'several software have this name: give the version in softwareVersion'
              : `several records have this name: rename one, or set this ${noun} in the admin`,
          ...importIssue('ambiguous_reference', { kind: target }),
        });
        continue;
      }
      if (found.length === 1) {
        ids[field] = found[0];
      } else if (!createMissing) {
        problems.push({
          field,
          message: `no ${noun} has this name (createMissing adds it)`,
          ...importIssue('no_reference', { kind: target, option: 'createMissing' }),
        });
        continue;
      } else if (target === 'organizational-units' && !context.organization) {
        problems.push({
          field,
          message: `no ${noun} has this name; give its organization to create it`,
          ...importIssue('unit_needs_organization', { kind: target }),
        });
        continue;
      } else {
        try {
          ids[field] = await create(target, name, context);
        } catch (error) {
          // The reference's own rules (a name too long, say): the problem of this column.
          if (!(error instanceof errors.ValidationError || error instanceof ConflictError)) throw error;
          // The reference's first field error, by its issue, so a client words it too.
          const first = (error.details as { errors?: { code?: string; params?: Record<string, unknown> }[] } | undefined)?.errors?.[0];
          const cause = first?.code ? { code: first.code, params: first.params ?? {} } : undefined;
          problems.push({
            field,
            message: `this ${noun} cannot be created: ${error.message}`,
            ...importIssue('reference_not_created', { kind: target, ...(cause ? { cause } : {}) }),
          });
          continue;
        }
        createdInRow.push(cacheKey);
        created.push(cacheKey);
      }
      known.set(cacheKey, ids[field]);
    }
    return { ids, problems };
  };

  return {
    /** Before each row: what the last row created stays known only if it was kept. */
    startRow() {
      createdInRow = [];
    },
    rowRolledBack() {
      for (const k of createdInRow) known.delete(k);
      createdInRow = [];
    },
    /** A batch rolled back (a dry run's): a later row creates again what its rows created. */
    batchRolledBack() {
      for (const k of created) known.delete(k);
      created = [];
    },

    /**
     * Before the rows run: the references the file names by name key (software, organizations,
     * license types), read 500 per statement instead of one statement per name. Only those found
     * are kept: a name none has yet is looked up again by its row (created meanwhile, say).
     */
    async prefetch(rows: readonly Record<string, string>[]) {
      const wanted = new Map<ReferenceName, Set<string>>();
      for (const { softwareVersion, ...named } of rows) {
        for (const [field, name] of Object.entries(named)) {
          const target = targetOf(field);
          const key = keyOf(target, name, { version: field === 'software' ? softwareVersion : undefined });
          if (key !== null) (wanted.get(target) ?? wanted.set(target, new Set()).get(target)!).add(key);
        }
      }
      for (const [target, keys] of wanted) {
        for (const [key, documentId] of await referencesByNameKey(strapi, target, [...keys])) prefetched.set(`${target}:${key}`, documentId);
      }
    },

    /** The row's relations as documentIds when each is found, none to create and none refused (nothing written); else null. */
    async resolveFound(references: Record<string, string>): Promise<Record<string, string> | null> {
      const resolved = await resolveWith(references, false);
      return resolved && !resolved.problems.length ? resolved.ids : null;
    },

    /** The row's relations as documentIds, or the problems naming each field. */
    resolve: async (references: Record<string, string>) => (await resolveWith(references, true))!,
  };
};
