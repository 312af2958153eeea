/** Maintenance windows: current and coming (or all), plan one, end one early. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../components/action-error.js';
import { Badge } from '../components/badge.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { useMe } from '../session/session-context.js';
import { MaintenanceDialog } from './maintenance-dialog.js';
import { formatDuration } from './monitoring-format.js';
import { useEndMaintenance, useMaintenanceWindows } from './monitoring-requests.js';
import { MonitoringTabs } from './monitoring-tabs.js';
import './monitoring.css';

export function MaintenancePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const mayOperate = useMe().permissions.includes('hosts:operate');
  const [all, setAll] = useState(false);
  const [adding, setAdding] = useState(false);
  const windows = useMaintenanceWindows(all);
  const end = useEndMaintenance();
  return (
    <>
      <PageHeader
        title={t('monitoring.title')}
        subtitle={t('monitoring.maintenance.subtitle')}
        actions={
          mayOperate ? (
            <button
              type="button"
              className="button primary"
              data-testid="maintenance-add"
              onClick={() => setAdding(true)}
            >
              {t('monitoring.maintenance.add')}
            </button>
          ) : undefined
        }
      />
      <MonitoringTabs />
      {end.isError && <ActionError error={end.error} />}
      <section className="panel flush">
        <div className="panel-title-row">
          <h2 className="panel-title">
            {all ? t('monitoring.maintenance.all') : t('monitoring.maintenance.current')}
          </h2>
          <label className="small">
            <input
              type="checkbox"
              checked={all}
              data-testid="maintenance-all"
              onChange={(event) => setAll(event.target.checked)}
            />{' '}
            {t('monitoring.maintenance.showAll')}
          </label>
        </div>
        <QueryView query={windows}>
          {(items) =>
            items.length === 0 ? (
              <p className="empty-state">{t('monitoring.maintenance.none')}</p>
            ) : (
              <table className="table middle" data-testid="maintenance-table">
                <thead>
                  <tr>
                    <th>{t('monitoring.maintenance.titleField')}</th>
                    <th>{t('monitoring.maintenance.scope')}</th>
                    <th>{t('monitoring.maintenance.when')}</th>
                    <th>{t('monitoring.incidents.status')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {items.map((window) => (
                    <tr key={window.id} data-window={window.title}>
                      <td>{window.title}</td>
                      <td>
                        {t(`monitoring.scope.${window.scope.kind}`)}{' '}
                        <span className="mono">{window.scope.value}</span>
                      </td>
                      <td className="small">
                        {window.cron === null
                          ? `${format.dateTime(window.startsAt)} → ${window.endsAt === null ? '…' : format.dateTime(window.endsAt)}`
                          : t('monitoring.maintenance.recurringLine', {
                              cron: window.cron,
                              duration: formatDuration(window.durationMs ?? 0, t),
                            })}
                      </td>
                      <td>
                        {window.endedAt !== null && window.endedAt !== undefined ? (
                          <Badge tone="neutral">{t('monitoring.maintenance.ended')}</Badge>
                        ) : window.activeUntil !== null ? (
                          <Badge tone="info">{t('monitoring.maintenance.activeBadge')}</Badge>
                        ) : (
                          <Badge tone="neutral">{t('monitoring.maintenance.planned')}</Badge>
                        )}
                      </td>
                      <td>
                        {mayOperate && (window.endedAt ?? null) === null && (
                          <button
                            type="button"
                            className="small-button"
                            data-testid="maintenance-end"
                            disabled={end.isPending}
                            onClick={() => end.mutate(window.id)}
                          >
                            {t('monitoring.maintenance.endNow')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryView>
      </section>
      {adding && <MaintenanceDialog onClose={() => setAdding(false)} />}
    </>
  );
}
