/**
 * The license list's CSV downloads: the licenses the list shows (its filters, search and sort, every
 * page) and all assignments. Both read as the list does (licenses.read).
 */
import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useCsvDownload, type DownloadParams } from '../api/download';
import { useApiError } from '../api/errors';
import { useT } from '../utils/translations';

export const LicenseExportButtons = ({ params }: { params: DownloadParams }) => {
  const t = useT();
  const apiError = useApiError();
  const download = useCsvDownload();
  const [busy, setBusy] = React.useState<'licenses' | 'assignments' | null>(null);

  const run = async (kind: 'licenses' | 'assignments') => {
    setBusy(kind);
    try {
      if (kind === 'licenses') await download('/licenses/export', { ...params, page: undefined, pageSize: undefined }, 'licenses');
      else await download('/assignments/export', {}, 'assignments');
    } catch (e) {
      apiError.notify(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex gap={2}>
      <Button variant="secondary" startIcon={<Download />} loading={busy === 'licenses'} disabled={busy !== null} onClick={() => run('licenses')}>
        {t('licenses.export')}
      </Button>
      <Button variant="tertiary" startIcon={<Download />} loading={busy === 'assignments'} disabled={busy !== null} onClick={() => run('assignments')}>
        {t('licenses.exportAssignments')}
      </Button>
    </Flex>
  );
};
