/**
 * Plugin settings edited in the admin (expiring window, default currency and VAT%, renewal
 * reminders), stored in Strapi's plugin store; the config file gives their defaults.
 */
import type { Core } from '@strapi/strapi';
import { personUserRelation } from '../persons-user';
import { PLUGIN_ID, REMINDER_DEFAULTS, STALE_AFTER_DAYS_DEFAULT } from '../../../shared/constants';
import type { ReminderSettings, Settings, SettingsRead } from '../../../shared/contracts/settings';
import type { PluginConfig } from '../config';
import { writeTransaction } from '../db';
import { lockStoreRow } from '../db/settings';

export type { Settings };

/** What a PUT sends: the top-level settings, and any part of `reminders`. */
export type SettingsChanges = Partial<Omit<Settings, 'reminders'>> & { reminders?: Partial<ReminderSettings> };

/** Told of each saved change, after it is stored (the daily job listens, services/daily.ts). */
export type SettingsListener = (changes: SettingsChanges) => Promise<void>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const listeners: SettingsListener[] = [];
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'settings' });
  const defaults = (): Settings => {
    const config = strapi.config.get<PluginConfig>(`plugin::${PLUGIN_ID}`);
    return {
      expiringWithinDays: config.expiringWithinDays,
      defaultCurrency: config.defaultCurrency,
      defaultVatRate: config.defaultVatRate == null ? null : Number(config.defaultVatRate).toFixed(2),
      staleAfterDays: STALE_AFTER_DAYS_DEFAULT,
      linkPersonsByEmail: false,
      reminders: REMINDER_DEFAULTS,
    };
  };
  // Every list reads the settings; a short cache keeps that off the database. Another process
  // sees a change within CACHE_MS.
  const CACHE_MS = 5000;
  let cached: { at: number; value: Settings } | null = null;
  return {
    async get(): Promise<Settings> {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
      const stored = ((await store().get({})) ?? {}) as SettingsChanges;
      const base = defaults();
      cached = { at: Date.now(), value: { ...base, ...stored, reminders: { ...base.reminders, ...stored.reminders } } };
      return cached.value;
    },
    /** The settings as a user reads them: the reminders only for one who may edit the settings. */
    async read(canEdit: boolean): Promise<SettingsRead> {
      const { reminders, ...shared } = await this.get();
      const personsUserRelation = personUserRelation(strapi);
      return canEdit ? { ...shared, personsUserRelation, reminders } : { ...shared, personsUserRelation };
    },
    /** Makes sure the stored row exists (bootstrap), so every `set` has a row to lock. */
    async init() {
      if ((await store().get({})) == null) await store().set({ value: {} });
    },
    async set(changes: SettingsChanges): Promise<Settings> {
      // Read, merged and written under the stored row's lock: two PUTs of different parts (the
      // reminders' recipients, the expiring window) both stay, in any process.
      await writeTransaction(strapi, async (trx) => {
        await lockStoreRow(strapi, trx, `plugin_${PLUGIN_ID}_settings`);
        const stored = ((await store().get({})) ?? {}) as SettingsChanges;
        const reminders = changes.reminders ? { ...stored.reminders, ...changes.reminders } : stored.reminders;
        await store().set({ value: { ...stored, ...changes, ...(reminders ? { reminders } : {}) } });
      });
      cached = null;
      const value = await this.get();
      // Those listening follow the change at once in this process (the daily job a new time,
      // timezone or switch); the other processes pick it up within a few minutes (services/daily.ts).
      for (const listener of listeners) await listener(changes);
      return value;
    },
    /** Registers a listener told of every change `set` stores, in this process. */
    onChange(listener: SettingsListener) {
      listeners.push(listener);
    },
    /** Forgets the cached value, so the next get reads the store (another process may have changed it). */
    forget() {
      cached = null;
    },
  };
};
