/** "What would be sent today" (GET /reminders/preview), with the "Run now" button. */
import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Play } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { FRESH_ON_OPEN } from '../../api/base';
import { useApiError } from '../../api/errors';
import { useReminderPreviewQuery, useRunRemindersMutation } from '../../api/reminders';
import { useT } from '../../utils/translations';
import { ConfirmDialog } from '../ConfirmDialog';
import { ReminderTable } from './ReminderTable';

export const ReminderPreview = ({ canRun }: { canRun: boolean }) => {
  const t = useT();
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const { data, error, isLoading } = useReminderPreviewQuery(undefined, FRESH_ON_OPEN);
  const [run, { isLoading: isRunning }] = useRunRemindersMutation();
  const [confirming, setConfirming] = React.useState(false);

  const runNow = async () => {
    setConfirming(false);
    try {
      const result = await run().unwrap();
      // "No reminder was sent in 1 e-mail" says nothing: the e-mails are counted only beside reminders sent.
      toggleNotification({
        type: result.failed ? 'warning' : 'success',
        message: t('reminders.run.done', { ...result, messages: result.sent ? result.messages : 0 }),
      });
    } catch (e) {
      apiError.notify(e);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} tag="section" aria-labelledby="lm-reminders-preview">
      <Flex justifyContent="space-between" alignItems="center">
        <Typography variant="delta" tag="h3" id="lm-reminders-preview">
          {t('reminders.preview.title')}
        </Typography>
        {canRun && (
          <Button type="button" variant="secondary" startIcon={<Play />} loading={isRunning} onClick={() => setConfirming(true)}>
            {t('reminders.run')}
          </Button>
        )}
      </Flex>
      {isLoading ? (
        <Typography textColor="neutral600">{t('list.loading')}</Typography>
      ) : error ? (
        <Typography textColor="danger600">{apiError.describe(error).message}</Typography>
      ) : data?.length ? (
        <ReminderTable rows={data} testId="reminder-due" />
      ) : (
        <Box padding={4} background="neutral100" hasRadius>
          <Typography textColor="neutral600">{t('reminders.preview.empty')}</Typography>
        </Box>
      )}
      <ConfirmDialog open={confirming} onCancel={() => setConfirming(false)} onConfirm={runNow}>
        {t('reminders.run.confirm')}
      </ConfirmDialog>
    </Flex>
  );
};
