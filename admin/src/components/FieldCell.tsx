/** One described field (shared/fields) as a form cell: a renderer per kind, for the license and purchase forms. */
import * as React from 'react';
import type { FieldSpec } from '../../../shared/fields/types';
import type { RelationRef } from '../api/types';
import { useT, type TranslationKey } from '../utils/translations';
import { BooleanField, DateField, NumberField, SelectField, TextareaField, TextField, type BaseProps } from './Fields';
import { RelationCombobox } from './RelationCombobox';

/** What a kind's renderer gets: the labelled field's props, its description, its value and setter. */
export interface CellProps {
  field: BaseProps;
  spec: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
}

/** The setter of a field edited as text. */
const asText = ({ onChange }: CellProps) => onChange as (value: string) => void;

/** An enumeration's options, each labelled `<field>.<value>` (assignmentModel.per_user, billing.yearly). */
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

/** One renderer per kind of field (shared/fields/types); amounts and rates get a decimal keypad. */
export const CELL_BY_KIND: Record<FieldSpec['kind'], (p: CellProps) => React.ReactNode> = {
  text: (p) => <TextField {...p.field} value={p.value as string} onChange={asText(p)} />,
  email: (p) => <TextField {...p.field} type="email" value={p.value as string} onChange={asText(p)} />,
  currency: (p) => <TextField {...p.field} value={p.value as string} onChange={asText(p)} />,
  money: (p) => <TextField {...p.field} inputMode="decimal" value={p.value as string} onChange={asText(p)} />,
  percent: (p) => <TextField {...p.field} inputMode="decimal" value={p.value as string} onChange={asText(p)} />,
  factor: (p) => <TextField {...p.field} inputMode="decimal" value={p.value as string} onChange={asText(p)} />,
  longtext: (p) => <TextareaField {...p.field} value={p.value as string} onChange={asText(p)} />,
  // Addresses separated by commas (license-form/values splits them); each is checked like the server does.
  // Only reference records (organizations, units) have administrators: their form is ReferenceFormModal's.
  adminIds: () => null,
  emails: (p) => <TextField {...p.field} type="text" inputMode="email" value={p.value as string} onChange={asText(p)} />,
  date: (p) => <DateField {...p.field} value={p.value as string} onChange={asText(p)} />,
  integer: (p) => <NumberField {...p.field} value={p.value as number | undefined} onChange={p.onChange} />,
  enum: (p) => <EnumCell {...p} />,
  relation: (p) =>
    p.spec.kind === 'relation' && <RelationCombobox {...p.field} resource={p.spec.target} value={p.value as RelationRef | null} onChange={p.onChange} />,
  boolean: (p) => <BooleanField {...p.field} value={Boolean(p.value)} onChange={p.onChange} />,
};
