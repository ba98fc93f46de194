/** The settings of renewal reminders: on/off, stages, dates, recipients, time and time zone. */
import * as React from 'react';
import { Checkbox, Combobox, ComboboxOption, Field, Flex, Grid, Typography } from '@strapi/design-system';
import { REMINDER_KINDS, type ReminderKind } from '../../../../shared/constants';
import { useT, type TranslationKey } from '../../utils/translations';
import { BooleanField, TextareaField, TextField } from '../Fields';
import { reminderErrorOf, type ReminderForm } from './values';

const supportedZones = (): string[] => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
};

export const kindLabel = (kind: ReminderKind) => `reminders.kind.${kind}` as TranslationKey;

export const ReminderSettingsFields = ({
  values,
  onChange,
  errors,
  disabled,
}: {
  values: ReminderForm;
  onChange: (next: ReminderForm) => void;
  errors: Record<string, string>;
  disabled: boolean;
}) => {
  const t = useT();
  const zones = React.useMemo(supportedZones, []);
  const set = <K extends keyof ReminderForm>(key: K, value: ReminderForm[K]) => onChange({ ...values, [key]: value });
  const error = (field: keyof ReminderForm) => reminderErrorOf(errors, field);
  const toggleKind = (kind: ReminderKind, on: boolean) =>
    set(
      'kinds',
      REMINDER_KINDS.filter((k) => (k === kind ? on : values.kinds.includes(k))),
    );

  return (
    <Grid.Root gap={5}>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <BooleanField
          name="reminders.enabled"
          label={t('reminders.enabled')}
          hint={t('reminders.enabled.hint')}
          error={error('enabled')}
          disabled={disabled}
          value={values.enabled}
          onChange={(enabled) => set('enabled', enabled)}
        />
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <TextField
          name="reminders.offsets"
          label={t('reminders.offsets')}
          hint={t('reminders.offsets.hint')}
          error={error('offsets')}
          disabled={disabled}
          value={values.offsets}
          onChange={(offsets) => set('offsets', offsets)}
        />
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <Field.Root name="reminders.kinds" id="lm-reminders.kinds" error={error('kinds')}>
          <Flex direction="column" alignItems="stretch" gap={1}>
            <Typography variant="pi" fontWeight="bold" textColor="neutral800" tag="span" id="lm-reminders-kinds-label">
              {t('reminders.kinds')}
            </Typography>
            <Flex direction="column" alignItems="flex-start" gap={2} role="group" aria-labelledby="lm-reminders-kinds-label" paddingTop={2}>
              {REMINDER_KINDS.map((kind) => (
                <Checkbox
                  key={kind}
                  name={`reminders.kinds.${kind}`}
                  disabled={disabled}
                  checked={values.kinds.includes(kind)}
                  onCheckedChange={(checked) => toggleKind(kind, checked === true)}
                >
                  {t(kindLabel(kind))}
                </Checkbox>
              ))}
            </Flex>
            <Field.Error />
          </Flex>
        </Field.Root>
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <TextareaField
          name="reminders.recipients"
          label={t('reminders.recipients')}
          hint={t('reminders.recipients.hint')}
          error={error('recipients')}
          disabled={disabled}
          value={values.recipients}
          onChange={(recipients) => set('recipients', recipients)}
        />
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <TextField
          name="reminders.time"
          label={t('reminders.time')}
          hint={t('reminders.time.hint')}
          error={error('time')}
          disabled={disabled}
          type="time"
          value={values.time}
          onChange={(time) => set('time', time)}
        />
      </Grid.Item>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <Field.Root name="reminders.timezone" id="lm-reminders.timezone" hint={t('reminders.timezone.hint')} error={error('timezone')}>
          <Field.Label>{t('reminders.timezone')}</Field.Label>
          <Combobox
            name="reminders.timezone"
            value={values.timezone}
            // The stored zone's name shows from the start (the list is matched on the value only once opened).
            defaultTextValue={values.timezone}
            disabled={disabled}
            autocomplete={{ type: 'list', filter: 'contains' }}
            noOptionsMessage={() => t('reminders.timezone.none')}
            onChange={(timezone) => set('timezone', timezone ?? '')}
          >
            {zones.map((zone) => (
              <ComboboxOption key={zone} value={zone}>
                {zone}
              </ComboboxOption>
            ))}
          </Combobox>
          <Field.Hint />
          <Field.Error />
        </Field.Root>
      </Grid.Item>
    </Grid.Root>
  );
};
