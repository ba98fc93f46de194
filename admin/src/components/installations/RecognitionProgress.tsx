/** The background re-recognition after a rule write: how many installations are still to do, asked again until none is. */
import { Box, Flex, ProgressBar, Typography } from '@strapi/design-system';
import { useRecognitionQuery } from '../../api/installations';
import { useT } from '../../utils/translations';

/** How often the progress is asked while installations are pending. */
export const RECOGNITION_POLL_MS = 2000;

export const RecognitionProgress = () => {
  const t = useT();
  const { data } = useRecognitionQuery(undefined, { refetchOnMountOrArgChange: true });
  const pending = data?.pending ?? 0;
  // Polling only while pending: a hook of its own, so its interval follows the last answer.
  useRecognitionQuery(undefined, { pollingInterval: pending > 0 ? RECOGNITION_POLL_MS : 0, skip: pending === 0 });
  if (!data || pending === 0) return null;
  const done = data.total > 0 ? Math.round(((data.total - pending) / data.total) * 100) : 0;
  return (
    <Box padding={4} background="primary100" hasRadius role="status" data-testid="recognition-progress">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography textColor="neutral800">{t('installations.progress', { pending: data.pending, total: data.total })}</Typography>
        <ProgressBar value={done} aria-label={t('installations.progress.label')} />
      </Flex>
    </Box>
  );
};
