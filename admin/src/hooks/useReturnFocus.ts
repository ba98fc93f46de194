import * as React from 'react';

/** The element that has the focus, unless nothing does (the page body). */
const focused = () => {
  const el = document.activeElement;
  return el instanceof HTMLElement && el !== document.body ? el : null;
};

/**
 * Radix dialogs give the focus back to their Trigger when they close; ours open from state (a row's
 * Edit, a menu item, a confirmation), so without a Trigger the focus fell to the page body. This
 * remembers what had the focus when `open` turned true (a layout effect: before the dialog moves the
 * focus inside) and returns the handler for the dialog content's `onCloseAutoFocus`, which refocuses it.
 */
export const useReturnFocus = (open = true) => {
  const opener = React.useRef<HTMLElement | null>(null);
  React.useLayoutEffect(() => {
    if (open) opener.current = focused();
  }, [open]);
  return React.useCallback((event: Event) => {
    event.preventDefault();
    // Gone when the dialog removed it (a deleted row's button): the focus stays where the browser puts it.
    if (opener.current?.isConnected) opener.current.focus();
  }, []);
};

/**
 * The same for a dialog whose content takes no `onCloseAutoFocus` (Strapi's ConfirmDialog): the opener
 * is refocused once `open` turns false, after the dialog's own close handling (a timeout, as Radix's).
 */
export const useReturnFocusOnClose = (open: boolean) => {
  const opener = React.useRef<HTMLElement | null>(null);
  React.useLayoutEffect(() => {
    if (open) {
      opener.current = focused();
      return undefined;
    }
    const el = opener.current;
    opener.current = null;
    if (!el) return undefined;
    const timer = setTimeout(() => {
      if (el.isConnected) el.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [open]);
};
