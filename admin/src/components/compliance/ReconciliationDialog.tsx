/** A software's reconciliation (guide.md, "Compliance"): installed without a license, and assigned but not installed. */
import { Modal, Tabs } from '@strapi/design-system';
import type { ComplianceRow } from '../../api/types';
import { useReturnFocus } from '../../hooks/useReturnFocus';
import { labelOf } from '../../resources';
import { useT } from '../../utils/translations';
import { ReconciliationList } from './ReconciliationList';

export const ReconciliationDialog = ({
  row,
  filters,
  onClose,
}: {
  row: ComplianceRow;
  /** The report's organization and category: the lists narrow as the report does. */
  filters: Record<string, string | undefined>;
  onClose: () => void;
}) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const software = row.software.documentId;
  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus} style={{ maxWidth: '96rem', width: '90vw' }}>
        <Modal.Header closeLabel={t('action.close')}>
          <Modal.Title>{t('compliance.reconciliation.title', { name: labelOf(row.software) })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Tabs.Root defaultValue={row.installedUnlicensed > 0 || row.assignedNotInstalled === 0 ? 'installedUnlicensed' : 'assignedNotInstalled'}>
            <Tabs.List aria-label={t('compliance.reconciliation.title', { name: labelOf(row.software) })}>
              <Tabs.Trigger value="installedUnlicensed">{`${t('compliance.reconciliation.unlicensed')} (${row.installedUnlicensed})`}</Tabs.Trigger>
              <Tabs.Trigger value="assignedNotInstalled">{`${t('compliance.reconciliation.reclaim')} (${row.assignedNotInstalled})`}</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="installedUnlicensed">
              <ReconciliationList software={software} list="installedUnlicensed" filters={filters} />
            </Tabs.Content>
            <Tabs.Content value="assignedNotInstalled">
              <ReconciliationList software={software} list="assignedNotInstalled" filters={filters} />
            </Tabs.Content>
          </Tabs.Root>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
};
