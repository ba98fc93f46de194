/** The detail page's "Basic information": the license's fields in the form's order, each formatted by its kind. */
import * as React from 'react';
import { Grid, Typography } from '@strapi/design-system';
import { LICENSE_FIELDS, LICENSE_READ_VALUES, licenseFormOrder, type LicenseFieldName } from '../../../shared/fields/license';
import type { LicenseFieldSpec } from '../../../shared/fields/types';
import type { License, RelationRef } from '../api/types';
import { labelOf } from '../resources';
import { useFormatMoney } from '../utils/money';
import { useT, type TranslationKey } from '../utils/translations';
import { useFormatDay } from '../utils/formatDates';
import { shownIn } from './license-form/values';

const Item = ({ label, value }: { label: string; value: React.ReactNode }) => (
  <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography textColor="neutral800">{value === '' || value == null ? '-' : value}</Typography>
  </Grid.Item>
);

/** Values the server adds to a read, each shown after the field it follows: validity after the expiration date, totals and cost after the quantity. */
const AFTER: Partial<Record<LicenseFieldName, ('totalNet' | 'totalGross' | 'validUntil' | 'cost')[]>> = {
  expirationDate: ['validUntil'],
  quantity: ['totalNet', 'totalGross', 'cost'],
};

export const LicenseDetailFields = ({ license }: { license: License }) => {
  const t = useT();
  const formatDay = useFormatDay();
  const formatMoney = useFormatMoney();

  /** A field's value as read, by kind; amounts carry the license's currency, in the user's locale. */
  const shown = (spec: LicenseFieldSpec, name: string, value: unknown): React.ReactNode => {
    if (value == null) return null;
    switch (spec.kind) {
      case 'relation':
        return labelOf(value as RelationRef);
      case 'date':
        return formatDay(value as string);
      case 'money':
        return formatMoney(value as string, license.currency);
      case 'percent':
        return `${value as string} %`;
      case 'enum':
        return t(`${name}.${value as string}` as TranslationKey);
      case 'emails':
        return (value as string[]).join(', ');
      default:
        return value as React.ReactNode;
    }
  };

  return (
    <Grid.Root gap={5}>
      {licenseFormOrder().flatMap((name) => {
        if (!shownIn(license, name)) return [];
        const spec = LICENSE_FIELDS[name] as LicenseFieldSpec;
        const value = license[name as keyof License] as unknown;
        // The currency is shown with each amount rather than on its own.
        const own = spec.kind === 'currency' ? [] : [<Item key={name} label={t(spec.label as TranslationKey)} value={shown(spec, name, value)} />];
        const reads = (AFTER[name] ?? []).flatMap((read) => {
          if (read === 'validUntil') {
            const until = license.validUntil ? formatDay(license.validUntil) : t('detail.validUntil.none');
            return [<Item key={read} label={t(LICENSE_READ_VALUES[read].label)} value={until} />];
          }
          if (read === 'cost') {
            // Per currency: what the recurring purchases cost a year, and what all purchases commit.
            return license.cost.flatMap((c) => [
              <Item key={`annual-${c.currency}`} label={t('detail.cost.annualRecurring')} value={formatMoney(c.annualRecurring, c.currency)} />,
              <Item key={`committed-${c.currency}`} label={t('detail.cost.committed')} value={formatMoney(c.committed, c.currency)} />,
            ]);
          }
          return [<Item key={read} label={t(LICENSE_READ_VALUES[read].label)} value={formatMoney(license[read], license.currency)} />];
        });
        return [...own, ...reads];
      })}
    </Grid.Root>
  );
};
