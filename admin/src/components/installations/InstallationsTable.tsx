/** Installations as a plain table: the reported name, version and publisher, the device, what they are recognized as, their state. */
import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { Installation } from '../../api/types';
import { labelOf } from '../../resources';
import { useFormatDateTime } from '../../utils/formatDates';
import { useT, type TranslationKey } from '../../utils/translations';
import { ToneBadge, type BadgeTone } from '../Badges';

const STATE_TONE: Record<Installation['state'], BadgeTone> = {
  recognized: 'success',
  unrecognized: 'warning',
  ignored: 'secondary',
  unmatched: 'warning',
  stale: 'secondary',
};

export const InstallationStateBadge = ({ state }: { state: Installation['state'] }) => {
  const t = useT();
  return <ToneBadge tone={STATE_TONE[state]}>{t(`installations.state.${state}` as TranslationKey)}</ToneBadge>;
};

export const InstallationsTable = ({ rows, testId = 'installation-row' }: { rows: Installation[]; testId?: string }) => {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const labels = [
    t('installations.column.name'),
    t('installations.column.version'),
    t('installations.column.publisher'),
    t('installations.column.device'),
    t('installations.column.software'),
    t('installations.column.state'),
    t('installations.column.lastSeen'),
  ];
  return (
    <Table colCount={labels.length} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {labels.map((label) => (
            <Th key={label}>
              <Typography variant="sigma">{label}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((i) => (
          <Tr key={i.documentId} data-testid={testId}>
            {[i.rawName, i.rawVersion, i.rawPublisher, i.hostname ?? i.serialNumber, labelOf(i.software)].map((value, n) => (
              <Td key={n}>
                <Typography textColor="neutral800">{value || '-'}</Typography>
              </Td>
            ))}
            <Td>
              <InstallationStateBadge state={i.state} />
            </Td>
            <Td>
              <Typography textColor="neutral800">{formatDateTime(i.lastSeen) || '-'}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
