import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useHistoryQuery } from '../api/history';
import { labelOf } from '../resources';
import { useT, type TranslationKey } from '../utils/translations';
import { useFormatDateTime } from '../utils/formatDates';

/** A license's history as a timeline, newest first; "Show more" loads further events. */
export const LicenseHistory = ({ licenseId }: { licenseId: string }) => {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const [pageSize, setPageSize] = React.useState(10);
  const { data } = useHistoryQuery({ licenseId, page: 1, pageSize });
  if (!data) return <Typography textColor="neutral600">{t('list.loading')}</Typography>;
  if (!data.data.length) return <Typography textColor="neutral600">{t('history.empty')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={0} tag="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {data.data.map((event, i) => (
        <Flex key={event.documentId} tag="li" gap={3} alignItems="stretch">
          <Flex direction="column" alignItems="center">
            <Box width="1rem" height="1rem" marginTop={1} hasRadius background="primary600" style={{ borderRadius: '50%' }} />
            {i < data.data.length - 1 && <Box width="2px" flex="1" background="neutral200" />}
          </Flex>
          <Flex direction="column" alignItems="flex-start" gap={1} paddingBottom={4}>
            <Typography fontWeight="bold" textColor="neutral800">
              {t(`history.action.${event.action}` as TranslationKey)}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {t('history.byAt', { actor: event.actor, at: formatDateTime(event.at) })}
            </Typography>
            {event.changes && Object.keys(event.changes).length > 0 && (
              <Typography variant="pi" textColor="neutral600">
                {changesText(event.action, event.changes, t('keys.unlabelled'))}
              </Typography>
            )}
          </Flex>
        </Flex>
      ))}
      {data.meta.pagination.total > data.data.length && (
        <Box>
          <Button variant="tertiary" size="S" onClick={() => setPageSize((n) => n + 20)}>
            {t('history.more')}
          </Button>
        </Box>
      )}
    </Flex>
  );
};

/**
 * What an entry changed, as text. A key added or removed reads as its label: its documentId, a
 * random string, would pass for the key's value.
 */
export const changesText = (action: string, changes: Record<string, unknown>, unlabelled: string): string => {
  if (action === 'key_added' || action === 'key_removed') return String(changes.label || unlabelled);
  // A purchase's entry: its fields' changes and the seat total's, not its documentId.
  if (action.startsWith('purchase_')) {
    const { fields, seatsTotal } = changes as { fields?: Record<string, unknown>; seatsTotal?: unknown };
    return summarize({ ...fields, ...(seatsTotal ? { seatsTotal } : {}) });
  }
  return summarize(changes);
};

/** Changes as "field: old → new"; other shapes are listed by their keys. */
const summarize = (changes: Record<string, unknown>): string =>
  Object.entries(changes)
    .map(([field, change]) => {
      if (change && typeof change === 'object' && 'from' in change && 'to' in change) {
        const c = change as { from: unknown; to: unknown };
        return `${field}: ${show(c.from)} → ${show(c.to)}`;
      }
      if (change && typeof change === 'object' && 'old' in change && 'new' in change) {
        const c = change as { old: unknown; new: unknown };
        return `${field}: ${show(c.old)} → ${show(c.new)}`;
      }
      if (Array.isArray(change)) return `${field}: ${change.length}`;
      return `${field}: ${show(change)}`;
    })
    .join('; ');

const show = (v: unknown): string => {
  if (v == null) return '-';
  if (Array.isArray(v)) return v.map(show).join(', ');
  if (typeof v === 'object') return labelOf(v as Record<string, unknown>) || JSON.stringify(v);
  return String(v);
};
