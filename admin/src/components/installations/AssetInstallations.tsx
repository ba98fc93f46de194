/** An asset's installations (GET /installations?asset=…), read-only, in its edit window beside its fields. */
import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useApiError } from '../../api/errors';
import { useInstallationsQuery } from '../../api/installations';
import { useT } from '../../utils/translations';
import { InstallationsTable } from './InstallationsTable';
import { LocalPager } from './LocalPager';

export const ASSET_INSTALLATIONS_PAGE_SIZE = 10;

export const AssetInstallations = ({ asset }: { asset: string }) => {
  const t = useT();
  const apiError = useApiError();
  const [page, setPage] = React.useState(1);
  const { data, error, isLoading } = useInstallationsQuery({ asset, page, pageSize: ASSET_INSTALLATIONS_PAGE_SIZE }, { refetchOnMountOrArgChange: true });
  const pagination = data?.meta.pagination;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-labelledby="lm-asset-installations" data-testid="asset-installations">
      <Flex gap={2} alignItems="baseline">
        <Typography variant="delta" tag="h3" id="lm-asset-installations">
          {t('assetInstallations.title')}
        </Typography>
        {pagination && (
          <Typography variant="pi" textColor="neutral600">
            {t('assetInstallations.count', { count: pagination.total })}
          </Typography>
        )}
      </Flex>
      {isLoading ? (
        <Typography textColor="neutral600">{t('list.loading')}</Typography>
      ) : error ? (
        <Typography textColor="danger600">{apiError.describe(error).message}</Typography>
      ) : data?.data.length ? (
        <InstallationsTable rows={data.data} />
      ) : (
        <Box padding={4} background="neutral100" hasRadius>
          <Typography textColor="neutral600">{t('assetInstallations.empty')}</Typography>
        </Box>
      )}
      {pagination && <LocalPager page={page} pageCount={pagination.pageCount} onPage={setPage} />}
    </Flex>
  );
};
