import type { ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import { useLicensesQuery } from '../api/licenses';
import type { License } from '../api/types';
import { PLUGIN_ID } from '../pluginId';
import { useT } from '../utils/translations';
import { StatusBadge } from './Badges';
import { useFormatDay } from '../utils/formatDates';
import { useUsedOfTotal } from './SeatsBar';

const LIST = `/plugins/${PLUGIN_ID}/licenses`;

const Group = ({ title, link, query, render }: { title: string; link: string; query: Record<string, unknown>; render: (l: License) => ReactNode }) => {
  const t = useT();
  const { data, error, isLoading } = useLicensesQuery({ pageSize: 5, ...query });
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Flex justifyContent="space-between">
        <Typography variant="sigma" textColor="neutral600">
          {title} {data ? `(${data.meta.pagination.total})` : ''}
        </Typography>
        <Link to={link}>
          <Typography variant="pi" textColor="primary600">
            {t('widget.seeAll')}
          </Typography>
        </Link>
      </Flex>
      {isLoading ? (
        <Typography variant="pi" textColor="neutral600">
          {t('list.loading')}
        </Typography>
      ) : error ? (
        <Typography variant="pi" textColor="danger600">
          {t('notification.error')}
        </Typography>
      ) : !data?.data.length ? (
        <Typography variant="pi" textColor="neutral600">
          {t('widget.none')}
        </Typography>
      ) : (
        data.data.map((l) => (
          <Flex key={l.documentId} justifyContent="space-between" gap={2}>
            <Link to={`${LIST}/${l.documentId}`}>
              <Typography textColor="neutral800" ellipsis>
                {l.name}
              </Typography>
            </Link>
            {render(l)}
          </Flex>
        ))
      )}
    </Flex>
  );
};

/** Homepage widget: licenses expiring soon (or expired) and licenses with more assignments than seats. */
export const LicensesWidget = () => {
  const t = useT();
  const formatDay = useFormatDay();
  const usedOfTotal = useUsedOfTotal();
  const probe = useLicensesQuery({ pageSize: 1 });
  if (probe.isLoading) return <Widget.Loading />;
  if (probe.error) return <Widget.Error />;
  return (
    <Box data-testid="licenses-widget">
      <Flex direction="column" alignItems="stretch" gap={5}>
        <Group
          title={t('widget.expiring')}
          link={`${LIST}?status=expiring`}
          query={{ status: 'expiring', sort: 'expirationDate:asc' }}
          render={(l) => (
            <Flex gap={2}>
              <Typography variant="pi" textColor="neutral600">
                {formatDay(l.expirationDate)}
              </Typography>
              <StatusBadge status={l.status} />
            </Flex>
          )}
        />
        <Group
          title={t('widget.overAllocated')}
          link={`${LIST}?overAllocated=true`}
          query={{ overAllocated: 'true' }}
          render={(l) => (
            <Typography variant="pi" textColor="danger600" fontWeight="bold">
              {usedOfTotal(l.seats)}
            </Typography>
          )}
        />
      </Flex>
    </Box>
  );
};
