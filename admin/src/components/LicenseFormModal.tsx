import * as React from 'react';
import { Box, Flex, Modal, Tabs, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useApiError } from '../api/errors';
import { useCreateLicenseMutation, useUpdateLicenseMutation } from '../api/licenses';
import { useSettingsQuery } from '../api/settings';
import type { License, MaskedKey } from '../api/types';
import { useT, type TranslationKey } from '../utils/translations';
import { useValidationMessage } from '../utils/validationMessages';
import { FormModalFooter } from './FormModalFooter';
import { BasicInfoTab, type SetField } from './license-form/BasicInfoTab';
import { KeysTab } from './license-form/KeysTab';
import { LicensePurchases, PurchaseActions } from './LicensePurchases';
import { tabsWithErrors, validateLicense } from './license-form/validation';
import { editPayload, emptyValues, fieldsPayload, filledKeys, formErrorsOf, keyPayload, valuesOf, type LicenseFormValues } from './license-form/values';
import { useReturnFocus } from '../hooks/useReturnFocus';

export interface LicenseFormModalProps {
  /** The license to edit; without it the modal is "New license". */
  license?: License;
  onClose: () => void;
  onSaved: (license: License) => void;
}

/**
 * The "New license" window: "Basic information" and "Keys" tabs, "Save". Also the edit
 * form. Either save is one request: a create with its keys, or an edit with the keys added and
 * removed (docs/api.md), so a refusal leaves the license as it was and "Save" can be pressed again.
 */
export const LicenseFormModal = ({ license, onClose, onSaved }: LicenseFormModalProps) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const message = useValidationMessage();
  const { toggleNotification } = useNotification();
  const apiError = useApiError();
  const [createLicense, created] = useCreateLicenseMutation();
  const [updateLicense, updated] = useUpdateLicenseMutation();
  const isEdit = !!license;
  const [values, setValues] = React.useState<LicenseFormValues>(() => (license ? valuesOf(license) : emptyValues()));
  const [existingKeys, setExistingKeys] = React.useState<MaskedKey[]>(license?.keys ?? []);
  const [removedKeys, setRemovedKeys] = React.useState<string[]>([]);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [tab, setTab] = React.useState<'basic' | 'keys' | 'purchases'>('basic');
  const [addingPurchase, setAddingPurchase] = React.useState(false);

  // A new license starts from the plugin's default currency and VAT%.
  const { data: settings } = useSettingsQuery(undefined, { skip: isEdit });
  React.useEffect(() => {
    if (!settings) return;
    setValues((v) => ({
      ...v,
      currency: v.currency === 'EUR' ? settings.defaultCurrency : v.currency,
      vatRate: v.vatRate || (settings.defaultVatRate ?? ''),
    }));
  }, [settings]);

  const set: SetField = (name) => (value) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((e) => {
      if (!e[name]) return e;
      const { [name]: _removed, ...rest } = e;
      return rest;
    });
  };

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
    try {
      const saved = isEdit
        ? await updateLicense({ documentId: license.documentId, data: editPayload(values, removedKeys) }).unwrap()
        : await createLicense({ ...fieldsPayload(values), keys: filledKeys(values.keys).map(keyPayload) }).unwrap();
      toggleNotification({ type: 'success', message: t(isEdit ? 'notification.license.updated' : 'notification.license.created') });
      onSaved(saved);
    } catch (error) {
      const fieldErrors = formErrorsOf(apiError.notify(error).fields, values);
      if (Object.keys(fieldErrors).length) showErrors(fieldErrors);
    }
  };

  const tabLabel = (key: TranslationKey, hasError: boolean) => (
    <Flex gap={2} alignItems="center">
      {t(key)}
      {hasError && <WarningCircle fill="danger600" aria-label={t('form.tab.hasErrors')} />}
    </Flex>
  );

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus} style={{ maxWidth: '96rem', width: '90vw' }}>
        <form onSubmit={handleSubmit} noValidate>
          <Modal.Header closeLabel={t('action.close')}>
            <Modal.Title>{isEdit ? t('license.edit.title', { name: license.name }) : t('license.new.title')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Tabs.Root
              value={tab}
              onValueChange={(v) => setTab(v as 'basic' | 'keys' | 'purchases')}
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
                <Tabs.Trigger value="purchases">{t('purchases.title')}</Tabs.Trigger>
              </Tabs.List>
              <Tabs.Content value="basic">
                <BasicInfoTab values={values} errors={errors} set={set} />
              </Tabs.Content>
              <Tabs.Content value="keys">
                <KeysTab
                  values={values}
                  errors={errors}
                  existingKeys={existingKeys}
                  onRemoveExisting={(documentId) => {
                    setExistingKeys((list) => list.filter((k) => k.documentId !== documentId));
                    setRemovedKeys((list) => [...list, documentId]);
                  }}
                  onDraftsChange={(keys) => setValues((v) => ({ ...v, keys }))}
                />
              </Tabs.Content>
              <Tabs.Content value="purchases">
                {/* Renewals and top-ups are saved one by one, each in its own window: Save here saves the license. */}
                <Flex direction="column" alignItems="stretch" gap={4} paddingTop={6}>
                  <Typography textColor="neutral600">{t(isEdit ? 'purchases.hint' : 'purchases.newLicense')}</Typography>
                  {isEdit && (
                    <>
                      <Flex gap={2} justifyContent="flex-end">
                        <PurchaseActions license={license} onAdd={() => setAddingPurchase(true)} />
                      </Flex>
                      <Box>
                        <LicensePurchases license={license} canUpdate adding={addingPurchase} onAdded={() => setAddingPurchase(false)} />
                      </Box>
                    </>
                  )}
                </Flex>
              </Tabs.Content>
            </Tabs.Root>
          </Modal.Body>
          <FormModalFooter isSaving={created.isLoading || updated.isLoading} />
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
