/** The import dialog's options: how to read the file's values, what to do with bad rows, and the file format when detection should be overridden. */
import { Box, Checkbox, Field, Grid } from '@strapi/design-system';
import type { ImportKind } from '../../api/import';
import { useT } from '../../utils/translations';
import { SelectField } from '../Fields';
import { DATE_FORMATS, DECIMAL_SEPARATORS, DELIMITERS, ENCODING_NAMES, ON_ERROR, optionsOf, type ImportFormValues } from './options';

export const ImportOptionsFields = ({
  kind,
  values,
  onChange,
  canCreateMissing,
  disabled,
}: {
  kind: ImportKind;
  values: ImportFormValues;
  onChange: (values: ImportFormValues) => void;
  /** Creating software, organizations and the like needs the permission to manage reference data. */
  canCreateMissing: boolean;
  disabled?: boolean;
}) => {
  const t = useT();
  const set =
    <K extends keyof ImportFormValues>(name: K) =>
    (value: ImportFormValues[K]) =>
      onChange({ ...values, [name]: value });
  const detected = { value: '', label: t('import.option.detected') };
  const shown = optionsOf(kind);

  return (
    <Grid.Root gap={4}>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <SelectField
          name="import-onError"
          label={t('import.option.onError')}
          value={values.onError}
          disabled={disabled}
          onChange={(v) => set('onError')(v as ImportFormValues['onError'])}
          options={ON_ERROR.map((v) => ({ value: v, label: t(`import.option.onError.${v}`) }))}
        />
      </Grid.Item>
      {shown.formats && (
        <>
          <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
            <SelectField
              name="import-dateFormat"
              label={t('import.option.dateFormat')}
              value={values.dateFormat}
              disabled={disabled}
              onChange={(v) => set('dateFormat')(v as ImportFormValues['dateFormat'])}
              options={DATE_FORMATS.map((v) => ({ value: v, label: v }))}
            />
          </Grid.Item>
          <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
            <SelectField
              name="import-decimalSeparator"
              label={t('import.option.decimalSeparator')}
              value={values.decimalSeparator}
              disabled={disabled}
              onChange={(v) => set('decimalSeparator')(v as ImportFormValues['decimalSeparator'])}
              options={DECIMAL_SEPARATORS.map((v) => ({ value: v, label: t(v === '.' ? 'import.option.decimal.point' : 'import.option.decimal.comma') }))}
            />
          </Grid.Item>
        </>
      )}
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <SelectField
          name="import-delimiter"
          label={t('import.option.delimiter')}
          value={values.delimiter}
          disabled={disabled}
          onChange={(v) => set('delimiter')(v as ImportFormValues['delimiter'])}
          options={[detected, ...DELIMITERS.map((v) => ({ value: v, label: t(`import.delimiter.${v}`) }))]}
        />
      </Grid.Item>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <SelectField
          name="import-encoding"
          label={t('import.option.encoding')}
          value={values.encoding}
          disabled={disabled}
          onChange={(v) => set('encoding')(v as ImportFormValues['encoding'])}
          options={[detected, ...Object.entries(ENCODING_NAMES).map(([value, label]) => ({ value, label }))]}
        />
      </Grid.Item>
      {shown.createMissing && canCreateMissing && (
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Field.Root name="import-createMissing" hint={t('import.option.createMissing.hint')}>
            <Box>
              <Checkbox
                name="import-createMissing"
                checked={values.createMissing}
                disabled={disabled}
                onCheckedChange={(checked) => set('createMissing')(checked === true)}
              >
                {t('import.option.createMissing')}
              </Checkbox>
            </Box>
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
      )}
    </Grid.Root>
  );
};
