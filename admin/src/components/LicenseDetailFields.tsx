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

const Item = ({ label, value }: { label: string; value: React.ReactNode }) => (
  <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography textColor="neutral800">{value === '' || value == null ? '-' : value}</Typography>
  </Grid.Item>
);

/** The totals the server adds to a read, shown after the quantity they multiply. */
const AFTER: Partial<Record<LicenseFieldName, ('totalNet' | 'totalGross')[]>> = { quantity: ['totalNet', 'totalGross'] };

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
        const spec = LICENSE_FIELDS[name] as LicenseFieldSpec;
        const value = license[name as keyof License] as unknown;
        // The currency is shown with each amount rather than on its own.
        const own = spec.kind === 'currency' ? [] : [<Item key={name} label={t(spec.label as TranslationKey)} value={shown(spec, name, value)} />];
        const totals = (AFTER[name] ?? []).map((read) => (
          <Item key={read} label={t(LICENSE_READ_VALUES[read].label)} value={formatMoney(license[read], license.currency)} />
        ));
        return [...own, ...totals];
      })}
    </Grid.Root>
  );
};
