/**
 * The live monitoring overview: checks by state, maintenance now, open incidents (acknowledge), the
 * latest state changes. Polls one small endpoint every 10 s; an unchanged answer is a 304, so the
 * time shown is that of the last poll, not the server's `at`.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { IncidentTable } from './incident-table.js';
import { MaintenanceBanner } from './maintenance-banner.js';
import { useMonitoringOverview } from './monitoring-requests.js';
import { MonitoringTabs } from './monitoring-tabs.js';
import type { CheckState } from './monitoring-types.js';
import { StateBadge } from './state-badge.js';
import './monitoring.css';

const STATES: readonly CheckState[] = ['down', 'degraded', 'up', 'unknown'];

export function MonitoringPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const overview = useMonitoringOverview();
  return (
    <>
      <PageHeader title={t('monitoring.title')} subtitle={t('monitoring.subtitle')} />
      <MonitoringTabs />
      <QueryView query={overview} fullPageErrors>
        {(body) => (
          <>
            <ul className="count-tiles" data-testid="state-tiles">
              {STATES.map((state) => (
                <li key={state} data-state={state} className="state-tile">
                  <Link className="count-tile" to={`/monitoring/checks?state=${state}`}>
                    <span className="count-value">{format.number(body.counts[state])}</span>
                    <span className="count-label">{t(`monitoring.state.${state}`)}</span>
                  </Link>
                </li>
              ))}
            </ul>
            <MaintenanceBanner windows={body.maintenance} />
            <section className="panel flush">
              <div className="panel-title-row">
                <h2 className="panel-title">
                  {t('monitoring.openIncidents', { count: body.openIncidents.length })}
                </h2>
              </div>
              <IncidentTable incidents={body.openIncidents} />
            </section>
            <section className="panel flush">
              <div className="panel-title-row">
                <h2 className="panel-title">{t('monitoring.recentChanges')}</h2>
                <span className="muted small">
                  {t('monitoring.updatedAt', {
                    time: format.dateTime(new Date(overview.dataUpdatedAt).toISOString()),
                  })}
                </span>
              </div>
              {body.recentChanges.length === 0 ? (
                <p className="empty-state">{t('monitoring.noChanges')}</p>
              ) : (
                <table className="table middle" data-testid="recent-changes">
                  <thead>
                    <tr>
                      <th>{t('monitoring.when')}</th>
                      <th>{t('monitoring.check')}</th>
                      <th>{t('monitoring.change')}</th>
                      <th>{t('monitoring.message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {body.recentChanges.slice(0, 15).map((change) => (
                      <tr key={`${change.checkId}-${change.at}`}>
                        <td className="nowrap">{format.dateTime(change.at)}</td>
                        <td className="mono small">
                          <Link to={`/monitoring/checks/${change.checkId}`}>{change.checkId}</Link>
                        </td>
                        <td className="nowrap">
                          <StateBadge state={change.from} /> → <StateBadge state={change.to} />
                        </td>
                        <td className="small">{change.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </QueryView>
    </>
  );
}
