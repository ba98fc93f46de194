import { Box, Grid } from '@strapi/design-system';
import { ASSIGNMENT_MODELS, OVER_ASSIGNMENT_POLICIES, type AssignmentModel, type OverAssignment } from '../../../../shared/constants';
import { useT, type TranslationKey } from '../../utils/translations';
import { DateField, NumberField, SelectField, TextareaField, TextField } from '../Fields';
import { RelationCombobox } from '../RelationCombobox';
import { SoftwareField } from './SoftwareField';
import { liveGross, type LicenseFormValues } from './values';

/** Sets one field of the form (and clears its error). */
export type SetField = <K extends keyof LicenseFormValues>(name: K) => (value: LicenseFormValues[K]) => void;

export interface TabProps {
  values: LicenseFormValues;
  errors: Record<string, string>;
}

/** The "Basic information" tab: every field of the license but its keys, in the manual's order. */
export const BasicInfoTab = ({ values, errors, set }: TabProps & { set: SetField }) => {
  const t = useT();
  const gross = liveGross(values.netUnitPrice, values.vatRate);
  const field = (name: keyof LicenseFormValues | 'grossUnitPrice', label: TranslationKey, hint: TranslationKey) => ({
    name,
    label: t(label),
    hint: t(hint),
    error: errors[name],
  });
  return (
    <Box paddingTop={6}>
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <TextField {...field('name', 'license.field.name', 'license.hint.name')} required value={values.name} onChange={set('name')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <RelationCombobox {...field('category', 'license.field.category', 'license.hint.category')} resource="categories" value={values.category} onChange={set('category')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <SoftwareField {...field('software', 'license.field.software', 'license.hint.software')} required value={values.software} onChange={set('software')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <RelationCombobox {...field('organization', 'license.field.organization', 'license.hint.organization')} resource="organizations" value={values.organization} onChange={set('organization')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <RelationCombobox {...field('organizationalUnit', 'license.field.organizationalUnit', 'license.hint.organizationalUnit')} resource="organizational-units" value={values.organizationalUnit} onChange={set('organizationalUnit')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <RelationCombobox {...field('locationStructure', 'license.field.locationStructure', 'license.hint.locationStructure')} resource="locations" value={values.locationStructure} onChange={set('locationStructure')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <TextField {...field('physicalLocation', 'license.field.physicalLocation', 'license.hint.physicalLocation')} value={values.physicalLocation} onChange={set('physicalLocation')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <TextField {...field('serialNumber', 'license.field.serialNumber', 'license.hint.serialNumber')} value={values.serialNumber} onChange={set('serialNumber')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <TextField {...field('inventoryNumber', 'license.field.inventoryNumber', 'license.hint.inventoryNumber')} value={values.inventoryNumber} onChange={set('inventoryNumber')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <RelationCombobox {...field('supplier', 'license.field.supplier', 'license.hint.supplier')} resource="organizations" value={values.supplier} onChange={set('supplier')} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <DateField {...field('expirationDate', 'license.field.expirationDate', 'license.hint.expirationDate')} value={values.expirationDate} onChange={set('expirationDate')} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <DateField {...field('supportDate', 'license.field.supportDate', 'license.hint.supportDate')} value={values.supportDate} onChange={set('supportDate')} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <DateField {...field('purchaseDate', 'license.field.purchaseDate', 'license.hint.purchaseDate')} value={values.purchaseDate} onChange={set('purchaseDate')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <TextField {...field('invoiceNumber', 'license.field.invoiceNumber', 'license.hint.invoiceNumber')} value={values.invoiceNumber} onChange={set('invoiceNumber')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <TextField {...field('currency', 'license.field.currency', 'license.hint.currency')} value={values.currency} onChange={set('currency')} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <TextField {...field('netUnitPrice', 'license.field.netUnitPrice', 'license.hint.netUnitPrice')} inputMode="decimal" value={values.netUnitPrice} onChange={set('netUnitPrice')} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <TextField {...field('vatRate', 'license.field.vatRate', 'license.hint.vatRate')} inputMode="decimal" value={values.vatRate} onChange={set('vatRate')} />
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <TextField {...field('grossUnitPrice', 'license.field.grossUnitPrice', 'license.hint.grossUnitPrice')} value={gross} onChange={() => undefined} disabled />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <SelectField
            {...field('assignmentModel', 'license.field.assignmentModel', 'license.hint.assignmentModel')}
            required
            value={values.assignmentModel}
            onChange={(v) => set('assignmentModel')(v as AssignmentModel)}
            options={ASSIGNMENT_MODELS.map((m) => ({ value: m, label: t(`assignmentModel.${m}` as TranslationKey) }))}
          />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <NumberField {...field('quantity', 'license.field.quantity', 'license.hint.quantity')} required value={values.quantity} onChange={set('quantity')} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <SelectField
            {...field('overAssignment', 'license.field.overAssignment', 'license.hint.overAssignment')}
            value={values.overAssignment}
            onChange={(v) => set('overAssignment')(v as OverAssignment)}
            options={OVER_ASSIGNMENT_POLICIES.map((m) => ({ value: m, label: t(`overAssignment.${m}` as TranslationKey) }))}
          />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <TextareaField {...field('notes', 'license.field.notes', 'license.hint.notes')} value={values.notes} onChange={set('notes')} />
        </Grid.Item>
      </Grid.Root>
    </Box>
  );
};
