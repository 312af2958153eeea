/** ECharts options of the backup pages: pure functions of the data and the formatters. */
import type { TFunction } from 'i18next';
import type { Formatters } from '../format/format.js';
import { formatDuration } from '../journal/duration.js';
import { COLOURS } from '../metrics/chart-options.js';
import type { ChartOption } from '../metrics/echart.js';
import type { BackupRun, SourceStatus } from './backup-types.js';

const HOUR = 3600;

/** The age of each source's last verified backup against its target, in hours: late ones stand out in red. */
export function rpoBarsOption(
  t: TFunction,
  format: Formatters,
  sources: readonly SourceStatus[],
): ChartOption {
  const hours = (value: number) => `${format.number(value, value < 10 ? 1 : 0)} h`;
  return {
    animation: false,
    grid: { left: 160, right: 70, top: 28, bottom: 24 },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: unknown) => (typeof value === 'number' ? hours(value) : '—'),
    },
    xAxis: { type: 'value', axisLabel: { formatter: hours, fontSize: 11 } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: sources.map((source) => source.object.name),
      axisLabel: { fontSize: 11, width: 150, overflow: 'truncate' },
    },
    series: [
      {
        name: t('backups.chart.target'),
        type: 'bar',
        barMaxWidth: 16,
        itemStyle: { color: '#e3e8ef' },
        data: sources.map((source) => round(source.rpoTargetSeconds / HOUR)),
      },
      {
        name: t('backups.chart.age'),
        type: 'bar',
        itemStyle: { color: COLOURS.tertiary },
        barMaxWidth: 16,
        barGap: '-100%',
        label: {
          show: true,
          position: 'right',
          fontSize: 10,
          formatter: (p: { value: number | null }) => (p.value === null ? '' : hours(p.value)),
        },
        data: sources.map((source) => ({
          value: source.rpoSeconds === null ? null : round(source.rpoSeconds / HOUR),
          itemStyle: { color: source.rpoState === 'late' ? COLOURS.critical : COLOURS.tertiary },
        })),
      },
    ],
  };
}

/** Stored size and bytes added per run as bars, the run's duration as a line: growth and slowness at a glance. */
export function runHistoryOption(t: TFunction, format: Formatters, runs: readonly BackupRun[]): ChartOption {
  const measured = runs.filter((run) => run.sizeBytes !== null).reverse();
  const day = new Intl.DateTimeFormat(format.locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const bytes = (value: number) => format.bytes(value);
  return {
    animation: false,
    grid: { left: 72, right: 64, top: 30, bottom: 40 },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: measured.map((run) => day.format(new Date(run.startedAt))),
      axisLabel: { fontSize: 10, hideOverlap: true },
    },
    yAxis: [
      {
        type: 'value',
        axisLabel: { formatter: bytes, fontSize: 11 },
        splitLine: { lineStyle: { color: '#eef1f5' } },
      },
      {
        type: 'value',
        axisLabel: { formatter: (ms: number) => formatDuration(format.locale, ms), fontSize: 11 },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: t('backups.chart.size'),
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: COLOURS.primary },
        tooltip: { valueFormatter: (value: unknown) => (typeof value === 'number' ? bytes(value) : '—') },
        data: measured.map((run) => run.sizeBytes),
      },
      {
        name: t('backups.chart.added'),
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: COLOURS.secondary },
        tooltip: { valueFormatter: (value: unknown) => (typeof value === 'number' ? bytes(value) : '—') },
        data: measured.map((run) => run.addedBytes),
      },
      {
        name: t('backups.chart.duration'),
        type: 'line',
        yAxisIndex: 1,
        showSymbol: true,
        symbolSize: 5,
        lineStyle: { width: 1.5, color: COLOURS.warning },
        itemStyle: { color: COLOURS.warning },
        tooltip: {
          valueFormatter: (value: unknown) =>
            typeof value === 'number' ? formatDuration(format.locale, value) : '—',
        },
        data: measured.map((run) => run.durationMs),
      },
    ],
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
