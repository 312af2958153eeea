/** ECharts options of the monitoring pages: pure functions of the data and the formatters. */
import type { TFunction } from 'i18next';
import { DISPLAY_TIME_ZONE, type Formatters } from '../format/format.js';
import { COLOURS } from '../metrics/chart-options.js';
import type { ChartOption } from '../metrics/echart.js';
import type { CheckHistory, SlaService } from './monitoring-types.js';

function timeLabel(format: Formatters, range: CheckHistory['range']): (value: number) => string {
  const formatter = new Intl.DateTimeFormat(
    format.locale === 'fr' ? 'fr-FR' : 'en-GB',
    range === '24h'
      ? { timeZone: DISPLAY_TIME_ZONE, hour: '2-digit', minute: '2-digit' }
      : { timeZone: DISPLAY_TIME_ZONE, day: '2-digit', month: 'short' },
  );
  return (value) => formatter.format(new Date(value));
}

/** Response time (median, average, maximum) as lines, and buckets with failures as red bars below. */
export function responseTimeOption(t: TFunction, format: Formatters, history: CheckHistory): ChartOption {
  const ms = (value: number) => `${format.number(value)} ms`;
  const at = (start: string) => Date.parse(start) + history.bucketMs / 2;
  const line = (
    name: string,
    pick: (p: CheckHistory['points'][number]) => number | null,
    colour: string,
    dotted = false,
  ) => ({
    name,
    type: 'line',
    showSymbol: false,
    connectNulls: false,
    data: history.points.map((point) => [at(point.start), pick(point)]),
    lineStyle: { width: dotted ? 1 : 1.5, color: colour, ...(dotted ? { type: 'dotted' } : {}) },
    itemStyle: { color: colour },
  });
  return {
    animation: false,
    grid: [
      { left: 56, right: 16, top: 28, height: 170 },
      { left: 56, right: 16, top: 222, height: 40 },
    ],
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    xAxis: [
      {
        type: 'time',
        gridIndex: 0,
        min: Date.parse(history.from),
        max: Date.parse(history.to),
        axisLabel: { show: false },
      },
      {
        type: 'time',
        gridIndex: 1,
        min: Date.parse(history.from),
        max: Date.parse(history.to),
        axisLabel: { formatter: timeLabel(format, history.range), hideOverlap: true, fontSize: 11 },
      },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        axisLabel: { formatter: ms, fontSize: 11 },
        splitLine: { lineStyle: { color: '#eef1f5' } },
      },
      {
        type: 'value',
        gridIndex: 1,
        minInterval: 1,
        axisLabel: { fontSize: 10 },
        splitLine: { show: false },
      },
    ],
    series: [
      line(t('monitoring.chart.p50'), (p) => p.p50LatencyMs, COLOURS.primary),
      line(t('monitoring.chart.avg'), (p) => p.avgLatencyMs, COLOURS.tertiary),
      line(t('monitoring.chart.max'), (p) => p.maxLatencyMs, COLOURS.muted, true),
      {
        name: t('monitoring.chart.failures'),
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        barMaxWidth: 6,
        itemStyle: { color: COLOURS.critical },
        data: history.points.map((point) => [at(point.start), point.down + point.degraded]),
      },
    ],
  };
}

/** Availability per service as horizontal bars, the axis starting near the lowest figure. */
export function slaBarsOption(
  t: TFunction,
  format: Formatters,
  services: readonly SlaService[],
): ChartOption {
  const measured = services.filter((service) => service.availability !== null);
  const lowest = Math.min(100, ...measured.map((service) => (service.availability ?? 1) * 100));
  const min = Math.max(0, Math.floor(lowest - (100 - lowest) * 0.5 - 0.01));
  const percent = (value: number) => `${format.number(value, 3)} %`;
  return {
    animation: false,
    grid: { left: 150, right: 60, top: 10, bottom: 24 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) => (typeof value === 'number' ? percent(value) : ''),
    },
    xAxis: { type: 'value', min, max: 100, axisLabel: { formatter: (v: number) => `${v} %`, fontSize: 11 } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: measured.map((service) => service.name),
      axisLabel: { fontSize: 11, width: 140, overflow: 'truncate' },
    },
    series: [
      {
        name: t('monitoring.sla.availability'),
        type: 'bar',
        barMaxWidth: 16,
        label: {
          show: true,
          position: 'right',
          fontSize: 10,
          formatter: (p: { value: number }) => percent(p.value),
        },
        data: measured.map((service) => ({
          value: Math.round((service.availability ?? 0) * 100_000) / 1000,
          itemStyle: {
            color:
              (service.availability ?? 0) >= 0.999
                ? COLOURS.tertiary
                : (service.availability ?? 0) >= 0.99
                  ? COLOURS.warning
                  : COLOURS.critical,
          },
        })),
      },
    ],
  };
}
