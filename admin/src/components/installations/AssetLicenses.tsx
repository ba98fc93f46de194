/** The licenses that cover an asset (GET /assets/:documentId/licenses), read-only, in its window beside its installations. */
import { Box, Flex, Typography } from '@strapi/design-system';
import { Link } from 'react-router-dom';
import { PLUGIN_ID } from '../../../../shared/constants';
import { useApiError } from '../../api/errors';
import { useAssetLicensesQuery } from '../../api/installations';
import { labelOf } from '../../resources';
import { useT, type TranslationKey } from '../../utils/translations';

export const AssetLicenses = ({ asset }: { asset: string }) => {
  const t = useT();
  const apiError = useApiError();
  const { data, error, isLoading } = useAssetLicensesQuery(asset, { refetchOnMountOrArgChange: true });
  return (
    <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-labelledby="lm-asset-licenses" data-testid="asset-licenses">
      <Typography variant="delta" tag="h3" id="lm-asset-licenses">
        {t('assetLicenses.title')}
      </Typography>
      {isLoading ? (
        <Typography textColor="neutral600">{t('list.loading')}</Typography>
      ) : error ? (
        <Typography textColor="danger600">{apiError.describe(error).message}</Typography>
      ) : data?.length ? (
        <Flex direction="column" alignItems="stretch" gap={2} tag="ul">
          {data.map((license) => (
            <Flex key={license.documentId} tag="li" gap={2} wrap="wrap" data-testid="asset-license">
              <Link to={`/plugins/${PLUGIN_ID}/licenses/${license.documentId}`}>
                <Typography fontWeight="bold" textColor="primary600">
                  {license.name}
                </Typography>
              </Link>
              <Typography textColor="neutral700">
                {[license.software && labelOf(license.software), t(`assignmentModel.${license.assignmentModel}` as TranslationKey)].filter(Boolean).join(' · ')}
              </Typography>
              {license.via === 'user' && (
                <Typography variant="pi" textColor="neutral600">
                  {t('assetLicenses.viaUser')}
                </Typography>
              )}
            </Flex>
          ))}
        </Flex>
      ) : (
        <Box padding={4} background="neutral100" hasRadius>
          <Typography textColor="neutral600">{t('assetLicenses.empty')}</Typography>
        </Box>
      )}
    </Flex>
  );
};
