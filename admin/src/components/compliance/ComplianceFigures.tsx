/** Small pieces of the Compliance page: the status badge, a row's seat totals, amounts per currency, percentages. */
import { Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ComplianceCost, ComplianceRow, ComplianceStatus } from '../../api/types';
import { PLUGIN_ID } from '../../pluginId';
import type { AssignmentModel } from '../../../../shared/constants';
import { useFormatMoney } from '../../utils/money';
import { ToneBadge, type BadgeTone } from '../Badges';
import { useT, type TranslationKey } from '../../utils/translations';

const BADGE: Record<ComplianceStatus, BadgeTone> = {
  compliant: 'success',
  at_risk: 'warning',
  non_compliant: 'danger',
  covered: 'success',
};

export const statusLabel = (status: ComplianceStatus) => `compliance.status.${status}` as TranslationKey;

export const ComplianceStatusBadge = ({ status }: { status: ComplianceStatus }) => {
  const t = useT();
  return <ToneBadge tone={BADGE[status]}>{t(statusLabel(status))}</ToneBadge>;
};

/**
 * A software's seats over its licensing models (each model keeps its own position on the server): a site
 * license's quantity is informative, so it licenses nothing here; its users are used.
 */
export const seatTotalsOf = (row: ComplianceRow) =>
  (Object.entries(row.byModel) as Array<[AssignmentModel, ComplianceRow['byModel'][AssignmentModel]]>).reduce(
    (sum, [model, m]) => ({ licensed: sum.licensed + (model === 'site' ? 0 : m.licensed), used: sum.used + m.used }),
    { licensed: 0, used: 0 },
  );

/** The license list filtered by a software: its URL filter (LicenseFilters' `software`). */
export const licensesOfSoftware = (documentId: string) => `/plugins/${PLUGIN_ID}/licenses?software=${encodeURIComponent(documentId)}`;

/** "0.9000" as "90%"; null (nothing licensed) as a dash. Display only: the figure itself stays the server's. */
export const useFormatRatio = () => {
  const { formatNumber } = useIntl();
  return (ratio: string | null) => (ratio == null ? '-' : formatNumber(Number(ratio), { style: 'percent', maximumFractionDigits: 1 }));
};

/** One amount per currency, one a line, in the user's locale (a currency is listed where a reference price or an active recurring purchase is in it). */
export const CostList = ({
  costs,
  pick,
  variant = 'omega',
  emptyText = '-',
}: {
  costs: ComplianceCost[];
  pick: 'trueUp' | 'unusedValue' | 'annualRecurring' | 'committed';
  variant?: 'omega' | 'beta';
  emptyText?: string;
}) => {
  const formatMoney = useFormatMoney();
  if (!costs.length)
    return (
      <Typography variant={variant} textColor="neutral800">
        {emptyText}
      </Typography>
    );
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {costs.map((c) => (
        <Typography key={c.currency} variant={variant} textColor="neutral800" data-testid={`cost-${pick}`}>
          {formatMoney(c[pick], c.currency)}
        </Typography>
      ))}
    </Flex>
  );
};
