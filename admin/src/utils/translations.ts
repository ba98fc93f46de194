/**
 * Every string of the admin pages goes through react-intl. Keys are those of the English source
 * (shared/translations/en.json, which the server's import also reads for header labels), typed, and registered under the plugin's prefix ("license-manager.").
 */
import * as React from 'react';
import { useIntl, type MessageDescriptor } from 'react-intl';
import en from '../../../shared/translations/en.json';
import { PLUGIN_ID } from '../pluginId';

export type TranslationKey = keyof typeof en;
export type TranslationValues = Record<string, string | number>;

export const getTranslation = (key: TranslationKey) => `${PLUGIN_ID}.${key}`;

/** A message descriptor, for APIs that take one (menu links, widgets, settings links). */
export const msg = (key: TranslationKey): MessageDescriptor & { id: string; defaultMessage: string } => ({
  id: getTranslation(key),
  defaultMessage: en[key],
});

/** `t('licenses.title')`: the message in the user's language, English as the fallback. */
export const useT = () => {
  const { formatMessage } = useIntl();
  return React.useCallback((key: TranslationKey, values?: TranslationValues) => formatMessage(msg(key), values), [formatMessage]);
};

/** Prefixes a translation file's keys with the plugin id, as Strapi's admin expects. */
export const prefixTranslations = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value]));
