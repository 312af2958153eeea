/** One check: its state, the response-time chart over 24 h, 7 or 30 days, and its state history. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Badge } from '../components/badge.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { EChart } from '../metrics/echart.js';
import { responseTimeOption } from './monitoring-charts.js';
import { formatAvailability } from './monitoring-format.js';
import { useCheck, useCheckHistory } from './monitoring-requests.js';
import { MonitoringTabs } from './monitoring-tabs.js';
import type { HistoryRange } from './monitoring-types.js';
import { StateBadge } from './state-badge.js';
import './monitoring.css';

const RANGES: readonly HistoryRange[] = ['24h', '7d', '30d'];

export function CheckPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { kind = '', key = '', name = '' } = useParams();
  const id = `${kind}/${key}/${name}`;
  const check = useCheck(id);
  const [range, setRange] = useState<HistoryRange>('24h');
  const history = useCheckHistory(id, range);
  return (
    <>
      <PageHeader title={t('monitoring.title')} subtitle={<span className="mono">{id}</span>} />
      <MonitoringTabs />
      <QueryView query={check} fullPageErrors>
        {(detail) => (
          <>
            <section className="panel" data-testid="check-summary">
              <h2 className="panel-title">
                {detail.objectName} — {detail.name} <StateBadge state={detail.state} />{' '}
                {detail.flapping && <Badge tone="warning">{t('monitoring.flapping')}</Badge>}
              </h2>
              <dl className="fields">
                <Field
                  label={t('monitoring.checkPage.since')}
                  value={detail.since === null ? '—' : format.dateTime(detail.since)}
                />
                <Field label={t('monitoring.checks.kind')} value={detail.kind} />
                <Field label={t('monitoring.checks.host')} value={detail.host ?? '—'} />
                <Field label={t('monitoring.message')} value={detail.lastMessage ?? '—'} />
                <Field
                  label={t('monitoring.checkPage.monthAvailability')}
                  value={formatAvailability(detail.monthAvailability, format.locale)}
                />
                {detail.unreachableBecauseOf !== null && (
                  <Field
                    label={t('monitoring.checkPage.unreachable')}
                    value={t('monitoring.unreachableBecauseOf', { name: detail.unreachableBecauseOf })}
                  />
                )}
                {detail.maintenance !== null && (
                  <Field
                    label={t('monitoring.state.maintenance')}
                    value={`${detail.maintenance.title} (${format.dateTime(detail.maintenance.until)})`}
                  />
                )}
              </dl>
            </section>
            <section className="panel">
              <div className="panel-title-row">
                <h2 className="panel-title">{t('monitoring.checkPage.responseTime')}</h2>
                <fieldset className="monitoring-segment" aria-label={t('monitoring.checkPage.range')}>
                  {RANGES.map((value) => (
                    <button
                      key={value}
                      type="button"
                      className={value === range ? 'small-button active' : 'small-button'}
                      aria-pressed={value === range}
                      data-range={value}
                      onClick={() => setRange(value)}
                    >
                      {t(`monitoring.range.${value}`)}
                    </button>
                  ))}
                </fieldset>
              </div>
              <QueryView query={history}>
                {(data) =>
                  data.points.length === 0 ? (
                    <p className="empty-state">{t('monitoring.checkPage.noResults')}</p>
                  ) : (
                    <EChart
                      option={responseTimeOption(t, format, data)}
                      height={290}
                      label={t('monitoring.checkPage.responseTime')}
                      testId="response-time-chart"
                    />
                  )
                }
              </QueryView>
            </section>
            <section className="panel flush">
              <div className="panel-title-row">
                <h2 className="panel-title">{t('monitoring.checkPage.history')}</h2>
              </div>
              {detail.changes.length === 0 ? (
                <p className="empty-state">{t('monitoring.noChanges')}</p>
              ) : (
                <table className="table middle" data-testid="state-history">
                  <thead>
                    <tr>
                      <th>{t('monitoring.when')}</th>
                      <th>{t('monitoring.change')}</th>
                      <th>{t('monitoring.message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.changes.map((change) => (
                      <tr key={`${change.at}-${change.to}`}>
                        <td className="nowrap">{format.dateTime(change.at)}</td>
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

function Field({ label, value }: { readonly label: string; readonly value: string }) {
  return (
    <div className="field-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
