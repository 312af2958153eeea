/** The route table of the web interface. */
import { Route, Routes } from 'react-router';
import { AccountPage } from '../account/account-page.js';
import { AuditPage } from '../audit/audit-page.js';
import { BackupRunsPage } from '../backups/backup-runs-page.js';
import { BackupsPage } from '../backups/backups-page.js';
import { BackupSourcePage } from '../backups/source-page.js';
import { DatabasesPage } from '../databases/databases-page.js';
import { DriftPage } from '../facts/drift-page.js';
import { HostKeysPage } from '../hostkeys/hostkeys-page.js';
import { HostsPage } from '../hosts/hosts-page.js';
import { HypervisorsPage } from '../hypervisors/hypervisors-page.js';
import { InventoryPage } from '../inventory/inventory-page.js';
import { RevisionPage } from '../inventory/revision-page.js';
import { JournalPage } from '../journal/journal-page.js';
import { LoginPage } from '../login/login-page.js';
import { CapacityPage } from '../metrics/capacity-page.js';
import { CheckPage } from '../monitoring/check-page.js';
import { ChecksPage } from '../monitoring/checks-page.js';
import { IncidentsPage } from '../monitoring/incidents-page.js';
import { MaintenancePage } from '../monitoring/maintenance-page.js';
import { MonitoringPage } from '../monitoring/monitoring-page.js';
import { SlaPage } from '../monitoring/sla-page.js';
import { ObjectPage } from '../object/object-page.js';
import { OverviewPage } from '../overview/overview-page.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { PeoplePage } from '../people/people-page.js';
import { RackPage } from '../rack/rack-page.js';
import { Layout } from '../shell/layout.js';
import { PublicStatusPage } from '../status/public-status-page.js';
import { UpdatesPage } from '../updates/updates-page.js';
import { UsersPage } from '../users/users-page.js';
import { WebsitesPage } from '../websites/websites-page.js';
import { RequireSection, RequireSession } from './require-session.js';

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/status" element={<PublicStatusPage />} />
      <Route element={<RequireSession />}>
        <Route element={<Layout />}>
          <Route
            index
            element={
              <RequireSection section="overview">
                <OverviewPage />
              </RequireSection>
            }
          />
          <Route
            path="rack"
            element={
              <RequireSection section="rack">
                <RackPage />
              </RequireSection>
            }
          />
          <Route
            path="racks/:key"
            element={
              <RequireSection section="rack">
                <RackPage />
              </RequireSection>
            }
          />
          <Route
            path="hypervisors"
            element={
              <RequireSection section="hypervisors">
                <HypervisorsPage />
              </RequireSection>
            }
          />
          <Route
            path="hosts"
            element={
              <RequireSection section="hosts">
                <HostsPage />
              </RequireSection>
            }
          />
          <Route
            path="websites"
            element={
              <RequireSection section="websites">
                <WebsitesPage />
              </RequireSection>
            }
          />
          <Route
            path="databases"
            element={
              <RequireSection section="databases">
                <DatabasesPage />
              </RequireSection>
            }
          />
          <Route
            path="people"
            element={
              <RequireSection section="people">
                <PeoplePage />
              </RequireSection>
            }
          />
          <Route
            path="drift"
            element={
              <RequireSection section="drift">
                <DriftPage />
              </RequireSection>
            }
          />
          <Route
            path="updates"
            element={
              <RequireSection section="updates">
                <UpdatesPage />
              </RequireSection>
            }
          />
          <Route
            path="capacity"
            element={
              <RequireSection section="capacity">
                <CapacityPage />
              </RequireSection>
            }
          />
          <Route
            path="monitoring"
            element={
              <RequireSection section="monitoring">
                <MonitoringPage />
              </RequireSection>
            }
          />
          <Route
            path="monitoring/checks"
            element={
              <RequireSection section="monitoring">
                <ChecksPage />
              </RequireSection>
            }
          />
          <Route
            path="monitoring/checks/:kind/:key/:name"
            element={
              <RequireSection section="monitoring">
                <CheckPage />
              </RequireSection>
            }
          />
          <Route
            path="monitoring/incidents"
            element={
              <RequireSection section="monitoring">
                <IncidentsPage />
              </RequireSection>
            }
          />
          <Route
            path="monitoring/maintenance"
            element={
              <RequireSection section="monitoring">
                <MaintenancePage />
              </RequireSection>
            }
          />
          <Route
            path="monitoring/sla"
            element={
              <RequireSection section="monitoring">
                <SlaPage />
              </RequireSection>
            }
          />
          <Route
            path="backups"
            element={
              <RequireSection section="backups">
                <BackupsPage />
              </RequireSection>
            }
          />
          <Route
            path="backups/runs"
            element={
              <RequireSection section="backups">
                <BackupRunsPage />
              </RequireSection>
            }
          />
          <Route
            path="backups/:kind/:key"
            element={
              <RequireSection section="backups">
                <BackupSourcePage />
              </RequireSection>
            }
          />
          <Route
            path="inventory"
            element={
              <RequireSection section="inventory">
                <InventoryPage />
              </RequireSection>
            }
          />
          <Route
            path="inventory/revisions/:id"
            element={
              <RequireSection section="inventory">
                <RevisionPage />
              </RequireSection>
            }
          />
          <Route
            path="audit"
            element={
              <RequireSection section="audit">
                <AuditPage />
              </RequireSection>
            }
          />
          <Route
            path="journal"
            element={
              <RequireSection section="journal">
                <JournalPage />
              </RequireSection>
            }
          />
          <Route
            path="hostkeys"
            element={
              <RequireSection section="hostkeys">
                <HostKeysPage />
              </RequireSection>
            }
          />
          <Route
            path="users"
            element={
              <RequireSection section="users">
                <UsersPage />
              </RequireSection>
            }
          />
          <Route path="account" element={<AccountPage />} />
          <Route path="objects/:kind/:key" element={<ObjectPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
