import * as React from 'react';
import { Button, Flex, Tabs } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { Layouts, Page, SearchInput, useQueryParams } from '@strapi/strapi/admin';
import { ImportDialog } from '../components/import/ImportDialog';
import { DevicesSection } from '../components/installations/DevicesSection';
import type { InstallationsQuery } from '../components/installations/listParams';
import { RecognitionProgress } from '../components/installations/RecognitionProgress';
import { RulesSection } from '../components/installations/RulesSection';
import { UnrecognizedSection } from '../components/installations/UnrecognizedSection';
import { useInstallationPermissions } from '../hooks/usePermissions';
import { useT, type TranslationKey } from '../utils/translations';

const TABS = ['unrecognized', 'devices', 'rules'] as const;
type Tab = (typeof TABS)[number];
const SEARCH: Partial<Record<Tab, TranslationKey>> = { unrecognized: 'unrecognized.search', devices: 'devices.search' };

/**
 * Asset Management > Installations: the names no rule recognizes yet, the devices that match no asset,
 * and the recognition rules, with the re-recognition's progress after a rule write. The tab, page and
 * search are in the URL; writing rules, linking devices and importing a CSV need installations.manage.
 */
export const InstallationsPage = () => {
  const t = useT();
  const { canManageInstallations } = useInstallationPermissions();
  const [{ query }, setQuery] = useQueryParams<InstallationsQuery>();
  const tab: Tab = TABS.includes(query.tab as Tab) ? (query.tab as Tab) : 'unrecognized';
  const search = SEARCH[tab];
  const [importing, setImporting] = React.useState(false);

  return (
    <Page.Main>
      <Page.Title>{t('installations.title')}</Page.Title>
      <Layouts.Header
        title={t('installations.title')}
        subtitle={t('installations.subtitle')}
        primaryAction={
          canManageInstallations ? (
            <Button variant="secondary" startIcon={<Upload />} onClick={() => setImporting(true)}>
              {t('import.open.installations')}
            </Button>
          ) : undefined
        }
      />
      {/* Another discovery tool's CSV: each device's rows written as its push (docs/api.md, "Installations"). */}
      {importing && <ImportDialog kind="installations" canCreateMissing={false} onClose={() => setImporting(false)} />}
      {/* The search box is keyed by the tab: each tab starts with its own empty box, as the URL's _q is cleared. */}
      {search && <Layouts.Action startActions={<SearchInput key={tab} label={t(search)} placeholder={t(search)} />} />}
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <RecognitionProgress />
          <Tabs.Root value={tab} onValueChange={(value) => setQuery({ tab: value, page: '1', _q: undefined } as InstallationsQuery)}>
            <Tabs.List aria-label={t('installations.sections')}>
              <Tabs.Trigger value="unrecognized">{t('installations.tab.unrecognized')}</Tabs.Trigger>
              <Tabs.Trigger value="devices">{t('installations.tab.devices')}</Tabs.Trigger>
              <Tabs.Trigger value="rules">{t('installations.tab.rules')}</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="unrecognized">
              <UnrecognizedSection canManage={canManageInstallations} />
            </Tabs.Content>
            <Tabs.Content value="devices">
              <DevicesSection canManage={canManageInstallations} />
            </Tabs.Content>
            <Tabs.Content value="rules">
              <RulesSection canManage={canManageInstallations} />
            </Tabs.Content>
          </Tabs.Root>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
