/**
 * A host's metrics over a range, for charts: raw samples for the last day, hourly rollups (and the
 * hours not rolled up yet) beyond; always downsampled to at most MAX_POINTS points per series.
 */
import type { Store } from '../store/store.js';
import { hourOf, hourStart } from './rollup.js';

export const METRIC_RANGES = ['24h', '7d', '30d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

/** A browser never gets more points than this per series. */
export const MAX_POINTS = 500;

const HOUR_MS = 3_600_000;
const RANGE_MS: Record<MetricRange, number> = {
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
};

export interface HostPoint {
  readonly at: string;
  /** Average CPU use over the point's span, and the highest reading in it. */
  readonly cpu: number;
  readonly cpuMax: number;
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
  readonly memoryUsed: number;
  readonly memoryTotal: number;
  readonly swapUsed: number;
  readonly swapTotal: number;
}

export interface FilesystemPoint {
  readonly at: string;
  readonly used: number;
  /** Used plus available: where the filesystem is full. */
  readonly capacity: number;
}

export interface HostSeries {
  readonly host: string;
  readonly range: MetricRange;
  readonly from: string;
  readonly to: string;
  /** Span of one point: raw samples or hours, widened to keep under MAX_POINTS. */
  readonly stepSeconds: number;
  readonly points: HostPoint[];
  readonly filesystems: Array<{ readonly mountpoint: string; readonly points: FilesystemPoint[] }>;
}

/** The series of `host` over `range` ending at `now`. */
export async function hostSeries(
  store: Store,
  input: { readonly host: string; readonly range: MetricRange; readonly now: Date },
): Promise<HostSeries> {
  const to = input.now.getTime();
  const from = to - RANGE_MS[input.range];
  const raw = input.range === '24h';
  const rows = raw
    ? await rawHostPoints(store, input.host, from)
    : await hourlyHostPoints(store, input.host, from);
  const fsRows = raw
    ? await rawFilesystemPoints(store, input.host, from)
    : await hourlyFilesystemPoints(store, input.host, from);

  const span = RANGE_MS[input.range];
  const step = Math.max(raw ? 60_000 : HOUR_MS, Math.ceil(span / MAX_POINTS / 60_000) * 60_000);
  const byMountpoint = new Map<string, TimedFs[]>();
  for (const row of fsRows)
    byMountpoint.set(row.mountpoint, [...(byMountpoint.get(row.mountpoint) ?? []), row]);
  return {
    host: input.host,
    range: input.range,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    stepSeconds: step / 1000,
    points: downsample(rows, from, step, mergeHostPoints),
    filesystems: [...byMountpoint.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([mountpoint, points]) => ({
        mountpoint,
        points: downsample(points, from, step, mergeFsPoints).map(({ at, used, capacity }) => ({
          at,
          used,
          capacity,
        })),
      })),
  };
}

type TimedHost = HostPoint & { readonly t: number };
type TimedFs = FilesystemPoint & { readonly t: number; readonly mountpoint: string };

async function rawHostPoints(store: Store, host: string, from: number): Promise<TimedHost[]> {
  const rows = await store.db
    .selectFrom('metric_host_samples')
    .selectAll()
    .where('host', '=', host)
    .where('at', '>=', new Date(from).toISOString())
    .orderBy('at')
    .execute();
  return rows.map((row) => ({
    t: Date.parse(row.at),
    at: row.at,
    cpu: Number(row.cpu_percent),
    cpuMax: Number(row.cpu_percent),
    load1: Number(row.load1),
    load5: Number(row.load5),
    load15: Number(row.load15),
    memoryUsed: Number(row.memory_used_bytes),
    memoryTotal: Number(row.memory_total_bytes),
    swapUsed: Number(row.swap_used_bytes),
    swapTotal: Number(row.swap_total_bytes),
  }));
}

/** Hourly rollups, then the hours after the last rollup computed from raw samples. */
async function hourlyHostPoints(store: Store, host: string, from: number): Promise<TimedHost[]> {
  const rolled = await store.db
    .selectFrom('metric_host_hourly')
    .selectAll()
    .where('host', '=', host)
    .where('hour', '>=', new Date(from).toISOString())
    .orderBy('hour')
    .execute();
  const lastHour = rolled.at(-1)?.hour;
  const rawFrom = lastHour === undefined ? from : Math.max(from, Date.parse(lastHour) + HOUR_MS);
  const recent = await store.db
    .selectFrom('metric_host_samples')
    .select((eb) => [
      hourOf.as('hour_key'),
      eb.fn.avg<number | string>('cpu_percent').as('cpu'),
      eb.fn.max('cpu_percent').as('cpu_max'),
      eb.fn.avg<number | string>('load1').as('load1'),
      eb.fn.avg<number | string>('load5').as('load5'),
      eb.fn.avg<number | string>('load15').as('load15'),
      eb.fn.avg<number | string>('memory_used_bytes').as('memory_used'),
      eb.fn.max('memory_total_bytes').as('memory_total'),
      eb.fn.avg<number | string>('swap_used_bytes').as('swap_used'),
      eb.fn.max('swap_total_bytes').as('swap_total'),
    ])
    .where('host', '=', host)
    .where('at', '>=', new Date(rawFrom).toISOString())
    .groupBy(hourOf)
    .orderBy(hourOf)
    .execute();
  return [
    ...rolled.map((row) => ({
      t: Date.parse(row.hour),
      at: row.hour,
      cpu: Number(row.cpu_avg),
      cpuMax: Number(row.cpu_max),
      load1: Number(row.load1_avg),
      load5: Number(row.load5_avg),
      load15: Number(row.load15_avg),
      memoryUsed: Number(row.memory_used_avg),
      memoryTotal: Number(row.memory_total_bytes),
      swapUsed: Number(row.swap_used_avg),
      swapTotal: Number(row.swap_total_bytes),
    })),
    ...recent.map((row) => {
      const at = hourStart(row.hour_key);
      return {
        t: Date.parse(at),
        at,
        cpu: Number(row.cpu),
        cpuMax: Number(row.cpu_max),
        load1: Number(row.load1),
        load5: Number(row.load5),
        load15: Number(row.load15),
        memoryUsed: Number(row.memory_used),
        memoryTotal: Number(row.memory_total),
        swapUsed: Number(row.swap_used),
        swapTotal: Number(row.swap_total),
      };
    }),
  ];
}

async function rawFilesystemPoints(store: Store, host: string, from: number): Promise<TimedFs[]> {
  const rows = await store.db
    .selectFrom('metric_filesystem_samples')
    .select(['at', 'mountpoint', 'used_bytes', 'available_bytes'])
    .where('host', '=', host)
    .where('at', '>=', new Date(from).toISOString())
    .orderBy('at')
    .execute();
  return rows.map((row) => ({
    t: Date.parse(row.at),
    at: row.at,
    mountpoint: row.mountpoint,
    used: Number(row.used_bytes),
    capacity: Number(row.used_bytes) + Number(row.available_bytes),
  }));
}

async function hourlyFilesystemPoints(store: Store, host: string, from: number): Promise<TimedFs[]> {
  const rolled = await store.db
    .selectFrom('metric_filesystem_hourly')
    .select(['hour', 'mountpoint', 'used_avg', 'capacity_bytes'])
    .where('host', '=', host)
    .where('hour', '>=', new Date(from).toISOString())
    .orderBy('hour')
    .execute();
  const lastHour = rolled.reduce<string | undefined>(
    (max, row) => (max === undefined || row.hour > max ? row.hour : max),
    undefined,
  );
  const rawFrom = lastHour === undefined ? from : Math.max(from, Date.parse(lastHour) + HOUR_MS);
  const recent = await store.db
    .selectFrom('metric_filesystem_samples')
    .select((eb) => [
      'mountpoint',
      hourOf.as('hour_key'),
      eb.fn.avg<number | string>('used_bytes').as('used'),
      eb.fn.max(eb.parens(eb('used_bytes', '+', eb.ref('available_bytes')))).as('capacity'),
    ])
    .where('host', '=', host)
    .where('at', '>=', new Date(rawFrom).toISOString())
    .groupBy(['mountpoint', hourOf])
    .execute();
  const points: TimedFs[] = [
    ...rolled.map((row) => ({
      t: Date.parse(row.hour),
      at: row.hour,
      mountpoint: row.mountpoint,
      used: Number(row.used_avg),
      capacity: Number(row.capacity_bytes),
    })),
    ...recent.map((row) => {
      const at = hourStart(row.hour_key);
      return {
        t: Date.parse(at),
        at,
        mountpoint: row.mountpoint,
        used: Number(row.used),
        capacity: Number(row.capacity),
      };
    }),
  ];
  return points.sort((a, b) => a.t - b.t);
}

/** Groups time-ordered points into `step`-wide buckets from `from`; one point per non-empty bucket. */
function downsample<P extends { readonly t: number }>(
  points: readonly P[],
  from: number,
  step: number,
  merge: (group: readonly P[]) => P,
): P[] {
  const groups = new Map<number, P[]>();
  for (const point of points) {
    const bucket = Math.floor((point.t - from) / step);
    const group = groups.get(bucket);
    if (group === undefined) groups.set(bucket, [point]);
    else group.push(point);
  }
  return [...groups.values()].map((group) => (group.length === 1 ? (group[0] as P) : merge(group)));
}

const mean = <P>(group: readonly P[], pick: (p: P) => number): number =>
  group.reduce((sum, p) => sum + pick(p), 0) / group.length;

function mergeHostPoints(group: readonly TimedHost[]): TimedHost {
  const first = group[0] as TimedHost;
  return {
    t: first.t,
    at: first.at,
    cpu: mean(group, (p) => p.cpu),
    cpuMax: Math.max(...group.map((p) => p.cpuMax)),
    load1: mean(group, (p) => p.load1),
    load5: mean(group, (p) => p.load5),
    load15: mean(group, (p) => p.load15),
    memoryUsed: mean(group, (p) => p.memoryUsed),
    memoryTotal: Math.max(...group.map((p) => p.memoryTotal)),
    swapUsed: mean(group, (p) => p.swapUsed),
    swapTotal: Math.max(...group.map((p) => p.swapTotal)),
  };
}

function mergeFsPoints(group: readonly TimedFs[]): TimedFs {
  const first = group[0] as TimedFs;
  return {
    t: first.t,
    at: first.at,
    mountpoint: first.mountpoint,
    used: mean(group, (p) => p.used),
    capacity: (group.at(-1) as TimedFs).capacity,
  };
}
