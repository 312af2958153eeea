/** Availability per service for a month (the SLA figure), maintenance left out, with the incidents behind it. */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Badge } from '../components/badge.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { EChart } from '../metrics/echart.js';
import { slaBarsOption } from './monitoring-charts.js';
import { currentMonth, formatAvailability, formatDuration } from './monitoring-format.js';
import { useSla } from './monitoring-requests.js';
import { MonitoringTabs } from './monitoring-tabs.js';
import './monitoring.css';

export function SlaPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const requested = params.get('month') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(requested) ? requested : currentMonth();
  const report = useSla(month);
  return (
    <>
      <PageHeader
        title={t('monitoring.sla.title')}
        subtitle={t('monitoring.sla.subtitle')}
        actions={
          <label className="small">
            {t('monitoring.sla.month')}{' '}
            <input
              type="month"
              value={month}
              data-testid="sla-month"
              onChange={(event) =>
                event.target.value !== '' && setParams({ month: event.target.value }, { replace: true })
              }
            />
          </label>
        }
      />
      <MonitoringTabs />
      <QueryView query={report} fullPageErrors>
        {(body) => (
          <>
            <section className="panel">
              <h2 className="panel-title">{t('monitoring.sla.chart')}</h2>
              {body.services.some((service) => service.availability !== null) ? (
                <EChart
                  option={slaBarsOption(t, format, body.services)}
                  height={Math.max(120, 30 * body.services.length + 40)}
                  label={t('monitoring.sla.chart')}
                  testId="sla-chart"
                />
              ) : (
                <p className="empty-state">{t('monitoring.sla.nothingMeasured')}</p>
              )}
            </section>
            <section className="panel flush">
              <table className="table" data-testid="sla-table">
                <thead>
                  <tr>
                    <th>{t('monitoring.sla.service')}</th>
                    <th>{t('monitoring.sla.availability')}</th>
                    <th>{t('monitoring.sla.target')}</th>
                    <th>{t('monitoring.sla.down')}</th>
                    <th>{t('monitoring.sla.excluded')}</th>
                    <th>{t('monitoring.sla.incidents')}</th>
                  </tr>
                </thead>
                <tbody>
                  {body.services.map((service) => (
                    <tr key={service.object} data-service={service.object}>
                      <td>
                        {service.name}{' '}
                        <span className="muted small">{t(`monitoring.kind.${service.kind}`)}</span>
                        <div className="muted small mono">{service.checkId}</div>
                      </td>
                      <td className="numeric" data-testid="sla-figure">
                        {formatAvailability(service.availability, format.locale)}
                      </td>
                      <td className="numeric">
                        {service.target === null ? (
                          <span className="muted">—</span>
                        ) : (
                          <>
                            {formatAvailability(service.target, format.locale)}{' '}
                            {service.availability !== null &&
                              (service.availability >= service.target ? (
                                <Badge tone="success">{t('monitoring.sla.met')}</Badge>
                              ) : (
                                <Badge tone="danger">{t('monitoring.sla.missed')}</Badge>
                              ))}
                          </>
                        )}
                      </td>
                      <td className="nowrap">
                        {service.downMs === 0 ? '—' : formatDuration(service.downMs, t)}
                      </td>
                      <td className="nowrap">
                        {service.excludedMs === 0 ? '—' : formatDuration(service.excludedMs, t)}
                      </td>
                      <td className="small">
                        {service.incidents.length === 0 ? (
                          <span className="muted">—</span>
                        ) : (
                          <ul className="plain-list">
                            {service.incidents.map((incident) => (
                              <li key={incident.id}>
                                {format.dateTime(incident.openedAt)} ·{' '}
                                {formatDuration(incident.durationMs, t)} · {incident.message}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small" style={{ padding: '0 16px 12px' }}>
                {t('monitoring.sla.explained', {
                  from: format.dateTime(body.from),
                  to: format.dateTime(body.to),
                })}
              </p>
            </section>
          </>
        )}
      </QueryView>
    </>
  );
}
