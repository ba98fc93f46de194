/** A table of reminders: what a run would send (preview) or what was sent (record), with the columns they share. */
import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Link } from 'react-router-dom';
import type { Reminder, ReminderPreviewItem } from '../../api/types';
import { PLUGIN_ID } from '../../pluginId';
import { useT, type TranslationKey } from '../../utils/translations';
import { ToneBadge } from '../Badges';
import { useFormatDateTime, useFormatDay } from '../../utils/formatDates';
import { kindLabel } from './ReminderSettingsFields';

const STATE_BADGE = { sent: 'success', failed: 'danger', sending: 'secondary' } as const;

/**
 * Strapi's Table keeps every cell on one line; the record's seven columns do not fit a 1440 px screen
 * in French that way, so a name, a kind and a stage may wrap between words (a date never does).
 */
const WRAP = { whiteSpace: 'normal' } as const;

const isRecord = (r: ReminderPreviewItem | Reminder): r is Reminder => 'state' in r;

/** An e-mail address that may wrap only after its @ (never at a dot or hyphen inside a part). */
const Address = ({ value }: { value: string }) => {
  const at = value.lastIndexOf('@');
  if (at < 0) return <span style={{ whiteSpace: 'nowrap' }}>{value}</span>;
  return (
    <>
      <span style={{ whiteSpace: 'nowrap' }}>{value.slice(0, at + 1)}</span>
      <wbr />
      <span style={{ whiteSpace: 'nowrap' }}>{value.slice(at + 1)}</span>
    </>
  );
};

export const ReminderTable = ({ rows, withState, testId }: { rows: (ReminderPreviewItem | Reminder)[]; withState?: boolean; testId: string }) => {
  const t = useT();
  const formatDay = useFormatDay();
  const formatDateTime = useFormatDateTime();
  // The record leaves out the recipients for a user who may not see the reminder settings.
  const withRecipients = rows.every((r) => r.recipients !== undefined);
  const labels: TranslationKey[] = [
    'reminders.column.license',
    'reminders.column.kind',
    'reminders.column.offset',
    'reminders.column.dueDate',
    ...(withRecipients ? (['reminders.column.recipients'] as const) : []),
    // The attempts are counted under the state, not in a column of their own: eight columns cut the last header at 1440 px.
    ...(withState ? (['reminders.column.state', 'reminders.column.sentAt'] as const) : []),
  ];
  return (
    <Table colCount={labels.length} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {labels.map((label) => (
            <Th key={label}>
              <Typography variant="sigma">{t(label)}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((r, i) => (
          <Tr key={`${r.license.documentId}-${r.kind}-${r.dueDate}-${r.offset}-${i}`} data-testid={testId}>
            <Td>
              <Link to={`/plugins/${PLUGIN_ID}/licenses/${r.license.documentId}`}>
                <Typography textColor="primary600" style={WRAP}>
                  {r.license.name}
                </Typography>
              </Link>
            </Td>
            <Td>
              <Typography textColor="neutral800" style={WRAP}>
                {t(kindLabel(r.kind))}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800" style={WRAP}>
                {t('reminders.offset', { days: r.offset })}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{formatDay(r.dueDate)}</Typography>
            </Td>
            {withRecipients && (
              <Td>
                {r.recipients?.length ? (
                  // One address a line, broken (when it must) only after its @: it must read as written.
                  r.recipients.map((address) => (
                    <Typography key={address} tag="div" textColor="neutral800">
                      <Address value={address} />
                    </Typography>
                  ))
                ) : (
                  <Typography textColor="neutral800">{t('reminders.noRecipients')}</Typography>
                )}
              </Td>
            )}
            {withState && isRecord(r) && (
              <>
                <Td>
                  <ToneBadge tone={STATE_BADGE[r.state]}>{t(`reminders.state.${r.state}` as TranslationKey)}</ToneBadge>
                  {/* Why it failed: the mail server's answer (only to who may see the recipients). */}
                  {r.state === 'failed' && r.error && (
                    <Typography
                      tag="p"
                      variant="pi"
                      textColor="danger600"
                      style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
                      data-testid="reminder-error"
                    >
                      {r.error}
                    </Typography>
                  )}
                  <Typography tag="p" variant="pi" textColor="neutral600">
                    {t('reminders.attempts', { attempts: r.attempts })}
                  </Typography>
                </Td>
                <Td>
                  <Typography textColor="neutral800">{formatDateTime(r.sentAt) || '-'}</Typography>
                </Td>
              </>
            )}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
