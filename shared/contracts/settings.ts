/** The plugin's settings (Settings > License Manager): `GET`/`PUT /license-manager/settings`. */
export interface Settings {
  expiringWithinDays: number;
  defaultCurrency: string;
  defaultVatRate: string | null;
}
