/**
 * Plugin settings edited in the admin (expiring window, default currency and VAT%), stored in
 * Strapi's plugin store; the config file gives their defaults.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../shared/constants';
import type { Settings } from '../../../shared/contracts/settings';
import type { PluginConfig } from '../config';

export type { Settings };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'settings' });
  const defaults = (): Settings => {
    const config = strapi.config.get<PluginConfig>(`plugin::${PLUGIN_ID}`);
    return {
      expiringWithinDays: config.expiringWithinDays,
      defaultCurrency: config.defaultCurrency,
      defaultVatRate: config.defaultVatRate == null ? null : Number(config.defaultVatRate).toFixed(2),
    };
  };
  // Every list reads the settings; a short cache keeps that off the database. Another process
  // sees a change within CACHE_MS.
  const CACHE_MS = 5000;
  let cached: { at: number; value: Settings } | null = null;
  return {
    async get(): Promise<Settings> {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
      const stored = ((await store().get({})) ?? {}) as Partial<Settings>;
      cached = { at: Date.now(), value: { ...defaults(), ...stored } };
      return cached.value;
    },
    async set(changes: Partial<Settings>): Promise<Settings> {
      const stored = ((await store().get({})) ?? {}) as Partial<Settings>;
      await store().set({ value: { ...stored, ...changes } });
      cached = null;
      return this.get();
    },
  };
};
