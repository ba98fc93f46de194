/** Small pieces the license pages share: the seats bar, the status badge, dates, a table's header (amounts: utils/money). */
import type * as React from 'react';
import { Badge, Box, Flex, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { LicenseStatus } from '../../../shared/constants';
import type { Seats } from '../api/types';
import { useT } from '../utils/translations';

/**
 * Seats as "used / total" with a bar: blue while seats are left, orange when all are taken, red
 * with a shortfall. (The design system's ProgressBar is drawn for dark backgrounds.)
 */
export const SeatsBar = ({ seats, size = 'S' }: { seats: Seats; size?: 'S' | 'M' }) => {
  const t = useT();
  const percent = seats.total ? Math.min(100, Math.round((seats.used / seats.total) * 100)) : 0;
  const over = seats.shortfall > 0;
  const fill = over ? 'danger600' : seats.available === 0 ? 'warning500' : 'primary600';
  return (
    <Flex gap={2} alignItems="center" title={t('seats.summary', { used: seats.used, total: seats.total, available: seats.available })}>
      <Box
        role="meter"
        aria-label={t('seats.label')}
        aria-valuemin={0}
        aria-valuemax={seats.total}
        aria-valuenow={seats.used}
        background="neutral150"
        hasRadius
        width={size === 'S' ? '6.4rem' : '24rem'}
        height={size === 'S' ? '0.6rem' : '1rem'}
        overflow="hidden"
      >
        <Box background={fill} height="100%" style={{ width: `${over ? 100 : percent}%` }} />
      </Box>
      <Typography variant="pi" textColor={over ? 'danger600' : 'neutral800'} fontWeight={over ? 'bold' : undefined}>
        {t('seats.usedOfTotal', { used: seats.used, total: seats.total })}
      </Typography>
    </Flex>
  );
};

/**
 * A badge in a tone. The design system's `danger` and `warning` variants (x700 on x200) measure 3.9:1
 * and 3.6:1 at 11 px, under WCAG AA's 4.5:1: danger700 on danger100 gives 5.4:1, and warning700 reaches
 * 4.5:1 on no warning background, so the warning badge keeps its colour in the background with dark text
 * (10:1). Both hold in the dark theme too. `success` (5.2:1) and the others keep their variant.
 */
export type BadgeTone = 'danger' | 'warning' | 'success' | 'secondary' | 'primary';
const TONES: Partial<Record<BadgeTone, { textColor: string; backgroundColor: string }>> = {
  danger: { textColor: 'danger700', backgroundColor: 'danger100' },
  warning: { textColor: 'neutral800', backgroundColor: 'warning200' },
};
export const ToneBadge = ({ tone, children }: { tone: BadgeTone; children: React.ReactNode }) => {
  const colors = TONES[tone];
  return colors ? <Badge {...colors}>{children}</Badge> : <Badge variant={tone}>{children}</Badge>;
};

/** Expired and expiring licenses get a badge; active ones only when `showActive`. */
export const StatusBadge = ({ status, showActive = false }: { status: LicenseStatus; showActive?: boolean }) => {
  const t = useT();
  if (status === 'expired') return <ToneBadge tone="danger">{t('status.expired')}</ToneBadge>;
  if (status === 'expiring') return <ToneBadge tone="warning">{t('status.expiring')}</ToneBadge>;
  return showActive ? <ToneBadge tone="success">{t('status.active')}</ToneBadge> : null;
};

/** Formats a calendar date "YYYY-MM-DD" in the user's locale, without shifting it by a time zone. */
export const useFormatDay = () => {
  const { formatDate } = useIntl();
  return (day: string | null | undefined) =>
    day ? formatDate(new Date(`${day}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' }) : '';
};

export const useFormatDateTime = () => {
  const { formatDate } = useIntl();
  return (value: string | null | undefined) => (value ? formatDate(new Date(value), { dateStyle: 'medium', timeStyle: 'short' }) : '');
};

/** The header of the detail view's tables: the columns' labels, then the row actions' column (named for screen readers). */
export const ActionsTableHead = ({ labels }: { labels: string[] }) => {
  const t = useT();
  return (
    <Thead>
      <Tr>
        {labels.map((label) => (
          <Th key={label}>
            <Typography variant="sigma">{label}</Typography>
          </Th>
        ))}
        <Th>
          <VisuallyHidden>{t('list.actions')}</VisuallyHidden>
        </Th>
      </Tr>
    </Thead>
  );
};
