import { Box, Flex, Typography } from '@strapi/design-system';
import { SEAT_UNITS, type AssignmentModel } from '../../../shared/constants';
import type { Seats } from '../api/types';
import { useT } from '../utils/translations';

/**
 * "16 of 24 cores used, 8 available": the seats' summary in the unit the model counts (shared/constants SEAT_UNITS);
 * a site license (no total): "12 in use, no limit".
 */
export const useSeatsSummary = () => {
  const t = useT();
  return (seats: Seats, model: AssignmentModel) =>
    seats.total === null
      ? t('seats.summaryUnlimited', { used: seats.used })
      : t('seats.summary', { used: seats.used, total: seats.total, available: seats.available ?? 0, unit: t(`seats.unit.${SEAT_UNITS[model]}`) });
};

/** "12/24", or "12 / no limit" on a site license. */
export const useUsedOfTotal = () => {
  const t = useT();
  return (seats: Seats) =>
    seats.total === null ? t('seats.usedUnlimited', { used: seats.used }) : t('seats.usedOfTotal', { used: seats.used, total: seats.total });
};

/**
 * Seats as "used / total" with a bar: blue while seats are left, orange when all are taken, red
 * with a shortfall. (The design system's ProgressBar is drawn for dark backgrounds.)
 */
export const SeatsBar = ({ seats, model, size = 'S' }: { seats: Seats; model: AssignmentModel; size?: 'S' | 'M' }) => {
  const t = useT();
  const summary = useSeatsSummary();
  const usedOfTotal = useUsedOfTotal();
  const percent = seats.total ? Math.min(100, Math.round((seats.used / seats.total) * 100)) : 0;
  const over = seats.shortfall > 0;
  // A site license: an empty bar, never full.
  const fill = over ? 'danger600' : seats.available === 0 ? 'warning500' : 'primary600';
  return (
    <Flex gap={2} alignItems="center" title={summary(seats, model)}>
      <Box
        role="meter"
        aria-label={t('seats.label')}
        aria-valuemin={0}
        aria-valuemax={seats.total ?? undefined}
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
        {usedOfTotal(seats)}
      </Typography>
    </Flex>
  );
};
