/** What a rule under test would take: how many stored installations in all, and the first of them. */
import { Flex, Typography } from '@strapi/design-system';
import type { Installation, ListResponse } from '../../api/types';
import { useT } from '../../utils/translations';
import { InstallationsTable } from './InstallationsTable';

export const RuleTestResult = ({ result }: { result: ListResponse<Installation> }) => {
  const t = useT();
  return (
    <Flex direction="column" alignItems="stretch" gap={2} role="status" data-testid="rule-test">
      <Typography textColor="neutral800" fontWeight="bold">
        {t('rules.test.total', { count: result.meta.pagination.total })}
      </Typography>
      {result.data.length > 0 && (
        <>
          <Typography textColor="neutral600">{t('rules.test.first', { count: result.data.length })}</Typography>
          <InstallationsTable rows={result.data} testId="rule-test-row" />
        </>
      )}
    </Flex>
  );
};
