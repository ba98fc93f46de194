import type { z } from 'zod';
import type { settingsSchema } from '../schemas';
import type { ItemResponse } from './common';

/** The plugin's settings (Settings > License Manager): `GET`/`PUT /license-manager/settings`. */
export interface Settings {
  expiringWithinDays: number;
  defaultCurrency: string;
  defaultVatRate: string | null;
}

export type GetSettingsResponse = ItemResponse<Settings>;
export interface UpdateSettingsRequest {
  body: { data: z.input<typeof settingsSchema> };
}
export type UpdateSettingsResponse = ItemResponse<Settings>;
