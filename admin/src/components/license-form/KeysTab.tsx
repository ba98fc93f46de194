import { Box, Button, Field, Flex, Grid, IconButton, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import type { MaskedKey } from '../../api/types';
import { useT, type TranslationKey } from '../../utils/translations';
import { NumberField, TextField } from '../Fields';
import type { TabProps } from './BasicInfoTab';
import { newKeyDraft, type KeyDraft } from './values';

export interface KeysTabProps extends TabProps {
  /** The license's keys still kept (an edit); shown masked, each with its remove button. */
  existingKeys: MaskedKey[];
  onRemoveExisting: (documentId: string) => void;
  /** The rows of keys to add (`values.keys`), changed as a whole. */
  onDraftsChange: (keys: KeyDraft[]) => void;
}

/** A key row's fields: the value (required; the tab's intro is its hint), its label, its activation limit; then the remove button. */
const DRAFT_CELLS: {
  field: 'value' | 'label' | 'activationLimit';
  col: number;
  s: number;
  label: TranslationKey;
  hint?: TranslationKey;
  required?: boolean;
}[] = [
  { field: 'value', col: 6, s: 12, label: 'keys.field.value', required: true },
  { field: 'label', col: 3, s: 12, label: 'keys.field.label' },
  { field: 'activationLimit', col: 2, s: 10, label: 'keys.field.activationLimit' },
];

/** The "Keys" tab: the license's keys, masked, and rows for keys to add. */
export const KeysTab = ({ values, errors, existingKeys, onRemoveExisting, onDraftsChange }: KeysTabProps) => {
  const t = useT();
  const setDraft = (id: string, patch: Partial<KeyDraft>) => onDraftsChange(values.keys.map((k) => (k.id === id ? { ...k, ...patch } : k)));
  return (
    <Flex direction="column" alignItems="stretch" gap={4} paddingTop={6}>
      <Typography variant="omega" textColor="neutral600">
        {t('license.hint.keys')}
      </Typography>
      {existingKeys.map((k) => (
        <Flex key={k.documentId} gap={4} alignItems="center" padding={3} background="neutral100" hasRadius>
          <Typography fontWeight="bold">{k.label || t('keys.unlabelled')}</Typography>
          <Typography variant="pi" style={{ fontFamily: 'monospace' }}>
            {k.maskedValue}
          </Typography>
          {k.activationLimit != null && (
            <Typography variant="pi" textColor="neutral600">
              {t('keys.activationLimitValue', { limit: k.activationLimit })}
            </Typography>
          )}
          <Box marginLeft="auto">
            <IconButton
              label={t('keys.remove')}
              variant="ghost"
              onClick={() => {
                onRemoveExisting(k.documentId);
              }}
            >
              <Trash />
            </IconButton>
          </Box>
        </Flex>
      ))}
      {values.keys.map((k, i) => (
        <Box key={k.id} padding={4} background="neutral100" hasRadius data-testid="key-draft">
          <Grid.Root gap={4}>
            {DRAFT_CELLS.map(({ field, col, s: small, label, hint, required }) => {
              const common = {
                name: `keys.${i}.${field}`,
                label: t(label),
                hint: hint && t(hint),
                required,
                error: errors[`keys.${i}.${field}`],
              };
              return (
                <Grid.Item key={field} col={col} s={small} direction="column" alignItems="stretch">
                  {field === 'activationLimit' ? (
                    <NumberField {...common} value={k.activationLimit} onChange={(activationLimit) => setDraft(k.id, { activationLimit })} />
                  ) : (
                    <TextField {...common} value={k[field]} onChange={(text) => setDraft(k.id, { [field]: text })} />
                  )}
                </Grid.Item>
              );
            })}
            <Grid.Item col={1} s={2} alignItems="center" paddingTop={6}>
              <IconButton label={t('keys.remove')} variant="ghost" onClick={() => onDraftsChange(values.keys.filter((x) => x.id !== k.id))}>
                <Trash />
              </IconButton>
            </Grid.Item>
          </Grid.Root>
        </Box>
      ))}
      <Box>
        <Button variant="secondary" startIcon={<Plus />} onClick={() => onDraftsChange([...values.keys, newKeyDraft()])}>
          {t('keys.add')}
        </Button>
      </Box>
      {errors.keys && (
        <Field.Root error={errors.keys} name="keys">
          <Field.Error />
        </Field.Root>
      )}
    </Flex>
  );
};
