import * as React from 'react';
import { Box, Grid } from '@strapi/design-system';
import { LICENSE_FIELDS, licenseFormOrder, type LicenseFieldName } from '../../../../shared/fields/license';
import type { FormPlace, LicenseFieldSpec } from '../../../../shared/fields/types';
import type { RelationRef } from '../../api/types';
import { useT, type TranslationKey } from '../../utils/translations';
import { DateField, NumberField, SelectField, TextareaField, TextField, type BaseProps } from '../Fields';
import { RelationCombobox } from '../RelationCombobox';
import { SoftwareField } from './SoftwareField';
import { liveGross, type FormFieldName, type LicenseFormValues } from './values';

/** Sets one field of the form (and clears its error). */
export type SetField = <K extends keyof LicenseFormValues>(name: K) => (value: LicenseFormValues[K]) => void;

export interface TabProps {
  values: LicenseFormValues;
  errors: Record<string, string>;
}

/** What a kind's renderer gets: the labelled field's props, its description, its value and setter. */
interface CellProps {
  field: BaseProps;
  spec: LicenseFieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
}

/** The setter of a field edited as text. */
const asText = ({ onChange }: CellProps) => onChange as (value: string) => void;

/** One renderer per kind of field (shared/fields/types); amounts and rates get a decimal keypad. */
const BY_KIND: Record<LicenseFieldSpec['kind'], (p: CellProps) => React.ReactNode> = {
  text: (p) => <TextField {...p.field} value={p.value as string} onChange={asText(p)} />,
  email: (p) => <TextField {...p.field} type="email" value={p.value as string} onChange={asText(p)} />,
  currency: (p) => <TextField {...p.field} value={p.value as string} onChange={asText(p)} />,
  money: (p) => <TextField {...p.field} inputMode="decimal" value={p.value as string} onChange={asText(p)} />,
  percent: (p) => <TextField {...p.field} inputMode="decimal" value={p.value as string} onChange={asText(p)} />,
  longtext: (p) => <TextareaField {...p.field} value={p.value as string} onChange={asText(p)} />,
  // Addresses separated by commas (values.ts splits them); each is checked like the server does.
  emails: (p) => <TextField {...p.field} type="text" inputMode="email" value={p.value as string} onChange={asText(p)} />,
  date: (p) => <DateField {...p.field} value={p.value as string} onChange={asText(p)} />,
  integer: (p) => <NumberField {...p.field} value={p.value as number | undefined} onChange={p.onChange} />,
  enum: (p) => <EnumCell {...p} />,
  relation: (p) =>
    p.spec.kind === 'relation' && <RelationCombobox {...p.field} resource={p.spec.target} value={p.value as RelationRef | null} onChange={p.onChange} />,
  // No license field is a boolean; the reference forms have their own.
  boolean: () => null,
};

/** An enumeration's options, each labelled `<field>.<value>` (assignmentModel.per_user). */
const EnumCell = ({ field, spec, value, onChange }: CellProps) => {
  const t = useT();
  const values = spec.kind === 'enum' ? spec.values : [];
  return (
    <SelectField
      {...field}
      value={value as string}
      onChange={onChange}
      options={values.map((v) => ({ value: v, label: t(`${field.name}.${v}` as TranslationKey) }))}
    />
  );
};

/** Fields that differ from their kind: the software with its add/edit/delete actions. */
const OVERRIDES: Partial<Record<FormFieldName, (p: CellProps) => React.ReactNode>> = {
  software: (p) => <SoftwareField {...p.field} value={p.value as RelationRef | null} onChange={p.onChange} />,
};

/** Values the server computes, shown live and read-only: the gross price from net and VAT%. */
const COMPUTED: Partial<Record<LicenseFieldName, (values: LicenseFormValues) => string>> = {
  grossUnitPrice: (values) => liveGross(values.netUnitPrice, values.vatRate),
};

/** Marked required in the form though the API defaults it: the assignment model always has a value. */
const MARKED_REQUIRED: ReadonlySet<LicenseFieldName> = new Set(['assignmentModel']);

/** The "Basic information" tab: every field of the license but its keys, in the form's order (shared/fields/license). */
export const BasicInfoTab = ({ values, errors, set }: TabProps & { set: SetField }) => {
  const t = useT();
  return (
    <Box paddingTop={6}>
      <Grid.Root gap={5}>
        {licenseFormOrder().map((name) => {
          const spec = LICENSE_FIELDS[name] as LicenseFieldSpec;
          const field: BaseProps = {
            name,
            label: t(spec.label as TranslationKey),
            hint: spec.hint && t(spec.hint as TranslationKey),
            error: errors[name],
            required: spec.required || MARKED_REQUIRED.has(name),
          };
          const computed = COMPUTED[name];
          let cell: React.ReactNode;
          if (computed) cell = <TextField {...field} value={computed(values)} onChange={() => undefined} disabled />;
          else {
            const editable = name as FormFieldName;
            const render = OVERRIDES[editable] ?? BY_KIND[spec.kind];
            cell = render({ field, spec, value: values[editable], onChange: set(editable) as (value: unknown) => void });
          }
          return (
            <Grid.Item key={name} col={(spec.form as FormPlace).col} s={12} direction="column" alignItems="stretch">
              {cell}
            </Grid.Item>
          );
        })}
      </Grid.Root>
    </Box>
  );
};
