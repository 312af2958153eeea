/** ECharts options for host metrics: pure functions of the data, the thresholds and the formatters. */
import type { TFunction } from 'i18next';
import { DISPLAY_TIME_ZONE, type Formatters } from '../format/format.js';
import type { ChartOption } from './echart.js';
import type { FilesystemPoint, FillForecast, HostPoint, Levels, MetricRange } from './metrics-types.js';

export const COLOURS = {
  primary: '#1f5fae',
  secondary: '#7d4fa8',
  tertiary: '#1d7a4d',
  muted: '#9aa5b4',
  warning: '#c98a00',
  critical: '#b3261e',
} as const;

type Translate = TFunction;

/** Axis labels in the customer's zone: hours for a day, dates beyond. */
function timeLabel(format: Formatters, range: MetricRange): (value: number) => string {
  const tag = format.locale === 'fr' ? 'fr-FR' : 'en-GB';
  const formatter = new Intl.DateTimeFormat(
    tag,
    range === '24h'
      ? { timeZone: DISPLAY_TIME_ZONE, hour: '2-digit', minute: '2-digit' }
      : { timeZone: DISPLAY_TIME_ZONE, day: '2-digit', month: 'short' },
  );
  return (value) => formatter.format(new Date(value));
}

function base(
  format: Formatters,
  range: MetricRange,
  from: string,
  to: string,
  valueLabel: (v: number) => string,
) {
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 28, bottom: 28 },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) =>
        typeof value === 'number' ? valueLabel(value) : String(value ?? ''),
    },
    xAxis: {
      type: 'time',
      min: Date.parse(from),
      max: Date.parse(to),
      axisLabel: { formatter: timeLabel(format, range), hideOverlap: true, fontSize: 11 },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: valueLabel, fontSize: 11 },
      splitLine: { lineStyle: { color: '#eef1f5' } },
    },
  };
}

function line(
  name: string,
  data: Array<[number, number]>,
  colour: string,
  extra: Record<string, unknown> = {},
) {
  return {
    name,
    type: 'line',
    data,
    showSymbol: false,
    lineStyle: { width: 1.5, color: colour },
    itemStyle: { color: colour },
    ...extra,
  };
}

/** Horizontal threshold lines, labelled, drawn on `series`. */
function thresholdLines(t: Translate, levels: Levels, scale = 1, label = (v: number) => String(v)) {
  return {
    silent: true,
    symbol: 'none',
    data: (['warning', 'critical'] as const).map((level) => ({
      yAxis: levels[level] * scale,
      name: t(`metrics.level.${level}`),
      lineStyle: {
        color: level === 'warning' ? COLOURS.warning : COLOURS.critical,
        type: 'dashed',
        width: 1,
      },
      label: {
        formatter: `${t(`metrics.level.${level}`)} ${label(levels[level] * scale)}`,
        position: 'insideEndTop',
        fontSize: 10,
        color: level === 'warning' ? COLOURS.warning : COLOURS.critical,
      },
    })),
  };
}

const at = (point: { readonly at: string }) => Date.parse(point.at);

export interface SeriesWindow {
  readonly range: MetricRange;
  readonly from: string;
  readonly to: string;
}

export function cpuOption(
  t: Translate,
  format: Formatters,
  window: SeriesWindow,
  points: readonly HostPoint[],
  levels: Levels,
): ChartOption {
  const percent = (v: number) => format.percent(v / 100);
  return {
    ...base(format, window.range, window.from, window.to, percent),
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: percent, fontSize: 11 } },
    series: [
      line(
        t('metrics.series.cpu'),
        points.map((p) => [at(p), p.cpu]),
        COLOURS.primary,
        {
          areaStyle: { color: COLOURS.primary, opacity: 0.08 },
          markLine: thresholdLines(t, levels, 1, percent),
        },
      ),
      line(
        t('metrics.series.cpuMax'),
        points.map((p) => [at(p), p.cpuMax]),
        COLOURS.muted,
        {
          lineStyle: { width: 1, color: COLOURS.muted, type: 'dotted' },
        },
      ),
    ],
  };
}

export function loadOption(
  t: Translate,
  format: Formatters,
  window: SeriesWindow,
  points: readonly HostPoint[],
  cores: number,
  levels: Levels,
): ChartOption {
  const number = (v: number) => format.number(v, 2);
  return {
    ...base(format, window.range, window.from, window.to, number),
    series: [
      line(
        t('metrics.series.load1'),
        points.map((p) => [at(p), p.load1]),
        COLOURS.muted,
        { lineStyle: { width: 1, color: COLOURS.muted } },
      ),
      line(
        t('metrics.series.load5'),
        points.map((p) => [at(p), p.load5]),
        COLOURS.primary,
        {
          // Thresholds are per core: drawn at what they mean for this host.
          markLine: thresholdLines(t, levels, Math.max(cores, 1), number),
        },
      ),
      line(
        t('metrics.series.load15'),
        points.map((p) => [at(p), p.load15]),
        COLOURS.tertiary,
      ),
    ],
  };
}

export function memoryOption(
  t: Translate,
  format: Formatters,
  window: SeriesWindow,
  points: readonly HostPoint[],
  levels: Levels,
): ChartOption {
  const percent = (v: number) => format.percent(v / 100);
  const ratio = (used: number, total: number) => (total > 0 ? (100 * used) / total : 0);
  const hasSwap = points.some((p) => p.swapTotal > 0);
  return {
    ...base(format, window.range, window.from, window.to, percent),
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: percent, fontSize: 11 } },
    series: [
      line(
        t('metrics.series.memory'),
        points.map((p) => [at(p), ratio(p.memoryUsed, p.memoryTotal)]),
        COLOURS.primary,
        {
          areaStyle: { color: COLOURS.primary, opacity: 0.08 },
          markLine: thresholdLines(t, levels, 1, percent),
        },
      ),
      ...(hasSwap
        ? [
            line(
              t('metrics.series.swap'),
              points.map((p) => [at(p), ratio(p.swapUsed, p.swapTotal)]),
              COLOURS.secondary,
            ),
          ]
        : []),
    ],
  };
}

/**
 * A filesystem's used bytes, its capacity, its threshold lines, and the forecast extended from the
 * last reading to the date it fills (when that falls within half a range after the chart's end).
 */
export function filesystemOption(
  t: Translate,
  format: Formatters,
  window: SeriesWindow,
  points: readonly FilesystemPoint[],
  levels: Levels,
  forecast: FillForecast,
): ChartOption {
  const capacity = points.at(-1)?.capacity ?? 0;
  const last = points.at(-1);
  const end = Date.parse(window.to);
  const span = end - Date.parse(window.from);
  const projection: Array<[number, number]> = [];
  let axisEnd = end;
  if (
    last !== undefined &&
    forecast.status === 'filling' &&
    forecast.growthBytesPerDay !== null &&
    forecast.fullAt !== null
  ) {
    const horizon = Math.min(Date.parse(forecast.fullAt), end + span / 2);
    const days = (horizon - at(last)) / 86_400_000;
    projection.push(
      [at(last), last.used],
      [horizon, Math.min(capacity, last.used + days * forecast.growthBytesPerDay)],
    );
    axisEnd = Math.max(end, horizon);
  }
  return {
    ...base(format, window.range, window.from, new Date(axisEnd).toISOString(), format.bytes),
    yAxis: {
      type: 'value',
      min: 0,
      ...byteAxis(capacity),
      axisLabel: { formatter: format.bytes, fontSize: 11 },
    },
    series: [
      line(
        t('metrics.series.used'),
        points.map((p) => [at(p), p.used]),
        COLOURS.primary,
        {
          areaStyle: { color: COLOURS.primary, opacity: 0.1 },
          markLine: thresholdLines(t, levels, capacity / 100, format.bytes),
        },
      ),
      ...(projection.length > 0
        ? [
            line(t('metrics.series.forecast'), projection, COLOURS.critical, {
              lineStyle: { width: 1.5, type: 'dashed', color: COLOURS.critical },
            }),
          ]
        : []),
    ],
  };
}

/** A tiny line without axes, for a table cell. */
export function sparklineOption(
  history: readonly { readonly at: string; readonly usedBytes: number }[],
  capacity: number,
  colour: string,
): ChartOption {
  return {
    animation: false,
    grid: { left: 0, right: 0, top: 2, bottom: 2 },
    xAxis: { type: 'time', show: false },
    yAxis: { type: 'value', show: false, min: 0, max: capacity },
    series: [
      line(
        'used',
        history.map((p) => [Date.parse(p.at), p.usedBytes]),
        colour,
        { areaStyle: { color: colour, opacity: 0.15 } },
      ),
    ],
  };
}

/** Days until full of the filesystems that are filling, soonest first, coloured by level. */
export function daysToFullOption(
  t: Translate,
  format: Formatters,
  items: ReadonlyArray<{
    readonly label: string;
    readonly days: number;
    readonly level: 'warning' | 'critical' | null;
  }>,
): ChartOption {
  const colourOf = (level: 'warning' | 'critical' | null) =>
    level === 'critical' ? COLOURS.critical : level === 'warning' ? COLOURS.warning : COLOURS.primary;
  return {
    animation: false,
    grid: { left: 200, right: 60, top: 8, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'value',
      name: t('metrics.capacity.days'),
      nameLocation: 'end',
      axisLabel: { fontSize: 11 },
    },
    yAxis: { type: 'category', inverse: true, data: items.map((i) => i.label), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        name: t('metrics.capacity.daysToFull'),
        barMaxWidth: 18,
        data: items.map((i) => ({ value: i.days, itemStyle: { color: colourOf(i.level) } })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { value: number }) => format.number(p.value, 1),
        },
      },
    ],
  };
}

const NICE_STEPS = [1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

/** Ticks at round binary sizes (10 Gio, 25 Gio...) up to at least the capacity, about five of them. */
export function byteAxis(capacity: number): { interval?: number; max?: number } {
  if (!(capacity > 0)) return {};
  const unit = 1024 ** Math.floor(Math.log(capacity) / Math.log(1024));
  const wanted = capacity / unit / 5;
  const step = (NICE_STEPS.find((candidate) => candidate >= wanted) ?? 1000) * unit;
  return { interval: step, max: Math.ceil(capacity / step) * step };
}
