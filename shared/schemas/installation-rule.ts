/**
 * A recognition rule as a client writes it (docs/api.md, "Installations"): what it matches in a
 * reported entry (its name, its publisher, or both), an optional version range, and what a match
 * means (a software, or an entry to ignore). Whether a `regex` value is a pattern the rules accept
 * is the server's to say (it compiles it with the engine that runs it).
 */
import { z } from 'zod';
import { MATCH_OPS } from '../constants';
import { customIssue, type FieldError } from '../issues';
import { compareVersions } from '../versions';
import { optionalText, relation, requiredText } from './values';

/** Bounds of a rule's texts. */
export const RULE_TEXT_MAX = { value: 255, version: 64 } as const;
export const RULE_POSITION_MAX = 1_000_000;

const textMatch = z.strictObject(
  {
    op: z.enum(MATCH_OPS, { error: `must be one of ${MATCH_OPS.join(', ')}` }),
    value: requiredText(RULE_TEXT_MAX.value),
  },
  { error: 'must be an object' },
);

const ruleShape = {
  match: z.strictObject({ name: textMatch.optional(), publisher: textMatch.optional() }, { error: 'must be an object' }),
  versionMin: optionalText(RULE_TEXT_MAX.version).optional(),
  versionBelow: optionalText(RULE_TEXT_MAX.version).optional(),
  software: relation().optional(),
  ignore: z.boolean({ error: 'must be true or false' }).optional(),
  position: z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(0)
    .max(RULE_POSITION_MAX, { error: `must be a whole number from 0 to ${RULE_POSITION_MAX}` })
    .optional(),
};

export const installationRuleSchema = z.strictObject(ruleShape, { error: 'must be an object' });
export type InstallationRuleInput = z.output<typeof installationRuleSchema>;

/** An edit sends the fields it changes; the rules across fields are checked on the rule as it would be. */
export const installationRuleUpdateSchema = z.strictObject({ ...ruleShape, match: ruleShape.match.optional() }, { error: 'must be an object' });
export type InstallationRuleUpdateInput = z.output<typeof installationRuleUpdateSchema>;

/** A rule as it would be stored: what the rules across its fields are checked on. */
export interface InstallationRuleValues {
  match: { name?: { op: string; value: string } | null; publisher?: { op: string; value: string } | null };
  versionMin?: string | null;
  versionBelow?: string | null;
  software?: string | null;
  ignore?: boolean;
}

/**
 * Rules across a rule's fields: it matches the name, the publisher or both; it recognizes a software
 * or ignores, one of the two; its version range is not empty.
 */
export const installationRuleErrors = (v: InstallationRuleValues): FieldError[] => {
  const errors: FieldError[] = [];
  if (!v.match.name && !v.match.publisher) {
    errors.push({ path: ['match'], message: 'must match the name, the publisher or both', ...customIssue('ruleMatch') });
  }
  if (v.ignore && v.software) {
    errors.push({ path: ['software'], message: 'must be empty when the rule ignores the entries it matches', ...customIssue('ruleResult') });
  } else if (!v.ignore && !v.software) {
    errors.push({ path: ['software'], message: 'must name the software the rule recognizes, unless it ignores the entries', ...customIssue('ruleResult') });
  }
  if (v.versionMin && v.versionBelow && compareVersions(v.versionMin, v.versionBelow) >= 0) {
    errors.push({ path: ['versionBelow'], message: 'must be a later version than the lowest one', ...customIssue('versionRange') });
  }
  return errors;
};
