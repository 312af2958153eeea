/** Every backup run of every source, newest first, with verify and restore for operators. */
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { BackupJobsPanel } from './backup-jobs-panel.js';
import { useRuns } from './backup-requests.js';
import { BackupsTabs } from './backups-tabs.js';
import { RestorePlanLink } from './restore-plan-link.js';
import { RunsTable } from './runs-table.js';
import './backups.css';

export function BackupRunsPage() {
  const { t } = useTranslation();
  const runs = useRuns(undefined, 200);
  return (
    <>
      <PageHeader
        title={t('backups.title')}
        subtitle={t('backups.runs.subtitle')}
        actions={<RestorePlanLink />}
      />
      <BackupsTabs />
      <BackupJobsPanel />
      <section className="panel flush">
        <QueryView query={runs} fullPageErrors>
          {(items) => <RunsTable runs={items} withSource />}
        </QueryView>
      </section>
    </>
  );
}
