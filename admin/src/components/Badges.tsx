/** Badges the pages share: one tone per meaning, and a license's status. */
import type * as React from 'react';
import { Badge } from '@strapi/design-system';
import type { LicenseStatus } from '../../../shared/constants';
import { useT } from '../utils/translations';

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
