import * as React from 'react';
import { Flex, IconButton } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useApiError } from '../../api/errors';
import { useDeleteReferenceMutation, useLazyReferenceRecordQuery } from '../../api/reference';
import type { ReferenceRecord, RelationRef } from '../../api/types';
import { usePermissions } from '../../hooks/usePermissions';
import { REFERENCE } from '../../resources';
import { useT } from '../../utils/translations';
import type { BaseProps } from '../Fields';
import { ConfirmDialog } from '../ConfirmDialog';
import { ReferenceFormModal } from '../ReferenceFormModal';
import { RelationCombobox } from '../RelationCombobox';

export interface SoftwareFieldProps extends BaseProps {
  value: RelationRef | null;
  onChange: (value: RelationRef | null) => void;
}

/**
 * The license's software (manual item 3): chosen from the list, and, for users who manage reference
 * data, added in place ("Create ..." or +), edited or deleted next to its label. The software
 * list's cache tag refreshes the options after each.
 */
export const SoftwareField = ({ value, onChange, ...props }: SoftwareFieldProps) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const { canManageReference } = usePermissions();
  const [loadSoftware] = useLazyReferenceRecordQuery();
  const [deleteSoftware] = useDeleteReferenceMutation();
  const [editing, setEditing] = React.useState<Partial<ReferenceRecord> | null>(null);
  const [confirmDelete, setConfirmDelete] = React.useState(false);

  const edit = async (documentId: string) => {
    try {
      setEditing(await loadSoftware({ resource: 'software', documentId }).unwrap());
    } catch (error) {
      apiError.notify(error);
    }
  };

  const remove = async () => {
    if (!value) return;
    setConfirmDelete(false);
    try {
      await deleteSoftware({ resource: 'software', documentId: value.documentId }).unwrap();
      onChange(null);
      toggleNotification({ type: 'success', message: t('notification.deleted') });
    } catch (error) {
      apiError.notify(error);
    }
  };

  const actions = canManageReference ? (
    <Flex gap={1}>
      <IconButton label={t('form.software.add')} variant="ghost" onClick={() => setEditing({})}>
        <Plus />
      </IconButton>
      {value && (
        <>
          <IconButton label={t('form.software.edit')} variant="ghost" onClick={() => edit(value.documentId)}>
            <Pencil />
          </IconButton>
          <IconButton label={t('form.software.delete')} variant="ghost" onClick={() => setConfirmDelete(true)}>
            <Trash />
          </IconButton>
        </>
      )}
    </Flex>
  ) : undefined;

  return (
    <>
      <RelationCombobox
        {...props}
        resource="software"
        value={value}
        onChange={onChange}
        onCreate={canManageReference ? (name) => setEditing({ name }) : undefined}
        labelAction={actions}
      />
      {editing && (
        <ReferenceFormModal
          resource={REFERENCE.software}
          record={editing}
          onClose={() => setEditing(null)}
          onSaved={(software) => {
            setEditing(null);
            onChange(software as RelationRef);
          }}
        />
      )}
      <ConfirmDialog open={confirmDelete} onCancel={() => setConfirmDelete(false)} onConfirm={remove}>
        {t('form.software.deleteConfirm')}
      </ConfirmDialog>
    </>
  );
};
