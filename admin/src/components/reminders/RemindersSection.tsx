/** Settings > License Manager, "Reminders": the settings' fields (saved with the page), the preview with "Run now", and the record. */
import { Box, Divider, Flex, Typography } from '@strapi/design-system';
import { useT } from '../../utils/translations';
import { ReminderLog } from './ReminderLog';
import { ReminderPreview } from './ReminderPreview';
import { ReminderSettingsFields } from './ReminderSettingsFields';
import type { ReminderForm } from './values';

export const RemindersSection = ({
  values,
  onChange,
  errors,
  canEdit,
}: {
  /** null for a user who may not read the reminder settings: the section shows the record only. */
  values: ReminderForm | null;
  onChange: (next: ReminderForm) => void;
  errors: Record<string, string>;
  /** The settings permission: edit the fields, see the preview (a `settings` route) and run now. */
  canEdit: boolean;
}) => {
  const t = useT();
  return (
    <Box background="neutral0" hasRadius shadow="filterShadow" paddingTop={6} paddingBottom={6} paddingLeft={7} paddingRight={7}>
      <Flex direction="column" alignItems="stretch" gap={4} tag="section" aria-labelledby="lm-reminders-title" data-testid="reminders-settings">
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Typography variant="delta" tag="h2" id="lm-reminders-title">
            {t('reminders.title')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('reminders.subtitle')}
          </Typography>
        </Flex>
        {values && <ReminderSettingsFields values={values} onChange={onChange} errors={errors} disabled={!canEdit} />}
        {canEdit && (
          <>
            <Divider />
            <ReminderPreview canRun={canEdit} />
          </>
        )}
        <Divider />
        <ReminderLog />
      </Flex>
    </Box>
  );
};
