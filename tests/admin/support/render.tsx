/**
 * Renders admin components as Strapi's admin does: inside the redux store holding `adminApi`, the
 * design system's and react-intl's providers. Each render gets a fresh store, so no answer is cached
 * from one test to the next.
 */
import * as React from 'react';
import { configureStore } from '@reduxjs/toolkit';
import { Provider } from 'react-redux';
import { render, type RenderOptions } from '@testing-library/react';
import { adminApi } from '@strapi/strapi/admin';
import { DesignSystemProvider } from '@strapi/design-system';
import { IntlProvider } from 'react-intl';
import en from '../../../shared/translations/en.json';
import fr from '../../../shared/translations/fr.json';
import { prefixTranslations } from '../../../admin/src/utils/translations';

/** The English messages as Strapi registers them: under the plugin's prefix. */
export const messages = prefixTranslations(en);

/** The admin's languages: a French user's admin renders with `locale: 'fr'`, as Strapi passes it. */
const MESSAGES = { en: messages, fr: prefixTranslations(fr) };
export type Locale = keyof typeof MESSAGES;

export const Providers = ({ children, locale = 'en' }: { children: React.ReactNode; locale?: Locale }) => (
  <IntlProvider
    locale={locale}
    defaultLocale="en"
    messages={MESSAGES[locale]}
    onError={(error) => {
      throw error;
    }}
  >
    <DesignSystemProvider locale={locale}>{children}</DesignSystemProvider>
  </IntlProvider>
);

const newStore = () =>
  configureStore({
    reducer: { [adminApi.reducerPath]: adminApi.reducer },
    // The development-only state checks time themselves and warn on slow CI machines; Strapi builds without them.
    middleware: (getDefault) => getDefault({ serializableCheck: false, immutableCheck: false }).concat(adminApi.middleware),
  });

export const renderWithProviders = (ui: React.ReactElement, { locale, ...options }: Omit<RenderOptions, 'wrapper'> & { locale?: Locale } = {}) => {
  const store = newStore();
  const Wrapper = ({ children }: { children: React.ReactNode }) => (
    <Provider store={store}>
      <Providers locale={locale}>{children}</Providers>
    </Provider>
  );
  return render(ui, { wrapper: Wrapper, ...options });
};
