import * as React from 'react';
import { Box, Grid } from '@strapi/design-system';
import { LICENSE_FIELDS, licenseFormOrder, type LicenseFieldName } from '../../../../shared/fields/license';
import { requiredUnder } from '../../../../shared/schemas';
import type { FormPlace, LicenseFieldSpec } from '../../../../shared/fields/types';
import type { RelationRef } from '../../api/types';
import { useT, type TranslationKey } from '../../utils/translations';
import { CELL_BY_KIND, type CellProps } from '../FieldCell';
import { TextField, type BaseProps } from '../Fields';
import { SoftwareField } from './SoftwareField';
import { liveGross, shownIn, type FormFieldName, type LicenseFormValues } from './values';

/** Sets one field of the form (and clears its error). */
export type SetField = <K extends keyof LicenseFormValues>(name: K) => (value: LicenseFormValues[K]) => void;

export interface TabProps {
  values: LicenseFormValues;
  errors: Record<string, string>;
}

/** Fields that differ from their kind: the software with its add/edit/delete actions. */
const OVERRIDES: Partial<Record<FormFieldName, (p: CellProps) => React.ReactNode>> = {
  software: (p) => <SoftwareField {...p.field} value={p.value as RelationRef | null} onChange={p.onChange} />,
};

/** Values the server computes, shown live and read-only: the gross price from net and VAT%. */
const COMPUTED: Partial<Record<LicenseFieldName, (values: LicenseFormValues) => string>> = {
  grossUnitPrice: (values) => liveGross(values.netUnitPrice, values.vatRate),
};

/** Marked required in the form though the API defaults it: the assignment model always has a value. */
const MARKED_REQUIRED: ReadonlySet<LicenseFieldName> = new Set(['assignmentModel']);

/** The "Basic information" tab: every field of the license but its keys, in the form's order (shared/fields/license). */
export const BasicInfoTab = ({ values, errors, set }: TabProps & { set: SetField }) => {
  const t = useT();
  return (
    <Box paddingTop={6}>
      <Grid.Root gap={5}>
        {licenseFormOrder()
          .filter((name) => shownIn(values, name))
          .map((name) => {
            const spec = LICENSE_FIELDS[name] as LicenseFieldSpec;
            const field: BaseProps = {
              name,
              label: t(spec.label as TranslationKey),
              hint: spec.hint && t(spec.hint as TranslationKey),
              error: errors[name],
              required: requiredUnder(name, values.assignmentModel) || MARKED_REQUIRED.has(name),
            };
            const computed = COMPUTED[name];
            let cell: React.ReactNode;
            if (computed) cell = <TextField {...field} value={computed(values)} onChange={() => undefined} disabled />;
            else {
              const editable = name as FormFieldName;
              const render = OVERRIDES[editable] ?? CELL_BY_KIND[spec.kind];
              cell = render({ field, spec, value: values[editable], onChange: set(editable) as (value: unknown) => void });
            }
            return (
              <Grid.Item key={name} col={(spec.form as FormPlace).col} s={12} direction="column" alignItems="stretch">
                {cell}
              </Grid.Item>
            );
          })}
      </Grid.Root>
    </Box>
  );
};
