/**
 * Plugin config (config/plugins: 'license-manager': { config: { ... } }).
 * The validator throws on bad values, so a typo stops startup instead of changing behaviour.
 */
import { parseEncryptionKey } from '../domain/encryption';

export interface PluginConfig {
  /** 32 bytes as 64 hex characters or base64; from LICENSE_MANAGER_ENCRYPTION_KEY. */
  encryptionKey?: string;
  /**
   * Keys that stay readable (never written with) while values move to `encryptionKey`: an array,
   * or a comma-separated string as LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS holds it.
   */
  previousEncryptionKeys?: string[] | string;
  /** ISO 4217 code used when a license is written without a currency. */
  defaultCurrency: string;
  /** A license whose expiration date is within this many days is "expiring". */
  expiringWithinDays: number;
  /** The VAT% the admin form proposes for a new license. */
  defaultVatRate: string | null;
  /**
   * How long a run's claim on a reminder holds without news from it; past it another run may take
   * the reminder over. Each e-mail delivery is given up after half of it.
   */
  reminderClaimSeconds: number;
  /** `userRelation`: persons get a `user` (a Users & Permissions user) the person form picks (README, "Self-service"). */
  persons: { userRelation: boolean };
}

/** The keys of a key-list setting: an array or a comma-separated string, blanks left out. */
export const keyList = (value: string[] | string | null | undefined): string[] =>
  (Array.isArray(value) ? value : String(value ?? '').split(',')).map((k) => String(k).trim()).filter(Boolean);

export default {
  default: (): PluginConfig => ({
    encryptionKey: process.env.LICENSE_MANAGER_ENCRYPTION_KEY,
    // Kept as the raw string: Strapi merges the user's config into this default with defaultsDeep,
    // which would merge two arrays index by index and mix the user's keys with the environment's.
    previousEncryptionKeys: process.env.LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS,
    defaultCurrency: 'EUR',
    expiringWithinDays: 30,
    defaultVatRate: null,
    reminderClaimSeconds: 600,
    persons: { userRelation: false },
  }),
  validator(config: Partial<PluginConfig>) {
    const { encryptionKey, previousEncryptionKeys, defaultCurrency, expiringWithinDays, defaultVatRate, reminderClaimSeconds, persons } = config;
    if (persons !== undefined && (typeof persons !== 'object' || persons === null || typeof persons.userRelation !== 'boolean')) {
      throw new Error('license-manager: persons must be { userRelation: true | false }');
    }
    if (encryptionKey !== undefined && encryptionKey !== null && encryptionKey !== '') {
      if (typeof encryptionKey !== 'string' || !parseEncryptionKey(encryptionKey)) {
        throw new Error(
          'license-manager: encryptionKey must be 32 bytes written as 64 hex characters or as base64 ' + '(for example: openssl rand -base64 32)',
        );
      }
    }
    if (previousEncryptionKeys !== undefined && previousEncryptionKeys !== null) {
      const list = Array.isArray(previousEncryptionKeys) ? previousEncryptionKeys : [previousEncryptionKeys];
      if (!list.every((k) => typeof k === 'string') || !keyList(previousEncryptionKeys).every((k) => parseEncryptionKey(k))) {
        throw new Error(
          'license-manager: previousEncryptionKeys must be a list of keys (an array, or comma-separated), each 32 bytes ' +
            'written as 64 hex characters or as base64',
        );
      }
    }
    if (defaultCurrency !== undefined && (typeof defaultCurrency !== 'string' || !/^[A-Z]{3}$/.test(defaultCurrency))) {
      throw new Error('license-manager: defaultCurrency must be an ISO 4217 code of 3 upper-case letters, e.g. "EUR"');
    }
    if (expiringWithinDays !== undefined && (!Number.isInteger(expiringWithinDays) || expiringWithinDays < 1 || expiringWithinDays > 3650)) {
      throw new Error('license-manager: expiringWithinDays must be a whole number of days from 1 to 3650');
    }
    if (defaultVatRate !== undefined && defaultVatRate !== null && !/^\d{1,3}(\.\d{1,2})?$/.test(String(defaultVatRate))) {
      throw new Error('license-manager: defaultVatRate must be a percentage from 0 to 100 with at most 2 decimals');
    }
    if (reminderClaimSeconds !== undefined && (!Number.isInteger(reminderClaimSeconds) || reminderClaimSeconds < 2 || reminderClaimSeconds > 86400)) {
      throw new Error('license-manager: reminderClaimSeconds must be a whole number of seconds from 2 to 86400');
    }
  },
};
