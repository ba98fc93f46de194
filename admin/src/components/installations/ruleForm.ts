/**
 * The rule form's values and the rule they write (docs/api.md, "Installations"): a match on the
 * name, the publisher or both, an optional version range, and a software or "ignore".
 */
import { MATCH_OPS, type MatchOp } from '../../../../shared/constants';
import type { InstallationRule, InstallationRuleWrite, RelationRef, RuleMatch } from '../../api/types';
import type { TranslationKey } from '../../utils/translations';

export { MATCH_OPS };

export interface RuleFormValues {
  /** '' leaves the part out of the rule. */
  nameOp: MatchOp | '';
  nameValue: string;
  publisherOp: MatchOp | '';
  publisherValue: string;
  versionMin: string;
  versionBelow: string;
  outcome: 'software' | 'ignore';
  software: RelationRef | null;
}

export const opLabel = (op: MatchOp) => `rules.op.${op}` as TranslationKey;

export const ruleFormValues = (rule?: InstallationRule | null): RuleFormValues => ({
  nameOp: rule?.match.name?.op ?? (rule ? '' : 'equals'),
  nameValue: rule?.match.name?.value ?? '',
  publisherOp: rule?.match.publisher?.op ?? '',
  publisherValue: rule?.match.publisher?.value ?? '',
  versionMin: rule?.versionMin ?? '',
  versionBelow: rule?.versionBelow ?? '',
  outcome: rule?.ignore ? 'ignore' : 'software',
  software: rule?.software ?? null,
});

const part = (op: MatchOp | '', value: string): RuleMatch | undefined => (op ? { op, value } : undefined);

/**
 * The whole rule, for a create, an edit (a part left out of `match` is taken out of the rule; the
 * empty versions and the software of an ignoring rule are sent as null) and a test alike.
 */
export const rulePayload = (v: RuleFormValues): InstallationRuleWrite => {
  const name = part(v.nameOp, v.nameValue);
  const publisher = part(v.publisherOp, v.publisherValue);
  return {
    match: { ...(name ? { name } : {}), ...(publisher ? { publisher } : {}) },
    versionMin: v.versionMin.trim() || null,
    versionBelow: v.versionBelow.trim() || null,
    software: v.outcome === 'software' ? (v.software?.documentId ?? null) : null,
    ignore: v.outcome === 'ignore',
  };
};

/** The rule "this reported name (and publisher), exactly": what Recognize as… and Ignore add. */
export const exactRule = (rawName: string, rawPublisher: string | null, result: { software: string } | { ignore: true }): InstallationRuleWrite => ({
  match: { name: { op: 'equals', value: rawName }, ...(rawPublisher ? { publisher: { op: 'equals', value: rawPublisher } } : {}) },
  ...result,
});

/** The form field a 400's path names: `match.name.value` is the name's text, `ignore` the result's. */
export const ruleFieldOf = (path: string): string => {
  const m = /^match\.(name|publisher)(?:\.(op|value))?$/.exec(path);
  if (m) return `${m[1]}${m[2] === 'op' ? 'Op' : 'Value'}`;
  if (path === 'ignore') return 'software';
  return path;
};
