/**
 * Installations (docs/domain.md, "Installations"): how a reported software entry is recognized by
 * the ordered recognition rules, how dotted versions compare, and how a reported device is keyed
 * for matching an asset. Pure: the rules, entries and devices come in as values.
 */
import { createHash } from 'node:crypto';
import { RE2JS } from 're2js';
import type { MatchOp } from '../../../shared/constants';
import { compareVersions } from '../../../shared/versions';

export interface TextMatch {
  op: MatchOp;
  value: string;
}

export interface Rule {
  id: number;
  /** Rules are tried by position, lowest first (then by id); the first that matches wins. */
  position: number;
  match: { name?: TextMatch | null; publisher?: TextMatch | null };
  /** The version range, `versionMin` ≤ version < `versionBelow`, each optional. */
  versionMin?: string | null;
  versionBelow?: string | null;
  /** What a match means: this software (its row id), or an entry to ignore (updates, drivers, runtimes). */
  software?: number | null;
  ignore?: boolean;
}

/** A software entry as a device reports it. */
export interface ReportedEntry {
  name: string;
  version: string | null;
  publisher: string | null;
}

export type Recognition = { rule: number; software: number; ignore: false } | { rule: number; software: null; ignore: true } | null;

/** Case-insensitive text as rules compare it: trimmed, lower-cased. */
const folded = (text: string) => text.trim().toLowerCase();

/**
 * A regex pattern compiled with RE2 semantics (re2js): matching takes time linear in the text,
 * whatever the pattern, so no rule can hang the server (no backreferences or lookarounds).
 * Throws RE2JSSyntaxException for a pattern RE2 does not accept; `patternError` says why.
 */
const compiled = new Map<string, RE2JS>();
const COMPILED_KEPT = 1000;
export const compilePattern = (pattern: string): RE2JS => {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    // A small cache: a push tries every rule on every entry.
    if (compiled.size >= COMPILED_KEPT) compiled.delete(compiled.keys().next().value!);
    compiled.set(pattern, re);
  }
  return re;
};

/** Why a pattern is not accepted, or null when it is. */
export const patternError = (pattern: string): string | null => {
  try {
    compilePattern(pattern);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

/** Whether `text` satisfies the match: equal or containing (case-insensitive, trimmed), or the pattern found in it. */
export const matchesText = (m: TextMatch, text: string | null): boolean => {
  if (text === null) return false;
  if (m.op === 'regex') return compilePattern(m.value).matcher(text).find();
  return m.op === 'equals' ? folded(text) === folded(m.value) : folded(text).includes(folded(m.value));
};

/** Whether a version is within `min` ≤ version < `below` (either bound optional); an entry without a version is within no bounded range. */
export const inVersionRange = (version: string | null, min?: string | null, below?: string | null): boolean => {
  if (!min && !below) return true;
  if (version === null || version.trim() === '') return false;
  return (!min || compareVersions(version, min) >= 0) && (!below || compareVersions(version, below) < 0);
};

/** Rules in the order they are tried. */
export const inRuleOrder = <R extends Pick<Rule, 'id' | 'position'>>(rules: R[]): R[] => [...rules].sort((a, b) => a.position - b.position || a.id - b.id);

/** Whether a rule matches an entry: every match it has, and its version range. */
export const ruleMatches = (rule: Rule, entry: ReportedEntry): boolean =>
  (!rule.match.name || matchesText(rule.match.name, entry.name)) &&
  (!rule.match.publisher || matchesText(rule.match.publisher, entry.publisher)) &&
  inVersionRange(entry.version, rule.versionMin, rule.versionBelow);

/** The first rule (in order) that matches the entry, and what it says; null when none does. `rules` are in order already. */
export const recognize = (rules: Rule[], entry: ReportedEntry): Recognition => {
  for (const rule of rules) {
    if (!ruleMatches(rule, entry)) continue;
    if (rule.ignore) return { rule: rule.id, software: null, ignore: true };
    if (rule.software != null) return { rule: rule.id, software: rule.software, ignore: false };
  }
  return null;
};

/** A reported device's identifiers (an inventory's asset tag is the inventory number). */
export interface ReportedDevice {
  hostname: string | null;
  serialNumber: string | null;
  uuid: string | null;
  inventoryNumber?: string | null;
}

/** Identifiers that identify nothing (placeholders firmware and agents report): never matched on. */
const PLACEHOLDERS = new Set([
  'to be filled by o.e.m.',
  'default string',
  'system serial number',
  'not specified',
  'no asset information',
  'no asset tag',
  'none',
  'n/a',
  '0',
  '00000000',
  '123456789',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
]);

/** An identifier as devices are matched on: trimmed and lower-cased; null when empty or a known placeholder. */
export const deviceKey = (value: string | null | undefined): string | null => {
  if (value == null) return null;
  const key = folded(value);
  return key === '' || PLACEHOLDERS.has(key) ? null : key;
};

export const MATCHED_BY = ['serialNumber', 'uuid', 'hostname', 'inventoryNumber'] as const;
export type MatchedBy = (typeof MATCHED_BY)[number];

/**
 * The keys to match a device against the assets, in the order they are tried (docs/domain.md,
 * "Installations"): serial number, uuid, hostname, inventory number; each trimmed and lower-cased,
 * placeholders left out.
 */
export const deviceMatchKeys = (d: ReportedDevice): Array<{ by: MatchedBy; key: string }> =>
  MATCHED_BY.flatMap((by) => {
    const key = deviceKey(d[by]);
    return key ? [{ by, key }] : [];
  });

/* A push ---------------------------------------------------------------------------------------- */

/**
 * An entry's identity on its device: the same name, version and publisher (exactly, as reported) are
 * the same installation. A SHA-256, so the stored key has one length whatever the entry.
 */
export const entryIdentity = (e: ReportedEntry): string =>
  createHash('sha256')
    .update(JSON.stringify([e.name, e.version, e.publisher]))
    .digest('hex');

/** What a device's push does to the installations it has (docs/domain.md, "Installations"): the push replaces its set. */
export interface PushPlan<E extends ReportedEntry> {
  /** Reported now and not before: new installations. */
  added: E[];
  /** Reported before and now: seen again (their last seen moves). */
  kept: E[];
  /** Reported before, missing now: they end. */
  ended: string[];
}

/**
 * A push against the identities a device's installations have: which entries are new, which are
 * seen again, which identities end. Each entry once (a push may report one twice), in the order first reported.
 */
export const planPush = <E extends ReportedEntry>(existing: Iterable<string>, entries: E[]): PushPlan<E> => {
  const before = new Set(existing);
  const seen = new Set<string>();
  const plan: PushPlan<E> = { added: [], kept: [], ended: [] };
  for (const e of entries) {
    const id = entryIdentity(e);
    if (seen.has(id)) continue;
    seen.add(id);
    (before.has(id) ? plan.kept : plan.added).push(e);
  }
  plan.ended = [...before].filter((id) => !seen.has(id));
  return plan;
};
