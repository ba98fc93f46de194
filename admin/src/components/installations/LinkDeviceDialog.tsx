/** "Link to asset": the device's installations count for the asset picked; its later pushes keep the link. */
import * as React from 'react';
import { Modal } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useApiError } from '../../api/errors';
import { useLinkDeviceMutation } from '../../api/installations';
import type { InventoryDevice, RelationRef } from '../../api/types';
import { useReturnFocus } from '../../hooks/useReturnFocus';
import { labelOf } from '../../resources';
import { useT } from '../../utils/translations';
import { FormModalFooter } from '../FormModalFooter';
import { RelationCombobox } from '../RelationCombobox';

/** A device as lists name it: its hostname, else its serial number, else its uuid. */
export const deviceName = (d: Pick<InventoryDevice, 'hostname' | 'serialNumber' | 'uuid'>) => d.hostname ?? d.serialNumber ?? d.uuid ?? '';

export const LinkDeviceDialog = ({ device, onClose }: { device: InventoryDevice; onClose: () => void }) => {
  const t = useT();
  const returnFocus = useReturnFocus();
  const apiError = useApiError();
  const { toggleNotification } = useNotification();
  const [linkDevice, { isLoading }] = useLinkDeviceMutation();
  const [asset, setAsset] = React.useState<RelationRef | null>(device.asset);
  const [error, setError] = React.useState<string>();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (!asset) return setError(t('form.error.required'));
    try {
      await linkDevice({ documentId: device.documentId, asset: asset.documentId }).unwrap();
      toggleNotification({ type: 'success', message: t('notification.device.linked', { asset: labelOf(asset) }) });
      onClose();
    } catch (err) {
      const { fields } = apiError.describe(err);
      if (fields.asset) setError(fields.asset);
      else apiError.notify(err);
    }
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content onCloseAutoFocus={returnFocus}>
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel={t('action.close')}>
            <Modal.Title>{t('devices.link.title', { name: deviceName(device) || t('devices.unnamed') })}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <RelationCombobox
              name="asset"
              label={t('devices.link.asset')}
              hint={t('devices.link.hint')}
              required
              resource="assets"
              value={asset}
              error={error}
              onChange={(value) => {
                setAsset(value);
                setError(undefined);
              }}
            />
          </Modal.Body>
          <FormModalFooter isSaving={isLoading} />
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
