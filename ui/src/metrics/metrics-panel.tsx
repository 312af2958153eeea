/**
 * A host's metrics on its VM or device page: how its last reading went, what is past its thresholds,
 * CPU, load, memory and swap over a chosen range, and each filesystem with its thresholds and forecast.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../components/action-error.js';
import { Badge } from '../components/badge.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { useMe } from '../session/session-context.js';
import { BreachList } from './breach-list.js';
import { cpuOption, filesystemOption, loadOption, memoryOption } from './chart-options.js';
import { EChart } from './echart.js';
import { ForecastText } from './forecast-text.js';
import { useCollectNow, useHostSeries, useLatestMetrics } from './metrics-requests.js';
import type { HostSeries, LatestMetrics, MetricRange } from './metrics-types.js';

const RANGES: readonly MetricRange[] = ['24h', '7d', '30d'];

export function HostMetricsPanel({ host }: { readonly host: string }) {
  const me = useMe();
  if (!me.permissions.includes('hosts:read')) return null;
  return <MetricsPanel host={host} canOperate={me.permissions.includes('hosts:operate')} />;
}

function MetricsPanel({ host, canOperate }: { readonly host: string; readonly canOperate: boolean }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<MetricRange>('24h');
  const latest = useLatestMetrics(host);
  const series = useHostSeries(host, range);
  const collect = useCollectNow(host);
  return (
    <section className="panel" data-testid="metrics-panel">
      <div className="panel-title-row" style={{ paddingRight: 0, gap: 12, flexWrap: 'wrap' }}>
        <h2>{t('metrics.title')}</h2>
        <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          {RANGES.map((option) => (
            <button
              key={option}
              type="button"
              className={`button small-button${option === range ? ' primary' : ''}`}
              aria-pressed={option === range}
              data-range={option}
              onClick={() => setRange(option)}
            >
              {t(`metrics.range.${option}`)}
            </button>
          ))}
          {canOperate && (
            <button
              type="button"
              className="button small-button"
              disabled={collect.isPending}
              onClick={() => collect.mutate()}
              data-testid="metrics-collect"
            >
              {collect.isPending ? t('metrics.collecting') : t('metrics.collectNow')}
            </button>
          )}
        </div>
      </div>
      {collect.isError && <ActionError error={collect.error} text={t('metrics.collectFailed')} />}
      <QueryView query={latest}>
        {(state) => (
          <>
            <CollectionLine latest={state} />
            <BreachList breaches={state.breaches} />
            <QueryView query={series}>{(data) => <Charts latest={state} series={data} />}</QueryView>
          </>
        )}
      </QueryView>
    </section>
  );
}

function CollectionLine({ latest }: { readonly latest: LatestMetrics }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { collection, sample } = latest;
  if (collection === null && sample === null) {
    return <p className="empty-state">{t('metrics.none')}</p>;
  }
  if (collection !== null && collection.result === 'failed') {
    // The newest sample is the last success too (its row survives pruning of the collection's state).
    const lastSuccess = collection.lastSuccessAt ?? sample?.at ?? null;
    return (
      <div className="notice notice-danger" data-testid="metrics-collection-failed">
        <strong>
          {t('metrics.lastFailed', {
            when: format.dateTime(collection.lastAttemptAt),
            count: collection.consecutiveFailures,
          })}
        </strong>{' '}
        <span className="mono small">{collection.errorCode}</span> {collection.error}
        {lastSuccess !== null && (
          <div className="small">{t('metrics.lastSuccess', { when: format.dateTime(lastSuccess) })}</div>
        )}
      </div>
    );
  }
  return (
    <p className="muted small" data-testid="metrics-last-reading">
      {t('metrics.lastReading', { when: format.dateTime(sample?.at ?? collection?.lastAttemptAt ?? '') })}
      {sample !== null && (
        <>
          {' · '}
          {t('metrics.now', {
            cpu: format.percent(sample.cpuPercent / 100),
            load: format.number(sample.load5, 2),
            cores: sample.cpuCount,
            memory: format.percent(
              sample.memoryTotalBytes > 0 ? sample.memoryUsedBytes / sample.memoryTotalBytes : 0,
            ),
            total: format.bytes(sample.memoryTotalBytes),
          })}
        </>
      )}
    </p>
  );
}

function Charts({ latest, series }: { readonly latest: LatestMetrics; readonly series: HostSeries }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { thresholds } = latest;
  const cores = latest.sample?.cpuCount ?? 1;
  const options = useMemo(
    () => ({
      cpu: cpuOption(t, format, series, series.points, thresholds.cpu),
      load: loadOption(t, format, series, series.points, cores, thresholds.loadPerCore),
      memory: memoryOption(t, format, series, series.points, thresholds.memory),
    }),
    [t, format, series, thresholds, cores],
  );
  if (series.points.length === 0) return <p className="empty-state">{t('metrics.noneInRange')}</p>;
  return (
    <>
      <div
        className="card-grid"
        style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))', marginBottom: 18 }}
      >
        <figure style={{ margin: 0 }}>
          <figcaption className="small">{t('metrics.chart.cpu')}</figcaption>
          <EChart option={options.cpu} height={180} label={t('metrics.chart.cpu')} testId="chart-cpu" />
        </figure>
        <figure style={{ margin: 0 }}>
          <figcaption className="small">{t('metrics.chart.load', { cores })}</figcaption>
          <EChart
            option={options.load}
            height={180}
            label={t('metrics.chart.load', { cores })}
            testId="chart-load"
          />
        </figure>
        <figure style={{ margin: 0 }}>
          <figcaption className="small">{t('metrics.chart.memory')}</figcaption>
          <EChart
            option={options.memory}
            height={180}
            label={t('metrics.chart.memory')}
            testId="chart-memory"
          />
        </figure>
      </div>
      <h3 style={{ fontSize: 15, margin: '8px 0' }}>{t('metrics.filesystems')}</h3>
      <div className="card-grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(420px, 1fr))' }}>
        {latest.filesystems.map((fs) => {
          const points =
            series.filesystems.find((candidate) => candidate.mountpoint === fs.mountpoint)?.points ?? [];
          return (
            <figure
              key={fs.mountpoint}
              style={{ margin: 0 }}
              data-testid="filesystem-chart"
              data-mountpoint={fs.mountpoint}
            >
              <figcaption
                className="small"
                style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }}
              >
                <strong className="mono">{fs.mountpoint}</strong>
                <span>
                  {t('metrics.fsUse', {
                    used: format.bytes(fs.usedBytes),
                    capacity: format.bytes(fs.usedBytes + fs.availableBytes),
                    percent: format.percent(fs.usedPercent / 100),
                  })}
                </span>
                {fs.level !== null && (
                  <Badge tone={fs.level === 'critical' ? 'danger' : 'warning'}>
                    {t(`metrics.level.${fs.level}`)}
                  </Badge>
                )}
              </figcaption>
              <div className="small" style={{ margin: '2px 0' }}>
                <ForecastText forecast={fs.forecast} />
              </div>
              <EChart
                option={filesystemOption(t, format, series, points, fs.levels, fs.forecast)}
                height={170}
                label={`${t('metrics.filesystems')} ${fs.mountpoint}`}
              />
            </figure>
          );
        })}
      </div>
    </>
  );
}
