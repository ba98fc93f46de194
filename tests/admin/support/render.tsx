/** Renders admin components as Strapi's admin does: inside the design system's and react-intl's providers. */
import * as React from 'react';
import { render, type RenderOptions } from '@testing-library/react';
import { DesignSystemProvider } from '@strapi/design-system';
import { IntlProvider } from 'react-intl';
import en from '../../../admin/src/translations/en.json';
import { prefixTranslations } from '../../../admin/src/utils/translations';

/** The English messages as Strapi registers them: under the plugin's prefix. */
export const messages = prefixTranslations(en);

export const Providers = ({ children }: { children: React.ReactNode }) => (
  <IntlProvider locale="en" defaultLocale="en" messages={messages} onError={(error) => { throw error; }}>
    <DesignSystemProvider locale="en">{children}</DesignSystemProvider>
  </IntlProvider>
);

export const renderWithProviders = (ui: React.ReactElement, options?: Omit<RenderOptions, 'wrapper'>) =>
  render(ui, { wrapper: Providers, ...options });
