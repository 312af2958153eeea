/**
 * The backups overview: every backed-up service with its measured RPO (age of the last verified
 * backup) against its target and its RTO (last passed drill's restore time), the work running now,
 * the sources whose backups are off and why, and the restore plan document.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../components/badge.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { EChart } from '../metrics/echart.js';
import { useMe } from '../session/session-context.js';
import { rpoBarsOption } from './backup-charts.js';
import { sourcePath } from './backup-format.js';
import { BackupJobsPanel } from './backup-jobs-panel.js';
import { useBackupJobs, useBackupOverview } from './backup-requests.js';
import type { BackupOverview, RpoState } from './backup-types.js';
import { BackupsTabs } from './backups-tabs.js';
import { RestorePlanLink } from './restore-plan-link.js';
import { SourceCard } from './source-card.js';
import './backups.css';

const STATES: readonly RpoState[] = ['late', 'none', 'ok'];

export function BackupsPage() {
  const { t } = useTranslation();
  const overview = useBackupOverview();
  return (
    <>
      <PageHeader title={t('backups.title')} subtitle={t('backups.subtitle')} actions={<RestorePlanLink />} />
      <BackupsTabs />
      <BackupJobsPanel />
      <QueryView query={overview} fullPageErrors>
        {(body) => <OverviewBody overview={body} />}
      </QueryView>
    </>
  );
}

function OverviewBody({ overview }: { readonly overview: BackupOverview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const mayOperate = useMe().permissions.includes('hosts:operate');
  const jobs = useBackupJobs();
  const busy = new Set((jobs.data ?? []).filter((job) => job.finishedAt === null).map((job) => job.source));
  // Late first, then never backed up, then fine: what needs attention comes first.
  const sources = [...overview.sources].sort(
    (a, b) => STATES.indexOf(a.rpoState) - STATES.indexOf(b.rpoState) || a.source.localeCompare(b.source),
  );
  const measured = sources.filter((source) => source.rpoSeconds !== null);
  if (sources.length === 0 && overview.disabled.length === 0) {
    return <p className="empty-state panel">{t('backups.noSources')}</p>;
  }
  return (
    <>
      <ul className="count-tiles" data-testid="rpo-tiles">
        {STATES.map((state) => (
          <li key={state} className="rpo-tile" data-state={state}>
            <span className="count-tile">
              <span className="count-value">
                {format.number(sources.filter((source) => source.rpoState === state).length)}
              </span>
              <span className="count-label">{t(`backups.rpoTile.${state}`)}</span>
            </span>
          </li>
        ))}
      </ul>
      {measured.length > 0 && (
        <section className="panel">
          <h2 className="panel-title">{t('backups.chart.rpoTitle')}</h2>
          <EChart
            option={rpoBarsOption(t, format, measured)}
            height={Math.max(120, 60 + measured.length * 28)}
            label={t('backups.chart.rpoTitle')}
            testId="rpo-chart"
          />
        </section>
      )}
      <div className="backup-cards" data-testid="backup-sources">
        {sources.map((source) => (
          <SourceCard
            key={source.source}
            status={source}
            mayOperate={mayOperate}
            busy={busy.has(source.source)}
          />
        ))}
      </div>
      {overview.disabled.length > 0 && (
        <section className="panel flush" data-testid="backup-disabled">
          <div className="panel-title-row">
            <h2 className="panel-title">{t('backups.disabled.title')}</h2>
          </div>
          <table className="table middle">
            <thead>
              <tr>
                <th>{t('backups.source')}</th>
                <th>{t('backups.disabled.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.disabled.map((entry) => (
                <tr key={entry.source} data-source={entry.source}>
                  <td className="mono small">
                    <Link to={sourcePath(entry.source)}>{entry.source}</Link>
                  </td>
                  <td>{entry.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <p className="muted small" data-testid="backup-destinations">
        {t('backups.destinations', { count: overview.destinations.length })}{' '}
        {overview.destinations.map((destination) => (
          <Badge key={destination.id} tone="info">
            {destination.id} (
            {t(`backups.destinationType.${destination.type}`, { defaultValue: destination.type })})
          </Badge>
        ))}{' '}
        · {t('backups.timeZone', { zone: overview.timeZone })}
      </p>
    </>
  );
}
