import { SubNav } from '@strapi/strapi/admin';
import { Divider } from '@strapi/design-system';
import { PLUGIN_ID } from '../pluginId';
import { NAV_SECTIONS } from '../resources';
import { useT } from '../utils/translations';

/** The plugin's sub-navigation: Licenses, Compliance and Installations first, then the reference lists, in the order of docs/guide.md. */
export const PluginNav = () => {
  const t = useT();
  const title = t('plugin.name');
  return (
    <SubNav.Main aria-label={title}>
      <SubNav.Header label={title} />
      <Divider />
      <SubNav.Content>
        <SubNav.Sections>
          {NAV_SECTIONS.map((section) => (
            <SubNav.Section key={section.id} label={t(section.label)}>
              {section.links.map((link) => (
                <SubNav.Link key={link.path} to={`/plugins/${PLUGIN_ID}/${link.path}`} label={t(link.label)}>
                  {t(link.label)}
                </SubNav.Link>
              ))}
            </SubNav.Section>
          ))}
        </SubNav.Sections>
      </SubNav.Content>
    </SubNav.Main>
  );
};
