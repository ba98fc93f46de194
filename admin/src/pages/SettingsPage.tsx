import * as React from 'react';
import { Box, Button, Flex, Grid, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { FRESH_ON_OPEN } from '../api/base';
import { useApiError } from '../api/errors';
import { useSettingsQuery, useUpdateSettingsMutation } from '../api/settings';
import type { SettingsRead } from '../api/types';
import { EventsSection } from '../components/events/EventsSection';
import { BooleanField, NumberField, TextField } from '../components/Fields';
import { RemindersSection } from '../components/reminders/RemindersSection';
import { toReminderForm, toReminderPayload, type ReminderForm } from '../components/reminders/values';
import { usePermissions } from '../hooks/usePermissions';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/translations';

const SettingsForm = ({ initial, canEdit }: { initial: SettingsRead; canEdit: boolean }) => {
  const t = useT();
  const [updateSettings] = useUpdateSettingsMutation();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const [values, setValues] = React.useState({
    expiringWithinDays: initial.expiringWithinDays as number | undefined,
    defaultCurrency: initial.defaultCurrency,
    defaultVatRate: initial.defaultVatRate ?? '',
    staleAfterDays: initial.staleAfterDays as number | undefined,
    linkPersonsByEmail: initial.linkPersonsByEmail ?? false,
  });
  // The server sends the reminders (their recipients are addresses) only to users who may edit them.
  const [reminders, setReminders] = React.useState<ReminderForm | null>(() => (initial.reminders ? toReminderForm(initial.reminders) : null));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [isSaving, setIsSaving] = React.useState(false);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setIsSaving(true);
    try {
      await updateSettings({
        expiringWithinDays: values.expiringWithinDays ?? null,
        defaultCurrency: values.defaultCurrency.trim().toUpperCase(),
        defaultVatRate: values.defaultVatRate.trim() === '' ? null : values.defaultVatRate.trim(),
        staleAfterDays: values.staleAfterDays ?? null,
        linkPersonsByEmail: values.linkPersonsByEmail,
        ...(reminders ? { reminders: toReminderPayload(reminders) } : {}),
      }).unwrap();
      setErrors({});
      toggleNotification({ type: 'success', message: t('notification.saved') });
    } catch (error) {
      setErrors(apiError.notify(error).fields);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <form onSubmit={save} noValidate>
      <Layouts.Header
        title={t('settings.title')}
        subtitle={t('settings.subtitle')}
        primaryAction={
          canEdit ? (
            <Button type="submit" startIcon={<Check />} loading={isSaving}>
              {t('action.save')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Box background="neutral0" hasRadius shadow="filterShadow" paddingTop={6} paddingBottom={6} paddingLeft={7} paddingRight={7}>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography variant="delta" tag="h2">
              {t('settings.general')}
            </Typography>
            <Grid.Root gap={5}>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <NumberField
                  name="expiringWithinDays"
                  label={t('settings.expiringWithinDays')}
                  hint={t('settings.expiringWithinDays.hint')}
                  error={errors.expiringWithinDays}
                  disabled={!canEdit}
                  value={values.expiringWithinDays}
                  onChange={(expiringWithinDays) => setValues((v) => ({ ...v, expiringWithinDays }))}
                />
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <TextField
                  name="defaultCurrency"
                  label={t('settings.defaultCurrency')}
                  hint={t('settings.defaultCurrency.hint')}
                  error={errors.defaultCurrency}
                  disabled={!canEdit}
                  value={values.defaultCurrency}
                  onChange={(defaultCurrency) => setValues((v) => ({ ...v, defaultCurrency }))}
                />
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <TextField
                  name="defaultVatRate"
                  label={t('settings.defaultVatRate')}
                  hint={t('settings.defaultVatRate.hint')}
                  error={errors.defaultVatRate}
                  disabled={!canEdit}
                  inputMode="decimal"
                  value={values.defaultVatRate}
                  onChange={(defaultVatRate) => setValues((v) => ({ ...v, defaultVatRate }))}
                />
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                <NumberField
                  name="staleAfterDays"
                  label={t('settings.staleAfterDays')}
                  hint={t('settings.staleAfterDays.hint')}
                  error={errors.staleAfterDays}
                  disabled={!canEdit}
                  value={values.staleAfterDays}
                  onChange={(staleAfterDays) => setValues((v) => ({ ...v, staleAfterDays }))}
                />
              </Grid.Item>
              <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
                <BooleanField
                  name="linkPersonsByEmail"
                  label={t('settings.linkPersonsByEmail')}
                  hint={t('settings.linkPersonsByEmail.hint')}
                  error={errors.linkPersonsByEmail}
                  disabled={!canEdit}
                  value={values.linkPersonsByEmail}
                  onChange={(linkPersonsByEmail) => setValues((v) => ({ ...v, linkPersonsByEmail }))}
                />
              </Grid.Item>
            </Grid.Root>
          </Flex>
        </Box>
        <Box paddingTop={6}>
          <RemindersSection values={reminders} onChange={setReminders} errors={errors} canEdit={canEdit} />
        </Box>
        <Box paddingTop={6}>
          <EventsSection />
        </Box>
      </Layouts.Content>
    </form>
  );
};

/** Settings > License Manager: the expiring window, default currency and VAT%, matching users to persons by e-mail, the renewal reminders, and the webhook events. */
export const SettingsPage = () => {
  const t = useT();
  const { canEditSettings } = usePermissions();
  const { data, error, isLoading } = useSettingsQuery(undefined, FRESH_ON_OPEN);
  return (
    <Page.Protect permissions={PERMISSIONS.read}>
      <Page.Main aria-busy={isLoading}>
        <Page.Title>{t('settings.title')}</Page.Title>
        {isLoading ? <Page.Loading /> : error || !data ? <Page.Error /> : <SettingsForm initial={data} canEdit={canEditSettings} />}
      </Page.Main>
    </Page.Protect>
  );
};
