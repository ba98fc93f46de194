import * as React from 'react';
import { Dialog } from '@strapi/design-system';
import { ConfirmDialog as StrapiConfirmDialog } from '@strapi/strapi/admin';

/** Strapi's confirmation dialog, opened by state rather than by a trigger button. */
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
}) => (
  <Dialog.Root open={open} onOpenChange={(isOpen) => !isOpen && onCancel()}>
    <StrapiConfirmDialog onConfirm={onConfirm}>{children}</StrapiConfirmDialog>
  </Dialog.Root>
);
