import * as React from 'react';
import { Dialog } from '@strapi/design-system';
import { ConfirmDialog as StrapiConfirmDialog } from '@strapi/strapi/admin';
import { useReturnFocusOnClose } from '../hooks/useReturnFocus';

/** Strapi's confirmation dialog, opened by state rather than by a trigger button: the focus returns to what opened it. */
export const ConfirmDialog = ({
  open,
  onCancel,
  onConfirm,
  children,
}: {
  open: boolean;
  onCancel: () => void;
  onConfirm: () => Promise<void> | void;
  children: React.ReactNode;
}) => {
  useReturnFocusOnClose(open);
  return (
    <Dialog.Root open={open} onOpenChange={(isOpen) => !isOpen && onCancel()}>
      <StrapiConfirmDialog onConfirm={onConfirm}>{children}</StrapiConfirmDialog>
    </Dialog.Root>
  );
};
