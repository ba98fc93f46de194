import * as React from 'react';
import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useT } from '../utils/translations';

/**
 * A confirmation dialog, as Strapi's own. Built here from the design system rather than taken from
 * @strapi/strapi/admin because that one must sit inside a Dialog.Root of the admin's own copy of
 * the design system, which the plugin's bundle does not share while the design system is bundled.
 */
export const ConfirmDialog = ({
  open,
  onCancel,
  onConfirm,
  children,
  confirmLabel,
}: {
  open: boolean;
  onCancel: () => void;
  onConfirm: () => Promise<void> | void;
  children: React.ReactNode;
  confirmLabel?: string;
}) => {
  const t = useT();
  const [isBusy, setIsBusy] = React.useState(false);
  const confirm = async () => {
    setIsBusy(true);
    try {
      await onConfirm();
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={(isOpen) => !isOpen && onCancel()}>
      <Dialog.Content>
        <Dialog.Header>{t('confirm.title')}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>{children}</Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              {t('action.cancel')}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth variant="danger-light" onClick={confirm} loading={isBusy}>
            {confirmLabel ?? t('confirm.confirm')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
