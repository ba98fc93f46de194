import * as React from 'react';
import { Button, Grid, Modal } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { fieldErrorsOf, messageOf } from '../api/errors';
import { useValidationMessage } from '../utils/validationMessages';
import type { ItemResponse, RelationRef, ReferenceRecord } from '../api/types';
import { API } from '../api/useApi';
import type { FieldDef, ReferenceResource } from '../resources';
import { useT } from '../utils/translations';
import { BooleanField, SelectField, TextareaField, TextField } from './Fields';
import { RelationCombobox } from './RelationCombobox';

type Values = Record<string, unknown>;

const initialValues = (fields: FieldDef[], record?: Partial<ReferenceRecord>): Values =>
  Object.fromEntries(
    fields.map((f) => {
      const v = record?.[f.name];
      if (f.kind === 'relation') return [f.name, (v as RelationRef | null) ?? null];
      if (f.kind === 'boolean') return [f.name, (v as boolean | null) ?? (f.name === 'active' ? true : false)];
      return [f.name, (v as string | null) ?? ''];
    })
  );

/** Empty texts become null and relations their documentId: the shape the API writes. */
const toPayload = (fields: FieldDef[], values: Values) =>
  Object.fromEntries(
    fields.map((f) => {
      const v = values[f.name];
      if (f.kind === 'relation') return [f.name, (v as RelationRef | null)?.documentId ?? null];
      if (f.kind === 'boolean') return [f.name, !!v];
      const text = String(v ?? '').trim();
      return [f.name, text === '' ? null : text];
    })
  );

export interface ReferenceFormModalProps {
  resource: ReferenceResource;
  /** The record to edit; without a documentId, initial values of a new record. */
  record?: Partial<ReferenceRecord>;
  onClose: () => void;
  onSaved: (record: ReferenceRecord) => void;
}

/** Create or edit one reference record (software, person, asset, ...), the server's errors on their fields. */
export const ReferenceFormModal = ({ resource, record, onClose, onSaved }: ReferenceFormModalProps) => {
  const t = useT();
  const message = useValidationMessage();
  const { post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [values, setValues] = React.useState<Values>(() => initialValues(resource.fields, record));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [isSaving, setIsSaving] = React.useState(false);
  const isEdit = !!record?.documentId;
  const set = (name: string) => (value: unknown) => setValues((v) => ({ ...v, [name]: value }));

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
      const body = { data: toPayload(resource.fields, values) };
      const res = isEdit
        ? await put<ItemResponse<ReferenceRecord>>(`${API}/${resource.api}/${record!.documentId}`, body)
        : await post<ItemResponse<ReferenceRecord>>(`${API}/${resource.api}`, body);
      toggleNotification({ type: 'success', message: t(isEdit ? 'notification.saved' : 'notification.created') });
      onSaved(res.data.data);
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error, message);
      setErrors(fieldErrors);
      if (!Object.keys(fieldErrors).length) {
        toggleNotification({ type: 'danger', message: messageOf(error, t('notification.error')) });
      }
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
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
                const wide = f.kind === 'textarea';
                return (
                  <Grid.Item key={f.name} col={wide ? 12 : 6} s={12} direction="column" alignItems="stretch">
                    {f.kind === 'relation' ? (
                      <RelationCombobox
                        {...common}
                        resource={f.resource}
                        value={values[f.name] as RelationRef | null}
                        onChange={set(f.name)}
                      />
                    ) : f.kind === 'boolean' ? (
                      <BooleanField {...common} value={values[f.name] as boolean} onChange={set(f.name)} />
                    ) : f.kind === 'enum' ? (
                      <SelectField
                        {...common}
                        value={values[f.name] as string}
                        onChange={set(f.name)}
                        options={f.options.map((o) => ({ value: o, label: t(f.optionLabel(o)) }))}
                      />
                    ) : f.kind === 'textarea' ? (
                      <TextareaField {...common} value={values[f.name] as string} onChange={set(f.name)} />
                    ) : (
                      <TextField
                        {...common}
                        type={f.kind === 'email' ? 'email' : 'text'}
                        value={values[f.name] as string}
                        onChange={set(f.name)}
                      />
                    )}
                  </Grid.Item>
                );
              })}
            </Grid.Root>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('action.cancel')}</Button>
            </Modal.Close>
            <Button type="submit" loading={isSaving}>
              {t('action.save')}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
