/** Labelled form fields in Strapi's style: label, input, the hint below, the error in red. */
import * as React from 'react';
import { DatePicker, Field, NumberInput, SingleSelect, SingleSelectOption, Textarea, TextInput, Toggle } from '@strapi/design-system';
import { useT } from '../utils/translations';
import { localDate, localDay } from '../../../shared/days';

/** What every form field takes; RelationCombobox takes it too. */
export interface BaseProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  disabled?: boolean;
}

const Wrap = ({ name, label, hint, error, required, children }: BaseProps & { children: React.ReactNode }) => (
  <Field.Root name={name} id={`lm-${name}`} hint={hint} error={error} required={required}>
    <Field.Label>{label}</Field.Label>
    {children}
    <Field.Hint />
    <Field.Error />
  </Field.Root>
);

export const TextField = ({
  value,
  onChange,
  type = 'text',
  inputMode,
  ...props
}: BaseProps & {
  value: string;
  onChange: (value: string) => void;
  type?: string;
  inputMode?: React.HTMLAttributes<HTMLInputElement>['inputMode'];
}) => (
  <Wrap {...props}>
    <TextInput
      name={props.name}
      type={type}
      inputMode={inputMode}
      value={value}
      disabled={props.disabled}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    />
  </Wrap>
);

export const TextareaField = ({ value, onChange, ...props }: BaseProps & { value: string; onChange: (value: string) => void }) => (
  <Wrap {...props}>
    <Textarea name={props.name} value={value} disabled={props.disabled} onChange={(e) => onChange(e.target.value)} />
  </Wrap>
);

export const NumberField = ({ value, onChange, ...props }: BaseProps & { value: number | undefined; onChange: (value: number | undefined) => void }) => (
  <Wrap {...props}>
    <NumberInput name={props.name} value={value} disabled={props.disabled} onValueChange={onChange} />
  </Wrap>
);

/** "YYYY-MM-DD" in and out; the picker works on local dates, so no time zone shifts the day. */

export const DateField = ({ value, onChange, ...props }: BaseProps & { value: string; onChange: (value: string) => void }) => {
  const t = useT();
  return (
    <Wrap {...props}>
      <DatePicker
        name={props.name}
        value={value ? localDate(value) : undefined}
        disabled={props.disabled}
        clearLabel={t('form.date.clear')}
        onChange={(date) => onChange(date ? localDay(date) : '')}
        onClear={() => onChange('')}
      />
    </Wrap>
  );
};

export const SelectField = ({
  value,
  onChange,
  options,
  placeholder,
  ...props
}: BaseProps & {
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  placeholder?: string;
}) => (
  <Wrap {...props}>
    <SingleSelect name={props.name} value={value} disabled={props.disabled} placeholder={placeholder} onChange={(v) => onChange(String(v))}>
      {options.map((o) => (
        <SingleSelectOption key={o.value} value={o.value}>
          {o.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  </Wrap>
);

export const BooleanField = ({ value, onChange, ...props }: BaseProps & { value: boolean | null; onChange: (value: boolean) => void }) => {
  const t = useT();
  return (
    <Wrap {...props}>
      <Toggle
        name={props.name}
        checked={value}
        disabled={props.disabled}
        onLabel={t('form.true')}
        offLabel={t('form.false')}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.checked)}
      />
    </Wrap>
  );
};
