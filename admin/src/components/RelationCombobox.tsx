import * as React from 'react';
import { Combobox, ComboboxOption, Field } from '@strapi/design-system';
import { useDebounce } from '@strapi/strapi/admin';
import { useReferenceListQuery } from '../api/reference';
import type { RelationRef } from '../api/types';
import { labelOf, type ReferenceApiPath } from '../resources';
import { useT } from '../utils/translations';
import type { BaseProps } from './Fields';

export interface RelationComboboxProps extends BaseProps {
  resource: ReferenceApiPath;
  value: RelationRef | null;
  onChange: (value: RelationRef | null) => void;
  /** Offers "Create ..." for a typed name that matches nothing (manual item 3: add software in place). */
  onCreate?: (text: string) => void;
  /** Buttons next to the label, e.g. edit and delete the chosen record. */
  labelAction?: React.ReactNode;
}

/** A searchable relation field fed by the resource's list endpoint (server-side search on `_q`). */
export const RelationCombobox = ({ name, label, hint, error, required, disabled, resource, value, onChange, onCreate, labelAction }: RelationComboboxProps) => {
  const t = useT();
  const [search, setSearch] = React.useState('');
  const debounced = useDebounce(search, 250);
  // The resource's cache tag refreshes the options when a record is added, changed or deleted.
  const { data, isLoading } = useReferenceListQuery({ resource, params: { pageSize: 20, ...(debounced ? { _q: debounced } : {}) } });

  const options = React.useMemo(() => {
    const list: RelationRef[] = data?.data ?? [];
    return value && !list.some((o) => o.documentId === value.documentId) ? [value, ...list] : list;
  }, [data, value]);

  return (
    <Field.Root name={name} hint={hint} error={error} required={required} id={`lm-${name}`}>
      <Field.Label action={labelAction}>{label}</Field.Label>
      <Combobox
        name={name}
        value={value?.documentId ?? ''}
        disabled={disabled}
        autocomplete={{ type: 'list', filter: 'contains' }}
        placeholder={t('form.relation.placeholder')}
        loading={isLoading}
        loadingMessage={t('form.relation.loading')}
        noOptionsMessage={() => t('form.relation.noOptions')}
        onInputChange={(e) => setSearch(e.currentTarget.value)}
        onChange={(documentId) => {
          if (!documentId) return onChange(null);
          onChange(options.find((o) => o.documentId === documentId) ?? null);
        }}
        onClear={() => onChange(null)}
        clearLabel={t('form.relation.clear')}
        creatable={onCreate ? true : undefined}
        createMessage={(text) => t('form.relation.create', { name: text })}
        onCreateOption={onCreate ? (text) => onCreate(text ?? '') : undefined}
      >
        {options.map((o) => (
          <ComboboxOption key={o.documentId} value={o.documentId}>
            {labelOf(o)}
          </ComboboxOption>
        ))}
      </Combobox>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
