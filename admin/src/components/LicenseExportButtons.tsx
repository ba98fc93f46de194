/**
 * The license list's CSV downloads: the licenses the list shows (its filters, search and sort, every
 * page), all assignments and all further purchases. Each reads as the list does (licenses.read).
 */
import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useCsvDownload, type DownloadParams } from '../api/download';
import { useApiError } from '../api/errors';
import { useT } from '../utils/translations';

type Kind = 'licenses' | 'assignments' | 'purchases';

export const LicenseExportButtons = ({ params }: { params: DownloadParams }) => {
  const t = useT();
  const apiError = useApiError();
  const download = useCsvDownload();
  const [busy, setBusy] = React.useState<Kind | null>(null);

  const run = async (kind: Kind) => {
    setBusy(kind);
    try {
      if (kind === 'licenses') await download('/licenses/export', { ...params, page: undefined, pageSize: undefined }, 'licenses');
      else await download(`/${kind}/export`, {}, kind);
    } catch (e) {
      apiError.notify(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex gap={2} wrap="wrap">
      <Button variant="secondary" startIcon={<Download />} loading={busy === 'licenses'} disabled={busy !== null} onClick={() => run('licenses')}>
        {t('licenses.export')}
      </Button>
      <Button variant="tertiary" startIcon={<Download />} loading={busy === 'assignments'} disabled={busy !== null} onClick={() => run('assignments')}>
        {t('licenses.exportAssignments')}
      </Button>
      <Button variant="tertiary" startIcon={<Download />} loading={busy === 'purchases'} disabled={busy !== null} onClick={() => run('purchases')}>
        {t('licenses.exportPurchases')}
      </Button>
    </Flex>
  );
};
