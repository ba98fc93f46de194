import { Key } from '@strapi/icons';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { msg, prefixTranslations } from './utils/translations';

type TranslationModule = { default: Record<string, string> };

/** Translation files by locale; a locale without a file falls back to English. */
const TRANSLATIONS: Record<string, () => Promise<TranslationModule>> = {
  en: () => import('../../shared/translations/en.json'),
  fr: () => import('../../shared/translations/fr.json'),
};

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'License Manager' });

    // The menu path "Asset Management > Licenses" (docs/guide.md).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Key,
      intlLabel: msg('plugin.name'),
      permissions: PERMISSIONS.read,
      Component: () => import('./pages/App').then((mod) => ({ default: mod.App })),
    });

    app.createSettingSection({ id: PLUGIN_ID, intlLabel: msg('settings.section') }, [
      {
        id: 'settings',
        to: PLUGIN_ID,
        intlLabel: msg('settings.link'),
        permissions: PERMISSIONS.read,
        Component: () => import('./pages/SettingsPage').then((mod) => ({ default: mod.SettingsPage })),
      },
    ]);

    // The homepage widget API exists from Strapi 5.13; older admins simply go without it.
    if (app.widgets && typeof app.widgets.register === 'function') {
      app.widgets.register({
        id: 'licenses-attention',
        pluginId: PLUGIN_ID,
        icon: Key,
        title: msg('widget.title'),
        link: { label: msg('widget.link'), href: `/plugins/${PLUGIN_ID}/licenses` },
        permissions: PERMISSIONS.read,
        component: () => import('./components/LicensesWidget').then((mod) => mod.LicensesWidget),
      });
    }
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        const load = TRANSLATIONS[locale];
        if (!load) return { data: {}, locale };
        try {
          const { default: data } = await load();
          return { data: prefixTranslations(data), locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
