/** A rule in words: what it matches, the versions it takes, and what it makes of them. */
import { Flex, Typography } from '@strapi/design-system';
import type { InstallationRule } from '../../api/types';
import { labelOf } from '../../resources';
import { useT } from '../../utils/translations';
import { ToneBadge } from '../Badges';
import { opLabel } from './ruleForm';

export const RuleMatchText = ({ rule }: { rule: InstallationRule }) => {
  const t = useT();
  const { name, publisher } = rule.match;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {name && <Typography textColor="neutral800">{t('rules.match.name', { op: t(opLabel(name.op)), value: name.value })}</Typography>}
      {publisher && <Typography textColor="neutral800">{t('rules.match.publisher', { op: t(opLabel(publisher.op)), value: publisher.value })}</Typography>}
    </Flex>
  );
};

export const useVersionsText = () => {
  const t = useT();
  return (rule: Pick<InstallationRule, 'versionMin' | 'versionBelow'>) => {
    const { versionMin: min, versionBelow: below } = rule;
    if (min && below) return t('rules.versions.range', { min, below });
    if (min) return t('rules.versions.from', { min });
    if (below) return t('rules.versions.below', { below });
    return t('rules.versions.any');
  };
};

export const RuleResult = ({ rule }: { rule: InstallationRule }) => {
  const t = useT();
  return rule.ignore ? (
    <ToneBadge tone="secondary">{t('rules.result.ignore')}</ToneBadge>
  ) : (
    <Typography textColor="neutral800" fontWeight="bold">
      {labelOf(rule.software) || '-'}
    </Typography>
  );
};
