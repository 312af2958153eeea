/**
 * One backed-up service: its summary card (RPO, RTO, actions), sizes and durations of its last runs
 * drawn, every run with verify and restore, every drill with its checks, and its restore plan.
 */
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { EChart } from '../metrics/echart.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { useMe } from '../session/session-context.js';
import { runHistoryOption } from './backup-charts.js';
import { BackupJobsPanel } from './backup-jobs-panel.js';
import { useBackupJobs, useBackupOverview, useDrills, useRuns } from './backup-requests.js';
import type { BackupRun } from './backup-types.js';
import { BackupsTabs } from './backups-tabs.js';
import { DrillsTable } from './drills-table.js';
import { RestorePlanLink } from './restore-plan-link.js';
import { RunsTable } from './runs-table.js';
import { SourceCard } from './source-card.js';
import './backups.css';

export function BackupSourcePage() {
  const { t } = useTranslation();
  const { kind = '', key = '' } = useParams();
  const source = `${kind}:${key}`;
  const overview = useBackupOverview();
  const runs = useRuns(source, 100);
  const drills = useDrills(source, 50);
  const jobs = useBackupJobs();
  const mayOperate = useMe().permissions.includes('hosts:operate');
  const busy = (jobs.data ?? []).some((job) => job.source === source && job.finishedAt === null);
  return (
    <>
      <PageHeader
        title={t('backups.title')}
        subtitle={<span className="mono">{source}</span>}
        actions={<RestorePlanLink source={source} />}
      />
      <BackupsTabs />
      <QueryView query={overview} fullPageErrors>
        {(body) => {
          const status = body.sources.find((item) => item.source === source);
          const disabled = body.disabled.find((item) => item.source === source);
          if (status === undefined && disabled === undefined) return <NotFoundPage />;
          return (
            <>
              {disabled !== undefined && (
                <div className="notice notice-info" data-testid="source-disabled">
                  {t('backups.disabled.line', { reason: disabled.reason })}
                </div>
              )}
              {status !== undefined && <SourceCard status={status} mayOperate={mayOperate} busy={busy} />}
            </>
          );
        }}
      </QueryView>
      <BackupJobsPanel source={source} />
      <QueryView query={runs}>
        {(items) => (
          <>
            <RunChart runs={items} />
            <section className="panel flush">
              <div className="panel-title-row">
                <h2 className="panel-title">{t('backups.runs.title')}</h2>
              </div>
              <RunsTable runs={items} />
            </section>
          </>
        )}
      </QueryView>
      <section className="panel flush">
        <div className="panel-title-row">
          <h2 className="panel-title">{t('backups.drills.title')}</h2>
        </div>
        <QueryView query={drills}>{(items) => <DrillsTable drills={items} />}</QueryView>
      </section>
    </>
  );
}

function RunChart({ runs }: { readonly runs: readonly BackupRun[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const measured = runs.filter((run) => run.sizeBytes !== null).slice(0, 30);
  if (measured.length === 0) return null;
  return (
    <section className="panel">
      <h2 className="panel-title">{t('backups.chart.historyTitle')}</h2>
      <EChart
        option={runHistoryOption(t, format, measured)}
        height={240}
        label={t('backups.chart.historyTitle')}
        testId="run-history-chart"
      />
    </section>
  );
}
