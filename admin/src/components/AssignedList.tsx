import { IconButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useAllAssignmentsQuery, useUnassignMutation, type AssignKind } from '../api/assignments';
import { useApiError } from '../api/errors';
import type { License } from '../api/types';
import { labelOf } from '../resources';
import { useT } from '../utils/translations';
import { ActionsTableHead } from './ActionsTableHead';
import { useFormatDateTime } from '../utils/formatDates';

/** The persons or assets assigned to a license, each with its unassign button. */
export const AssignedList = ({ license, kind, canAssign }: { license: License; kind: AssignKind; canAssign: boolean }) => {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const [unassignOne] = useUnassignMutation();
  const { data, error } = useAllAssignmentsQuery({ licenseId: license.documentId, kind });
  const unassign = async (assignmentId: string) => {
    try {
      await unassignOne({ licenseId: license.documentId, assignmentId }).unwrap();
      toggleNotification({ type: 'success', message: t('notification.unassigned') });
    } catch (e) {
      apiError.notify(e);
    }
  };
  if (error) return <Typography textColor="danger600">{t('notification.error')}</Typography>;
  if (!data) return <Typography textColor="neutral600">{t('list.loading')}</Typography>;
  if (!data.length) return <Typography textColor="neutral600">{t(kind === 'person' ? 'detail.persons.empty' : 'detail.assets.empty')}</Typography>;
  return (
    <Table colCount={4} rowCount={data.length + 1}>
      <ActionsTableHead labels={[t('field.name'), t(kind === 'person' ? 'field.email' : 'field.inventoryNumber'), t('detail.assignedAt')]} />
      <Tbody>
        {data.map((a) => {
          const name = kind === 'person' ? labelOf(a.person) : labelOf(a.asset);
          return (
            <Tr key={a.documentId} data-testid={`assigned-${kind}`}>
              <Td>
                <Typography textColor="neutral800">{name}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral600">{(kind === 'person' ? a.person?.email : a.asset?.inventoryNumber) ?? '-'}</Typography>
              </Td>
              <Td>
                <Typography textColor="neutral600">{formatDateTime(a.assignedAt)}</Typography>
              </Td>
              <Td>
                {canAssign && (
                  <IconButton label={t('detail.unassign', { name })} variant="ghost" onClick={() => unassign(a.documentId)}>
                    <Trash />
                  </IconButton>
                )}
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
