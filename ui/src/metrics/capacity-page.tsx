/**
 * Capacity: every filesystem of every host, soonest full first, with its use against its thresholds,
 * its growth over the last week as a sparkline, and the date it fills at that growth.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/badge.js';
import { HostLink } from '../components/host-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { COLOURS, daysToFullOption, sparklineOption } from './chart-options.js';
import { EChart } from './echart.js';
import { ForecastText } from './forecast-text.js';
import { useCapacity } from './metrics-requests.js';
import type { CapacityItem } from './metrics-types.js';

export function CapacityPage() {
  const { t } = useTranslation();
  const capacity = useCapacity();
  return (
    <>
      <PageHeader title={t('metrics.capacity.title')} subtitle={t('metrics.capacity.subtitle')} />
      <QueryView query={capacity} fullPageErrors>
        {(items) =>
          items.length === 0 ? (
            <section className="panel">
              <p className="empty-state">{t('metrics.capacity.none')}</p>
            </section>
          ) : (
            <>
              <FillingChart items={items} />
              <section className="panel flush">
                <h2 className="panel-title">{t('metrics.capacity.filesystems')}</h2>
                <CapacityTable items={items} />
              </section>
            </>
          )
        }
      </QueryView>
    </>
  );
}

function FillingChart({ items }: { readonly items: readonly CapacityItem[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const filling = items.filter((item) => item.forecast.daysToFull !== null).slice(0, 12);
  const option = useMemo(
    () =>
      daysToFullOption(
        t,
        format,
        filling.map((item) => ({
          label: `${item.hostName} ${item.mountpoint}`,
          days: item.forecast.daysToFull ?? 0,
          level: item.level,
        })),
      ),
    [t, format, filling],
  );
  if (filling.length === 0) return null;
  return (
    <section className="panel">
      <h2>{t('metrics.capacity.daysToFull')}</h2>
      <EChart
        option={option}
        height={40 + filling.length * 30}
        label={t('metrics.capacity.daysToFull')}
        testId="days-to-full"
      />
    </section>
  );
}

function CapacityTable({ items }: { readonly items: readonly CapacityItem[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="table middle" data-testid="capacity-table">
      <thead>
        <tr>
          <th>{t('metrics.capacity.host')}</th>
          <th>{t('metrics.capacity.mountpoint')}</th>
          <th className="numeric">{t('metrics.capacity.used')}</th>
          <th>{t('metrics.capacity.week')}</th>
          <th>{t('metrics.capacity.forecast')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const capacity = item.usedBytes + item.availableBytes;
          const colour =
            item.level === 'critical'
              ? COLOURS.critical
              : item.level === 'warning'
                ? COLOURS.warning
                : COLOURS.primary;
          return (
            <tr
              key={`${item.host}:${item.mountpoint}`}
              data-host={item.host}
              data-mountpoint={item.mountpoint}
              data-level={item.level ?? 'ok'}
            >
              <td>
                <HostLink hostKey={item.host} />
              </td>
              <td className="mono">{item.mountpoint}</td>
              <td className="numeric nowrap">
                {item.level !== null && (
                  <Badge tone={item.level === 'critical' ? 'danger' : 'warning'}>
                    {t(`metrics.level.${item.level}`)}
                  </Badge>
                )}{' '}
                <strong>{format.percent(item.usedPercent / 100)}</strong>
                <div className="muted small">
                  {t('metrics.capacity.ofSize', {
                    used: format.bytes(item.usedBytes),
                    capacity: format.bytes(capacity),
                  })}
                </div>
                <div className="muted small">
                  {t('metrics.capacity.levels', {
                    warning: format.percent(item.levels.warning / 100),
                    critical: format.percent(item.levels.critical / 100),
                  })}
                </div>
              </td>
              <td style={{ width: 160 }}>
                <Sparkline item={item} colour={colour} />
              </td>
              <td>
                <ForecastText forecast={item.forecast} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Sparkline({ item, colour }: { readonly item: CapacityItem; readonly colour: string }) {
  const { t } = useTranslation();
  const capacity = item.usedBytes + item.availableBytes;
  const option = useMemo(
    () => sparklineOption(item.history, capacity, colour),
    [item.history, capacity, colour],
  );
  return <EChart option={option} height={36} label={t('metrics.capacity.week')} />;
}
