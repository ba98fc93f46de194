import * as React from 'react';
import { Combobox, ComboboxOption, Field } from '@strapi/design-system';
import { useDebounce } from '@strapi/strapi/admin';
import { statusOf } from '../api/errors';
import { personUserLabel, usePersonUsersQuery, type PersonUser } from '../api/users';
import { useT } from '../utils/translations';
import type { BaseProps } from './Fields';

export interface PersonUserFieldProps extends BaseProps {
  /** The person's Users & Permissions user, as the person reads it; null for none. */
  value: PersonUser | null;
  onChange: (value: PersonUser | null) => void;
}

/** The most users one answer gives: typing searches the rest on the server. */
const PAGE_SIZE = 20;

/**
 * A person's sign-in user (plugin config `persons.userRelation`): a searchable single choice among
 * the Users & Permissions users (server-side search on `_q`), cleared to choose none. When the users
 * cannot be listed (403 for the role, 404 once the relation is off), the field shows the user it
 * has, disabled, and says why.
 */
export const PersonUserField = ({ name, label, hint, error, required, disabled, value, onChange }: PersonUserFieldProps) => {
  const t = useT();
  const [search, setSearch] = React.useState('');
  const debounced = useDebounce(search, 250);
  const { data, error: loadError, isFetching } = usePersonUsersQuery({ pageSize: PAGE_SIZE, ...(debounced ? { _q: debounced } : {}) });
  const status = statusOf(loadError);
  const restricted = status === 403 || status === 404;
  const locked = disabled || restricted;

  // The chosen user stays among the options whatever the search, so the input keeps its name.
  const options = React.useMemo(() => {
    const list = data?.data ?? [];
    return value && !list.some((u) => u.id === value.id) ? [value, ...list] : list;
  }, [data, value]);

  return (
    <Field.Root
      name={name}
      id={`lm-${name}`}
      hint={restricted ? [hint, t('form.user.restricted')].filter(Boolean).join(' ') : hint}
      error={error}
      required={required}
    >
      <Field.Label>{label}</Field.Label>
      <Combobox
        name={name}
        value={value ? String(value.id) : ''}
        disabled={locked}
        autocomplete={{ type: 'list', filter: 'contains' }}
        placeholder={t(locked && !value ? 'form.user.none' : 'form.user.placeholder')}
        loading={isFetching}
        loadingMessage={t('form.relation.loading')}
        noOptionsMessage={() => t('form.relation.noOptions')}
        onInputChange={(e) => setSearch(e.currentTarget.value)}
        onChange={(id) => {
          if (!id) return onChange(null);
          onChange(options.find((u) => String(u.id) === id) ?? null);
        }}
        onClear={() => onChange(null)}
        clearLabel={t('form.user.clear')}
      >
        {options.map((u) => (
          <ComboboxOption key={u.id} value={String(u.id)} textValue={personUserLabel(u)}>
            {personUserLabel(u)}
          </ComboboxOption>
        ))}
      </Combobox>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
