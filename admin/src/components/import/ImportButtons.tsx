/**
 * The license list's imports, beside its exports: "Import" (licenses) needs licenses.create and
 * licenses.update, "Import assignments" licenses.assign, "Import purchases" licenses.update; a
 * user without them does not see the button (the server checks each request again).
 */
import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import type { ImportKind } from '../../api/import';
import { usePermissions } from '../../hooks/usePermissions';
import { useT } from '../../utils/translations';
import { ImportDialog } from './ImportDialog';

export const ImportButtons = () => {
  const t = useT();
  const { canCreate, canUpdate, canAssign, canManageReference } = usePermissions();
  const [open, setOpen] = React.useState<ImportKind | null>(null);
  const canImportLicenses = canCreate && canUpdate;
  if (!canImportLicenses && !canAssign && !canUpdate) return null;

  return (
    <Flex gap={2} wrap="wrap">
      {canImportLicenses && (
        <Button variant="secondary" startIcon={<Upload />} onClick={() => setOpen('licenses')}>
          {t('import.open.licenses')}
        </Button>
      )}
      {canAssign && (
        <Button variant="tertiary" startIcon={<Upload />} onClick={() => setOpen('assignments')}>
          {t('import.open.assignments')}
        </Button>
      )}
      {canUpdate && (
        <Button variant="tertiary" startIcon={<Upload />} onClick={() => setOpen('purchases')}>
          {t('import.open.purchases')}
        </Button>
      )}
      {open && <ImportDialog kind={open} canCreateMissing={canManageReference} onClose={() => setOpen(null)} />}
    </Flex>
  );
};
