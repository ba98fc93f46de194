import { Layouts, Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { PluginNav } from '../components/PluginNav';
import { PERMISSIONS } from '../permissions';
import { REFERENCE_RESOURCES } from '../resources';
import { CompliancePage } from './CompliancePage';
import { InstallationsPage } from './InstallationsPage';
import { LicenseDetailPage } from './LicenseDetailPage';
import { LicenseListPage } from './LicenseListPage';
import { ReferencePage } from './ReferencePage';

/** Asset Management: the licenses, their compliance, the installations and the reference lists, behind the read permission. */
export const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Layouts.Root sideNav={<PluginNav />}>
      <Routes>
        <Route index element={<Navigate to="licenses" replace />} />
        <Route path="licenses" element={<LicenseListPage />} />
        <Route path="licenses/:documentId" element={<LicenseDetailPage />} />
        <Route path="compliance" element={<CompliancePage />} />
        <Route path="installations" element={<InstallationsPage />} />
        {REFERENCE_RESOURCES.map((resource) => (
          <Route key={resource.path} path={resource.path} element={<ReferencePage key={resource.path} resource={resource} />} />
        ))}
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </Layouts.Root>
  </Page.Protect>
);
