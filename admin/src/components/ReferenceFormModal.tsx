import * as React from 'react';
import { Box, Grid, Modal } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useApiError } from '../api/errors';
import { useCreateReferenceMutation, useUpdateReferenceMutation } from '../api/reference';
import { useSettingsQuery } from '../api/settings';
import type { PersonUser } from '../api/users';
import type { RelationRef, ReferenceRecord } from '../api/types';
import type { FieldDef, ReferenceResource } from '../resources';
import { useT } from '../utils/translations';
import { AdministratorsField } from './AdministratorsField';
import { BooleanField, NumberField, SelectField, TextareaField, TextField } from './Fields';
import { FormModalFooter } from './FormModalFooter';
import { PersonUserField } from './PersonUserField';
import { RelationCombobox } from './RelationCombobox';
import { useReturnFocus } from '../hooks/useReturnFocus';
import { AssetInstallations } from './installations/AssetInstallations';
import { AssetLicenses } from './installations/AssetLicenses';

type Values = Record<string, unknown>;

export const initialValues = (fields: FieldDef[], record?: Partial<ReferenceRecord>): Values =>
  Object.fromEntries(
    fields.map((f) => {
      const v = record?.[f.name];
      if (f.kind === 'relation') return [f.name, (v as RelationRef | null) ?? null];
      if (f.kind === 'boolean') return [f.name, (v as boolean | null) ?? (f.name === 'active' ? true : false)];
      // A choice with a default shows it chosen: what the server would store when it is left alone.
      if (f.kind === 'enum') return [f.name, (v as string | null) ?? f.default ?? ''];
      // A number with a default likewise (an asset's processors); without one, empty (unknown).
      if (f.kind === 'integer') return [f.name, (v as number | null) ?? f.default];
      // Admin user ids; none when the record has none, or was not read with them.
      if (f.kind === 'administrators') return [f.name, Array.isArray(v) ? (v as number[]) : []];
      return [f.name, (v as string | null) ?? ''];
    }),
  );

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * Administrators are sent only when they change: on an edit, when they differ from the record's,
 * and never when the record was not read with them; on a create, when some are chosen. A role with
 * conditions may not change them (the server's 400), so a form it saves leaves them out.
 */
const administratorsPayload = (name: string, ids: number[], record?: Partial<ReferenceRecord>): [string, unknown][] => {
  if (!record?.documentId) return ids.length ? [[name, ids]] : [];
  const before = record[name];
  return Array.isArray(before) && !sameIds(ids, before as number[]) ? [[name, ids]] : [];
};

/**
 * Empty texts and numbers become null and relations their documentId: the shape the API writes. A
 * choice left empty is not sent (a choice cannot be null; the server keeps it, or gives a new record
 * its default). A number with a default cleared is sent as null: the server's 400 names the field.
 * `record`: the record edited (as read), or the initial values of a new one.
 */
export const toPayload = (fields: FieldDef[], values: Values, record?: Partial<ReferenceRecord>) =>
  Object.fromEntries(
    fields.flatMap((f): [string, unknown][] => {
      const v = values[f.name];
      if (f.kind === 'administrators') return administratorsPayload(f.name, (v as number[] | undefined) ?? [], record);
      if (f.kind === 'relation') return [[f.name, (v as RelationRef | null)?.documentId ?? null]];
      if (f.kind === 'boolean') return [[f.name, !!v]];
      if (f.kind === 'integer') return [[f.name, (v as number | undefined) ?? null]];
      const text = String(v ?? '').trim();
      if (f.kind === 'enum' && text === '') return [];
      return [[f.name, text === '' ? null : text]];
    }),
  );

/**
 * A person's sign-in user, sent as its id (or null) only when it changed: on an edit, when it
 * differs from the record's; on a create, when one is chosen. Never when persons have no user.
 */
const personUserPayload = (withUser: boolean, before: PersonUser | null, after: PersonUser | null) =>
  withUser && (after?.id ?? null) !== (before?.id ?? null) ? { user: after?.id ?? null } : {};

export interface ReferenceFormModalProps {
  resource: ReferenceResource;
  /** The record to edit; without a documentId, initial values of a new record. */
  record?: Partial<ReferenceRecord>;
  onClose: () => void;
  onSaved: (record: ReferenceRecord) => void;
}

/** Create or edit one reference record (software, person, asset, ...), the server's errors on their fields; an asset's edit also lists its installations. */
export const ReferenceFormModal = ({ resource, record, onClose, onSaved }: ReferenceFormModalProps) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const [createReference] = useCreateReferenceMutation();
  const [updateReference] = useUpdateReferenceMutation();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const [values, setValues] = React.useState<Values>(() => initialValues(resource.fields, record));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [isSaving, setIsSaving] = React.useState(false);
  const isEdit = !!record?.documentId;
  const set = (name: string) => (value: unknown) => setValues((v) => ({ ...v, [name]: value }));
  // Persons have a sign-in user only when the settings say the plugin config gives them one.
  const isPersons = resource.api === 'persons';
  const { data: settings } = useSettingsQuery(undefined, { skip: !isPersons });
  const withUser = isPersons && settings?.personsUserRelation === true;
  const initialUser = (record?.user as PersonUser | null | undefined) ?? null;
  const [user, setUser] = React.useState<PersonUser | null>(initialUser);

  const handleSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const missing = resource.fields.filter((f) => f.required && !values[f.name] && values[f.name] !== false);
    if (missing.length) {
      setErrors(Object.fromEntries(missing.map((f) => [f.name, t('form.error.required')])));
      return;
    }
    setIsSaving(true);
    try {
      const data = { ...toPayload(resource.fields, values, record), ...personUserPayload(withUser, initialUser, user) };
      const saved = isEdit
        ? await updateReference({ resource: resource.api, documentId: record!.documentId!, data }).unwrap()
        : await createReference({ resource: resource.api, data }).unwrap();
      toggleNotification({ type: 'success', message: t(isEdit ? 'notification.saved' : 'notification.created') });
      onSaved(saved);
    } catch (error) {
      // Errors on fields are shown there; only others need the notification.
      // A refused choice is worded with the choices' labels, not the API's values.
      const { fields } = apiError.describe(error, (field, value) => {
        const def = resource.fields.find((f) => f.name === field);
        return def?.kind === 'enum' ? t(def.optionLabel(value)) : value;
      });
      // A list's entry ("administrators.2") shows on its field.
      const byField: Record<string, string> = {};
      for (const [path, message] of Object.entries(fields)) byField[path.split('.')[0]] ??= message;
      setErrors(byField);
      if (!Object.keys(byField).length) apiError.notify(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus}>
        <form onSubmit={handleSubmit} noValidate>
          <Modal.Header closeLabel={t('action.close')}>
            <Modal.Title>{t(isEdit ? resource.editTitle : resource.createTitle)}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Grid.Root gap={4}>
              {resource.fields.map((f) => {
                const common = {
                  name: f.name,
                  label: t(f.label),
                  hint: f.hint ? t(f.hint) : undefined,
                  error: errors[f.name],
                  required: f.required,
                };
                const wide = f.kind === 'textarea' || f.kind === 'administrators';
                return (
                  <Grid.Item key={f.name} col={wide ? 12 : 6} s={12} direction="column" alignItems="stretch">
                    {f.kind === 'administrators' ? (
                      // An edit of a record read without its administrators would lose them: they are not sent, so not offered.
                      <AdministratorsField
                        {...common}
                        disabled={isEdit && !Array.isArray(record?.[f.name])}
                        value={values[f.name] as number[]}
                        onChange={set(f.name)}
                      />
                    ) : f.kind === 'relation' ? (
                      <RelationCombobox {...common} resource={f.resource} value={values[f.name] as RelationRef | null} onChange={set(f.name)} />
                    ) : f.kind === 'boolean' ? (
                      <BooleanField {...common} value={values[f.name] as boolean} onChange={set(f.name)} />
                    ) : f.kind === 'enum' ? (
                      <SelectField
                        {...common}
                        value={values[f.name] as string}
                        onChange={set(f.name)}
                        options={f.options.map((o) => ({ value: o, label: t(f.optionLabel(o)) }))}
                      />
                    ) : f.kind === 'integer' ? (
                      <NumberField {...common} value={values[f.name] as number | undefined} onChange={set(f.name)} />
                    ) : f.kind === 'textarea' ? (
                      <TextareaField {...common} value={values[f.name] as string} onChange={set(f.name)} />
                    ) : (
                      <TextField {...common} type={f.kind === 'email' ? 'email' : 'text'} value={values[f.name] as string} onChange={set(f.name)} />
                    )}
                  </Grid.Item>
                );
              })}
              {withUser && (
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <PersonUserField
                    name="user"
                    label={t('field.signInUser')}
                    hint={t('field.signInUser.hint')}
                    error={errors.user}
                    value={user}
                    onChange={setUser}
                  />
                </Grid.Item>
              )}
            </Grid.Root>
            {/* Assets have no detail view: an asset's licenses and installations show, read-only, side by side in its edit window. */}
            {resource.api === 'assets' && isEdit && (
              <Box paddingTop={6}>
                <Grid.Root gap={6}>
                  <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                    <AssetLicenses asset={record!.documentId!} />
                  </Grid.Item>
                  <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
                    <AssetInstallations asset={record!.documentId!} />
                  </Grid.Item>
                </Grid.Root>
              </Box>
            )}
          </Modal.Body>
          <FormModalFooter isSaving={isSaving} />
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
