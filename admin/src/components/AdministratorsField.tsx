import * as React from 'react';
import { Combobox, ComboboxOption, Field, Flex, Tag } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { useDebounce } from '@strapi/strapi/admin';
import { adminUserLabel, useAdministratorsQuery, type AdminUser } from '../api/administrators';
import { statusOf } from '../api/errors';
import { useT } from '../utils/translations';
import type { BaseProps } from './Fields';

export interface AdministratorsFieldProps extends BaseProps {
  /** The chosen admin users' ids. */
  value: number[];
  onChange: (value: number[]) => void;
}

/** The most users one answer gives (the route's pageSize maximum). */
const PAGE_SIZE = 100;

/**
 * An organization's or unit's administrators: the chosen admin users as tags, each removable, and
 * a searchable combobox (server-side search on `_q`) to add one. A chosen user the answers have not
 * shown shows as "#<id>". A role with conditions on managing reference data may not read the admin
 * users (403) nor change the administrators: the field then shows them, disabled, and says why.
 */
export const AdministratorsField = ({ name, label, hint, error, required, disabled, value, onChange }: AdministratorsFieldProps) => {
  const t = useT();
  const [search, setSearch] = React.useState('');
  const debounced = useDebounce(search, 250);
  const { data, error: loadError, isFetching } = useAdministratorsQuery({ pageSize: PAGE_SIZE, ...(debounced ? { _q: debounced } : {}) });
  const restricted = statusOf(loadError) === 403;
  const locked = disabled || restricted;

  // Every user an answer showed, so a user chosen from a search keeps its name once the search changes.
  const [known, setKnown] = React.useState<ReadonlyMap<number, AdminUser>>(new Map());
  React.useEffect(() => {
    if (data?.data.length) setKnown((before) => new Map([...before, ...data.data.map((u) => [u.id, u] as const)]));
  }, [data]);

  const nameOf = (id: number) => {
    const user = known.get(id);
    return user ? adminUserLabel(user) : `#${id}`;
  };
  const options = (data?.data ?? []).filter((u) => !value.includes(u.id));

  const add = (id?: string) => {
    const chosen = Number(id);
    if (!id || !Number.isInteger(chosen) || value.includes(chosen)) return;
    onChange([...value, chosen]);
  };
  // A choice empties the input (after the combobox has written the chosen label into it), ready for the next.
  React.useLayoutEffect(() => setSearch(''), [value]);

  return (
    <Field.Root
      name={name}
      id={`lm-${name}`}
      hint={restricted ? [hint, t('form.administrators.restricted')].filter(Boolean).join(' ') : hint}
      error={error}
      required={required}
    >
      <Field.Label>{label}</Field.Label>
      <Combobox
        name={name}
        value=""
        textValue={search}
        onTextValueChange={setSearch}
        onChange={add}
        disabled={locked}
        autocomplete={{ type: 'list', filter: 'contains' }}
        placeholder={t(locked && !value.length ? 'form.administrators.none' : 'form.administrators.placeholder')}
        loading={isFetching}
        loadingMessage={t('form.relation.loading')}
        noOptionsMessage={() => t('form.relation.noOptions')}
      >
        {options.map((u) => (
          <ComboboxOption key={u.id} value={String(u.id)} textValue={adminUserLabel(u)}>
            {adminUserLabel(u)}
          </ComboboxOption>
        ))}
      </Combobox>
      <Field.Hint />
      <Field.Error />
      {value.length > 0 && (
        <Flex wrap="wrap" gap={1} paddingTop={2} data-testid="administrators-chosen">
          {value.map((id) => (
            <Tag
              key={id}
              icon={<Cross />}
              label={t('form.administrators.remove', { name: nameOf(id) })}
              disabled={locked}
              onClick={(e) => {
                // The tag's button would otherwise submit the form it is in.
                e.preventDefault();
                onChange(value.filter((v) => v !== id));
              }}
            >
              {nameOf(id)}
            </Tag>
          ))}
        </Flex>
      )}
    </Field.Root>
  );
};
