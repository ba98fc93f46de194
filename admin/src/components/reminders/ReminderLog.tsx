/** The record of the reminders sent (GET /reminders), newest first, a page at a time. */
import * as React from 'react';
import { Box, Flex, IconButton, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { FRESH_ON_OPEN } from '../../api/base';
import { useApiError } from '../../api/errors';
import { useRemindersQuery } from '../../api/reminders';
import { useT } from '../../utils/translations';
import { ReminderTable } from './ReminderTable';

const PAGE_SIZE = 10;

export const ReminderLog = () => {
  const t = useT();
  const apiError = useApiError();
  const [page, setPage] = React.useState(1);
  const { data, error, isLoading } = useRemindersQuery({ page, pageSize: PAGE_SIZE }, FRESH_ON_OPEN);
  const pagination = data?.meta.pagination;

  return (
    <Flex direction="column" alignItems="stretch" gap={4} tag="section" aria-labelledby="lm-reminders-log">
      <Typography variant="delta" tag="h3" id="lm-reminders-log">
        {t('reminders.log.title')}
      </Typography>
      {isLoading ? (
        <Typography textColor="neutral600">{t('list.loading')}</Typography>
      ) : error ? (
        <Typography textColor="danger600">{apiError.describe(error).message}</Typography>
      ) : data?.data.length ? (
        <>
          <ReminderTable rows={data.data} withState testId="reminder-sent" />
          {pagination && pagination.pageCount > 1 && (
            <Flex justifyContent="flex-end" alignItems="center" gap={2}>
              <IconButton type="button" label={t('reminders.log.previous')} variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                <ChevronLeft />
              </IconButton>
              <Typography variant="pi" textColor="neutral600" data-testid="reminder-log-page">
                {t('reminders.log.page', { page: pagination.page, pageCount: pagination.pageCount })}
              </Typography>
              <IconButton
                type="button"
                label={t('reminders.log.next')}
                variant="tertiary"
                disabled={page >= pagination.pageCount}
                onClick={() => setPage(page + 1)}
              >
                <ChevronRight />
              </IconButton>
            </Flex>
          )}
        </>
      ) : (
        <Box padding={4} background="neutral100" hasRadius>
          <Typography textColor="neutral600">{t('reminders.log.empty')}</Typography>
        </Box>
      )}
    </Flex>
  );
};
