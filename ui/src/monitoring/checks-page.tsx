/** Every check with its state: filters by state, kind and host (kept in the address), 25 a page read from the server. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../components/badge.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { useChecks } from './monitoring-requests.js';
import { MonitoringTabs } from './monitoring-tabs.js';
import type { CheckView } from './monitoring-types.js';
import { StateBadge } from './state-badge.js';
import './monitoring.css';

const PAGE_SIZE = 25;

export function ChecksPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(0);
  const filter = {
    state: params.get('state') ?? '',
    kind: params.get('kind') ?? '',
    host: params.get('host') ?? '',
  };
  const checks = useChecks(filter, page, PAGE_SIZE);
  const setFilter = (name: keyof typeof filter, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
    setPage(0);
  };
  return (
    <>
      <PageHeader title={t('monitoring.title')} subtitle={t('monitoring.checks.subtitle')} />
      <MonitoringTabs />
      <QueryView query={checks} fullPageErrors>
        {(body) => {
          const pages = Math.max(1, Math.ceil(body.total / PAGE_SIZE));
          const current = Math.min(page, pages - 1);
          return (
            <section className="panel" aria-busy={checks.isPlaceholderData}>
              <div className="monitoring-filters">
                <Select
                  label={t('monitoring.checks.state')}
                  value={filter.state}
                  onChange={(v) => setFilter('state', v)}
                  testId="filter-state"
                  options={['up', 'down', 'degraded', 'unknown'].map((state) => [
                    state,
                    t(`monitoring.state.${state}`),
                  ])}
                />
                <Select
                  label={t('monitoring.checks.kind')}
                  value={filter.kind}
                  onChange={(v) => setFilter('kind', v)}
                  testId="filter-kind"
                  options={body.kinds.map((kind) => [kind, kind])}
                />
                <Select
                  label={t('monitoring.checks.host')}
                  value={filter.host}
                  onChange={(v) => setFilter('host', v)}
                  testId="filter-host"
                  options={body.hosts.map((host) => [host, host])}
                />
                <span className="muted small">{t('monitoring.checks.count', { count: body.total })}</span>
              </div>
              <ChecksTable checks={body.items} />
              {pages > 1 && (
                <div className="pager" data-testid="checks-pager">
                  <button
                    type="button"
                    className="button"
                    disabled={current === 0}
                    onClick={() => setPage(current - 1)}
                  >
                    {t('monitoring.previous')}
                  </button>
                  <span className="muted small">{t('monitoring.page', { page: current + 1, pages })}</span>
                  <button
                    type="button"
                    className="button"
                    disabled={current >= pages - 1}
                    onClick={() => setPage(current + 1)}
                  >
                    {t('monitoring.next')}
                  </button>
                </div>
              )}
            </section>
          );
        }}
      </QueryView>
    </>
  );
}

function Select(props: {
  readonly label: string;
  readonly value: string;
  readonly options: readonly (readonly [string, string])[];
  readonly onChange: (value: string) => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {props.label}
      <select
        className="select"
        value={props.value}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      >
        <option value="">{t('monitoring.all')}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

function ChecksTable({ checks }: { readonly checks: readonly CheckView[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (checks.length === 0) return <p className="empty-state">{t('monitoring.checks.none')}</p>;
  return (
    <table className="table middle" data-testid="checks-table">
      <thead>
        <tr>
          <th>{t('monitoring.checks.state')}</th>
          <th>{t('monitoring.check')}</th>
          <th>{t('monitoring.checks.kind')}</th>
          <th>{t('monitoring.checks.host')}</th>
          <th>{t('monitoring.checks.latency')}</th>
          <th>{t('monitoring.checks.lastRun')}</th>
          <th>{t('monitoring.message')}</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((check) => (
          <tr key={check.id} data-check={check.id}>
            <td className="nowrap">
              <StateBadge state={check.state} />
              {check.flapping && <Badge tone="warning">{t('monitoring.flapping')}</Badge>}
            </td>
            <td>
              <Link to={`/monitoring/checks/${check.id}`}>{check.objectName}</Link>
              <div className="muted small mono">{check.id}</div>
              {check.unreachableBecauseOf !== null && (
                <Badge tone="info">
                  {t('monitoring.unreachableBecauseOf', { name: check.unreachableBecauseOf })}
                </Badge>
              )}
              {check.maintenance !== null && <Badge tone="info">{t('monitoring.inMaintenance')}</Badge>}
            </td>
            <td>{check.kind}</td>
            <td>{check.host ?? '—'}</td>
            <td className="numeric">
              {check.lastLatencyMs === null ? '—' : `${format.number(check.lastLatencyMs)} ms`}
            </td>
            <td className="nowrap">{check.lastAt === null ? '—' : format.relative(check.lastAt)}</td>
            <td className="small">{check.lastMessage ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
