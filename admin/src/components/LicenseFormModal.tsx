import * as React from 'react';
import { Box, Button, Flex, Grid, IconButton, Modal, Tabs, Typography, Field } from '@strapi/design-system';
import { Pencil, Plus, Trash, WarningCircle } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { ASSIGNMENT_MODELS, OVER_ASSIGNMENT_POLICIES, type AssignmentModel, type OverAssignment } from '../../../shared/constants';
import { grossFromNet } from '../../../shared/money';
import { fieldErrorOf } from '../../../shared/issues';
import { crossFieldErrors, licenseCreateSchema, licenseUpdateSchema, optionalMoney, optionalPercent } from '../../../shared/schemas';
import { fieldErrorsOf, messageOf } from '../api/errors';
import type { ItemResponse, License, MaskedKey, RelationRef, ReferenceRecord, Settings } from '../api/types';
import { API } from '../api/useApi';
import { usePermissions } from '../hooks/usePermissions';
import { REFERENCE } from '../resources';
import { ConfirmDialog } from './ConfirmDialog';
import { useT, type TranslationKey } from '../utils/translations';
import { useValidationMessage, type ValidationIssue } from '../utils/validationMessages';
import { DateField, NumberField, SelectField, TextareaField, TextField } from './Fields';
import { RelationCombobox } from './RelationCombobox';
import { ReferenceFormModal } from './ReferenceFormModal';

/* Form values ----------------------------------------------------------------------------------- */

export interface KeyDraft {
  /** Local id of a key being added. */
  id: string;
  value: string;
  label: string;
  activationLimit: number | undefined;
}

export interface LicenseFormValues {
  name: string;
  category: RelationRef | null;
  software: RelationRef | null;
  organization: RelationRef | null;
  organizationalUnit: RelationRef | null;
  locationStructure: RelationRef | null;
  physicalLocation: string;
  serialNumber: string;
  inventoryNumber: string;
  supplier: RelationRef | null;
  expirationDate: string;
  supportDate: string;
  purchaseDate: string;
  invoiceNumber: string;
  netUnitPrice: string;
  vatRate: string;
  currency: string;
  assignmentModel: AssignmentModel;
  quantity: number | undefined;
  overAssignment: OverAssignment;
  notes: string;
  /** New keys; the license's existing keys are in `existingKeys`. */
  keys: KeyDraft[];
}

let draftCounter = 0;
export const newKeyDraft = (): KeyDraft => ({ id: `k${++draftCounter}`, value: '', label: '', activationLimit: undefined });

export const emptyValues = (settings?: Partial<Settings>): LicenseFormValues => ({
  name: '',
  category: null,
  software: null,
  organization: null,
  organizationalUnit: null,
  locationStructure: null,
  physicalLocation: '',
  serialNumber: '',
  inventoryNumber: '',
  supplier: null,
  expirationDate: '',
  supportDate: '',
  purchaseDate: '',
  invoiceNumber: '',
  netUnitPrice: '',
  vatRate: settings?.defaultVatRate ?? '',
  currency: settings?.defaultCurrency ?? 'EUR',
  assignmentModel: 'per_user',
  quantity: 1,
  overAssignment: 'block',
  notes: '',
  keys: [newKeyDraft()],
});

export const valuesOf = (license: License): LicenseFormValues => ({
  name: license.name,
  category: license.category,
  software: license.software,
  organization: license.organization,
  organizationalUnit: license.organizationalUnit,
  locationStructure: license.locationStructure,
  physicalLocation: license.physicalLocation ?? '',
  serialNumber: license.serialNumber ?? '',
  inventoryNumber: license.inventoryNumber ?? '',
  supplier: license.supplier,
  expirationDate: license.expirationDate ?? '',
  supportDate: license.supportDate ?? '',
  purchaseDate: license.purchaseDate ?? '',
  invoiceNumber: license.invoiceNumber ?? '',
  netUnitPrice: license.netUnitPrice ?? '',
  vatRate: license.vatRate ?? '',
  currency: license.currency,
  assignmentModel: license.assignmentModel,
  quantity: license.quantity,
  overAssignment: license.overAssignment,
  notes: license.notes ?? '',
  keys: [],
});

/**
 * The gross unit price as the server will compute it, or '' while net or VAT is not what the
 * server accepts (the shared schema's own rules: two decimals at most, VAT 0-100, ...).
 */
export const liveGross = (net: string, vat: string): string => {
  const n = optionalMoney().safeParse(net);
  const v = optionalPercent().safeParse(vat);
  return n.success && v.success && n.data != null && v.data != null ? grossFromNet(n.data, v.data) : '';
};

const text = (v: string) => (v.trim() === '' ? null : v.trim());
const ref = (v: RelationRef | null) => v?.documentId ?? null;

/** License fields as the API writes them; the gross price is the server's to compute. */
export const fieldsPayload = (v: LicenseFormValues) => ({
  name: v.name.trim(),
  category: ref(v.category),
  software: ref(v.software),
  organization: ref(v.organization),
  organizationalUnit: ref(v.organizationalUnit),
  locationStructure: ref(v.locationStructure),
  physicalLocation: text(v.physicalLocation),
  serialNumber: text(v.serialNumber),
  inventoryNumber: text(v.inventoryNumber),
  supplier: ref(v.supplier),
  expirationDate: text(v.expirationDate),
  supportDate: text(v.supportDate),
  purchaseDate: text(v.purchaseDate),
  invoiceNumber: text(v.invoiceNumber),
  netUnitPrice: text(v.netUnitPrice),
  vatRate: text(v.vatRate),
  currency: v.currency.trim().toUpperCase(),
  assignmentModel: v.assignmentModel,
  quantity: v.quantity ?? null,
  overAssignment: v.overAssignment,
  notes: text(v.notes),
});

export const keyPayload = (k: KeyDraft) => ({
  value: k.value.trim(),
  ...(text(k.label) ? { label: text(k.label) } : {}),
  ...(k.activationLimit ? { activationLimit: k.activationLimit } : {}),
});

/** New keys the user left entirely blank are dropped rather than refused. */
const filledKeys = (keys: KeyDraft[]) => keys.filter((k) => k.value.trim() || k.label.trim() || k.activationLimit);

/**
 * Checks the form with the same schemas as the server, so the user sees the same messages before
 * sending. Errors are keyed by path: "name", "keys.0.value".
 */
export const validateLicense = (
  values: LicenseFormValues,
  isEdit: boolean,
  requiredMessage: string,
  message: (issue: ValidationIssue) => string = (issue) => issue.message
): Record<string, string> => {
  const errors: Record<string, string> = {};
  const keys = filledKeys(values.keys);
  const payload = { ...fieldsPayload(values), ...(isEdit ? {} : { keys: keys.map(keyPayload) }) };
  const result = (isEdit ? licenseUpdateSchema : licenseCreateSchema).safeParse(payload);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      if (!errors[path]) errors[path] = message(fieldErrorOf(issue));
    }
  } else {
    const parsed = result.data as Record<string, string | null | undefined>;
    const gross = parsed.netUnitPrice && parsed.vatRate ? grossFromNet(parsed.netUnitPrice, parsed.vatRate) : null;
    for (const e of crossFieldErrors({ ...parsed, grossUnitPrice: gross }, undefined)) errors[e.path.join('.')] = message(e);
  }
  if (!values.name.trim()) errors.name = requiredMessage;
  if (!values.software) errors.software = requiredMessage;
  if (!values.quantity) errors.quantity = requiredMessage;
  keys.forEach((k, i) => {
    if (!k.value.trim()) errors[`keys.${i}.value`] = requiredMessage;
  });
  return errors;
};

export const tabsWithErrors = (errors: Record<string, string>) => ({
  basic: Object.keys(errors).some((k) => !k.startsWith('keys')),
  keys: Object.keys(errors).some((k) => k.startsWith('keys')),
});

/* The modal -------------------------------------------------------------------------------------- */

export interface LicenseFormModalProps {
  /** The license to edit; without it the modal is "New license". */
  license?: License;
  onClose: () => void;
  onSaved: (license: License) => void;
}

/** The manual's "New license" window: "Basic information" and "Keys" tabs, "Save". Also the edit form. */
export const LicenseFormModal = ({ license, onClose, onSaved }: LicenseFormModalProps) => {
  const t = useT();
  const message = useValidationMessage();
  const { get, post, put, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { canManageReference } = usePermissions();
  const isEdit = !!license;
  const [values, setValues] = React.useState<LicenseFormValues>(() => (license ? valuesOf(license) : emptyValues()));
  const [existingKeys, setExistingKeys] = React.useState<MaskedKey[]>(license?.keys ?? []);
  const [removedKeys, setRemovedKeys] = React.useState<string[]>([]);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [tab, setTab] = React.useState<'basic' | 'keys'>('basic');
  const [isSaving, setIsSaving] = React.useState(false);
  const [softwareModal, setSoftwareModal] = React.useState<Partial<ReferenceRecord> | null>(null);
  const [confirmDeleteSoftware, setConfirmDeleteSoftware] = React.useState(false);
  const [softwareReload, setSoftwareReload] = React.useState(0);

  // A new license starts from the plugin's default currency and VAT%.
  React.useEffect(() => {
    if (isEdit) return;
    get<ItemResponse<Settings>>(`${API}/settings`)
      .then(({ data }) =>
        setValues((v) => ({
          ...v,
          currency: v.currency === 'EUR' ? data.data.defaultCurrency : v.currency,
          vatRate: v.vatRate || (data.data.defaultVatRate ?? ''),
        }))
      )
      .catch(() => undefined);
  }, [get, isEdit]);

  const set =
    <K extends keyof LicenseFormValues>(name: K) =>
    (value: LicenseFormValues[K]) => {
      setValues((v) => ({ ...v, [name]: value }));
      setErrors((e) => {
        if (!e[name as string]) return e;
        const { [name as string]: _removed, ...rest } = e;
        return rest;
      });
    };
  const setKey = (id: string, patch: Partial<KeyDraft>) =>
    setValues((v) => ({ ...v, keys: v.keys.map((k) => (k.id === id ? { ...k, ...patch } : k)) }));

  const gross = liveGross(values.netUnitPrice, values.vatRate);
  const withErrors = tabsWithErrors(errors);

  const showErrors = (next: Record<string, string>) => {
    setErrors(next);
    const marked = tabsWithErrors(next);
    if (marked.basic) setTab('basic');
    else if (marked.keys) setTab('keys');
  };

  const handleSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const clientErrors = validateLicense(values, isEdit, t('form.error.required'), message);
    if (Object.keys(clientErrors).length) return showErrors(clientErrors);
    const keys = filledKeys(values.keys);
    setIsSaving(true);
    try {
      let saved: License;
      if (!isEdit) {
        const res = await post<ItemResponse<License>>(`${API}/licenses`, {
          data: { ...fieldsPayload(values), keys: keys.map(keyPayload) },
        });
        saved = res.data.data;
        toggleNotification({ type: 'success', message: t('notification.license.created') });
      } else {
        const base = `${API}/licenses/${license.documentId}`;
        await put<ItemResponse<License>>(base, { data: fieldsPayload(values) });
        for (const keyId of removedKeys) await del(`${base}/keys/${keyId}`);
        for (const [i, k] of keys.entries()) {
          try {
            await post(`${base}/keys`, { data: keyPayload(k) });
          } catch (error) {
            // Keys are added one by one: report the failing key on its own fields.
            const keyErrors = fieldErrorsOf(error, message);
            throw Object.assign(error as object, {
              keyErrors: Object.fromEntries(Object.entries(keyErrors).map(([p, m]) => [`keys.${i}.${p}`, m])),
            });
          }
        }
        saved = (await get<ItemResponse<License>>(base)).data.data;
        toggleNotification({ type: 'success', message: t('notification.license.updated') });
      }
      onSaved(saved);
    } catch (error) {
      const fieldErrors = (error as { keyErrors?: Record<string, string> }).keyErrors ?? fieldErrorsOf(error, message);
      if (Object.keys(fieldErrors).length) showErrors(fieldErrors);
      toggleNotification({ type: 'danger', message: messageOf(error, t('notification.error')) });
    } finally {
      setIsSaving(false);
    }
  };

  const deleteSoftware = async () => {
    if (!values.software) return;
    setConfirmDeleteSoftware(false);
    try {
      await del(`${API}/software/${values.software.documentId}`);
      set('software')(null);
      setSoftwareReload((n) => n + 1);
      toggleNotification({ type: 'success', message: t('notification.deleted') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: messageOf(error, t('notification.error')) });
    }
  };

  const field = (name: keyof LicenseFormValues | 'grossUnitPrice', label: TranslationKey, hint: TranslationKey) => ({
    name,
    label: t(label),
    hint: t(hint),
    error: errors[name],
  });

  const softwareActions = canManageReference ? (
    <Flex gap={1}>
      <IconButton label={t('form.software.add')} variant="ghost" onClick={() => setSoftwareModal({})}>
        <Plus />
      </IconButton>
      {values.software && (
        <>
          <IconButton
            label={t('form.software.edit')}
            variant="ghost"
            onClick={async () => {
              const res = await get<ItemResponse<ReferenceRecord>>(`${API}/software/${values.software!.documentId}`);
              setSoftwareModal(res.data.data);
            }}
          >
            <Pencil />
          </IconButton>
          <IconButton label={t('form.software.delete')} variant="ghost" onClick={() => setConfirmDeleteSoftware(true)}>
            <Trash />
          </IconButton>
        </>
      )}
    </Flex>
  ) : undefined;

  const tabLabel = (key: TranslationKey, hasError: boolean) => (
    <Flex gap={2} alignItems="center">
      {t(key)}
      {hasError && <WarningCircle fill="danger600" aria-label={t('form.tab.hasErrors')} />}
    </Flex>
  );

  return (
    <>
      <Modal.Root open onOpenChange={(open) => !open && onClose()}>
        <Modal.Content style={{ maxWidth: '96rem', width: '90vw' }}>
          <form onSubmit={handleSubmit} noValidate>
            <Modal.Header closeLabel={t('action.close')}>
              <Modal.Title>{isEdit ? t('license.edit.title', { name: license.name }) : t('license.new.title')}</Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <Tabs.Root
                value={tab}
                onValueChange={(v) => setTab(v as 'basic' | 'keys')}
                variant="simple"
                hasError={withErrors.basic ? 'basic' : withErrors.keys ? 'keys' : undefined}
              >
                <Tabs.List aria-label={t('license.form.tabs')}>
                  <Tabs.Trigger value="basic" data-error={withErrors.basic || undefined}>
                    {tabLabel('license.tab.basic', withErrors.basic)}
                  </Tabs.Trigger>
                  <Tabs.Trigger value="keys" data-error={withErrors.keys || undefined}>
                    {tabLabel('license.tab.keys', withErrors.keys)}
                  </Tabs.Trigger>
                </Tabs.List>
                <Tabs.Content value="basic">
                  <Box paddingTop={6}>
                    <Grid.Root gap={5}>
                      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                        <TextField {...field('name', 'license.field.name', 'license.hint.name')} required value={values.name} onChange={set('name')} />
                      </Grid.Item>
                      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                        <RelationCombobox {...field('category', 'license.field.category', 'license.hint.category')} resource="categories" value={values.category} onChange={set('category')} />
                      </Grid.Item>
                      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                        <RelationCombobox
                          {...field('software', 'license.field.software', 'license.hint.software')}
                          required
                          resource="software"
                          value={values.software}
                          onChange={set('software')}
                          onCreate={canManageReference ? (name) => setSoftwareModal({ name }) : undefined}
                          labelAction={softwareActions}
                          reloadKey={softwareReload}
                        />
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
                </Tabs.Content>
                <Tabs.Content value="keys">
                  <Flex direction="column" alignItems="stretch" gap={4} paddingTop={6}>
                    <Typography variant="omega" textColor="neutral600">
                      {t('license.hint.keys')}
                    </Typography>
                    {existingKeys.map((k) => (
                      <Flex key={k.documentId} gap={4} alignItems="center" padding={3} background="neutral100" hasRadius>
                        <Typography fontWeight="bold">{k.label || t('keys.unlabelled')}</Typography>
                        <Typography variant="pi" style={{ fontFamily: 'monospace' }}>
                          {k.maskedValue}
                        </Typography>
                        {k.activationLimit != null && (
                          <Typography variant="pi" textColor="neutral600">
                            {t('keys.activationLimitValue', { limit: k.activationLimit })}
                          </Typography>
                        )}
                        <Box marginLeft="auto">
                          <IconButton
                            label={t('keys.remove')}
                            variant="ghost"
                            onClick={() => {
                              setExistingKeys((list) => list.filter((x) => x.documentId !== k.documentId));
                              setRemovedKeys((list) => [...list, k.documentId]);
                            }}
                          >
                            <Trash />
                          </IconButton>
                        </Box>
                      </Flex>
                    ))}
                    {values.keys.map((k, i) => (
                      <Box key={k.id} padding={4} background="neutral100" hasRadius data-testid="key-draft">
                        <Grid.Root gap={4}>
                          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                            <TextField
                              name={`keys.${i}.value`}
                              label={t('keys.field.value')}
                              hint={t('license.hint.keys')}
                              required
                              error={errors[`keys.${i}.value`]}
                              value={k.value}
                              onChange={(value) => setKey(k.id, { value })}
                            />
                          </Grid.Item>
                          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
                            <TextField
                              name={`keys.${i}.label`}
                              label={t('keys.field.label')}
                              error={errors[`keys.${i}.label`]}
                              value={k.label}
                              onChange={(label) => setKey(k.id, { label })}
                            />
                          </Grid.Item>
                          <Grid.Item col={2} s={10} direction="column" alignItems="stretch">
                            <NumberField
                              name={`keys.${i}.activationLimit`}
                              label={t('keys.field.activationLimit')}
                              error={errors[`keys.${i}.activationLimit`]}
                              value={k.activationLimit}
                              onChange={(activationLimit) => setKey(k.id, { activationLimit })}
                            />
                          </Grid.Item>
                          <Grid.Item col={1} s={2} alignItems="center" paddingTop={6}>
                            <IconButton
                              label={t('keys.remove')}
                              variant="ghost"
                              onClick={() => setValues((v) => ({ ...v, keys: v.keys.filter((x) => x.id !== k.id) }))}
                            >
                              <Trash />
                            </IconButton>
                          </Grid.Item>
                        </Grid.Root>
                      </Box>
                    ))}
                    <Box>
                      <Button variant="secondary" startIcon={<Plus />} onClick={() => setValues((v) => ({ ...v, keys: [...v.keys, newKeyDraft()] }))}>
                        {t('keys.add')}
                      </Button>
                    </Box>
                    {errors.keys && (
                      <Field.Root error={errors.keys} name="keys">
                        <Field.Error />
                      </Field.Root>
                    )}
                  </Flex>
                </Tabs.Content>
              </Tabs.Root>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary">{t('action.cancel')}</Button>
              </Modal.Close>
              <Button type="submit" loading={isSaving}>
                {t('action.save')}
              </Button>
            </Modal.Footer>
          </form>
        </Modal.Content>
      </Modal.Root>
      {softwareModal && (
        <ReferenceFormModal
          resource={REFERENCE.software}
          record={softwareModal}
          onClose={() => setSoftwareModal(null)}
          onSaved={(software) => {
            setSoftwareModal(null);
            set('software')(software as RelationRef);
            setSoftwareReload((n) => n + 1);
          }}
        />
      )}
      <ConfirmDialog open={confirmDeleteSoftware} onCancel={() => setConfirmDeleteSoftware(false)} onConfirm={deleteSoftware}>{t('form.software.deleteConfirm')}</ConfirmDialog>
    </>
  );
};
