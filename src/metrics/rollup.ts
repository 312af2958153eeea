/**
 * Keeps the metrics store bounded: raw samples are summed up per hour (min, average, max), then raw
 * samples older than a few days and hourly rollups older than about a year are deleted.
 */
import { sql } from 'kysely';
import type { Store } from '../store/store.js';

export interface Retention {
  /** Raw samples are kept this many days (default 8: the forecast looks 7 days back). */
  readonly rawDays: number;
  /** Hourly rollups are kept this many days (default 400: a year and the same month before). */
  readonly hourlyDays: number;
}

export const DEFAULT_RETENTION: Retention = { rawDays: 8, hourlyDays: 400 };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** `2026-11-02T08` of an ISO instant: its hour, in the same text on both dialects. */
export const hourOf = sql<string>`substr(at, 1, 13)`;

/** The ISO instant that starts the hour `2026-11-02T08`. */
export function hourStart(hourKey: string): string {
  return `${hourKey}:00:00.000Z`;
}

export interface MaintenanceResult {
  readonly hostHours: number;
  readonly filesystemHours: number;
  readonly deletedRaw: number;
  readonly deletedHourly: number;
}

/** Rolls up every complete hour not rolled up yet (and redoes the last one), then prunes. */
export async function rollUpAndPrune(
  store: Store,
  now: Date,
  retention: Retention = DEFAULT_RETENTION,
): Promise<MaintenanceResult> {
  const currentHour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  const hostHours = await rollUpHosts(store, currentHour);
  const filesystemHours = await rollUpFilesystems(store, currentHour);

  const rawBefore = new Date(now.getTime() - retention.rawDays * DAY_MS).toISOString();
  const hourlyBefore = new Date(now.getTime() - retention.hourlyDays * DAY_MS).toISOString();
  let deletedRaw = 0;
  let deletedHourly = 0;
  await store.transaction(async (trx) => {
    for (const table of ['metric_host_samples', 'metric_filesystem_samples'] as const) {
      const result = await trx.deleteFrom(table).where('at', '<', rawBefore).executeTakeFirst();
      deletedRaw += Number(result.numDeletedRows);
    }
    for (const table of ['metric_host_hourly', 'metric_filesystem_hourly'] as const) {
      const result = await trx.deleteFrom(table).where('hour', '<', hourlyBefore).executeTakeFirst();
      deletedHourly += Number(result.numDeletedRows);
    }
  });
  return { hostHours, filesystemHours, deletedRaw, deletedHourly };
}

async function rollUpHosts(store: Store, currentHour: string): Promise<number> {
  const last = await store.db
    .selectFrom('metric_host_hourly')
    .select((eb) => eb.fn.max('hour').as('hour'))
    .executeTakeFirst();
  const since = last?.hour ?? '';
  const rows = await store.db
    .selectFrom('metric_host_samples')
    .select((eb) => [
      'host',
      hourOf.as('hour_key'),
      eb.fn.countAll<number | string>().as('samples'),
      eb.fn.min('cpu_percent').as('cpu_min'),
      eb.fn.avg<number | string>('cpu_percent').as('cpu_avg'),
      eb.fn.max('cpu_percent').as('cpu_max'),
      eb.fn.max('cpu_count').as('cpu_count'),
      eb.fn.avg<number | string>('load1').as('load1_avg'),
      eb.fn.max('load1').as('load1_max'),
      eb.fn.avg<number | string>('load5').as('load5_avg'),
      eb.fn.avg<number | string>('load15').as('load15_avg'),
      eb.fn.max('memory_total_bytes').as('memory_total_bytes'),
      eb.fn.min('memory_used_bytes').as('memory_used_min'),
      eb.fn.avg<number | string>('memory_used_bytes').as('memory_used_avg'),
      eb.fn.max('memory_used_bytes').as('memory_used_max'),
      eb.fn.max('swap_total_bytes').as('swap_total_bytes'),
      eb.fn.min('swap_used_bytes').as('swap_used_min'),
      eb.fn.avg<number | string>('swap_used_bytes').as('swap_used_avg'),
      eb.fn.max('swap_used_bytes').as('swap_used_max'),
    ])
    .where('at', '>=', since)
    .where('at', '<', currentHour)
    .groupBy(['host', hourOf])
    .execute();
  if (rows.length === 0) return 0;
  await store.transaction(async (trx) => {
    for (const row of rows) {
      const values = {
        samples: Number(row.samples),
        cpu_min: Number(row.cpu_min),
        cpu_avg: Number(row.cpu_avg),
        cpu_max: Number(row.cpu_max),
        cpu_count: Number(row.cpu_count),
        load1_avg: Number(row.load1_avg),
        load1_max: Number(row.load1_max),
        load5_avg: Number(row.load5_avg),
        load15_avg: Number(row.load15_avg),
        memory_total_bytes: Number(row.memory_total_bytes),
        memory_used_min: Number(row.memory_used_min),
        memory_used_avg: Number(row.memory_used_avg),
        memory_used_max: Number(row.memory_used_max),
        swap_total_bytes: Number(row.swap_total_bytes),
        swap_used_min: Number(row.swap_used_min),
        swap_used_avg: Number(row.swap_used_avg),
        swap_used_max: Number(row.swap_used_max),
      };
      await trx
        .insertInto('metric_host_hourly')
        .values({ host: row.host, hour: hourStart(row.hour_key), ...values })
        .onConflict((oc) => oc.columns(['host', 'hour']).doUpdateSet(values))
        .execute();
    }
  });
  return rows.length;
}

async function rollUpFilesystems(store: Store, currentHour: string): Promise<number> {
  const last = await store.db
    .selectFrom('metric_filesystem_hourly')
    .select((eb) => eb.fn.max('hour').as('hour'))
    .executeTakeFirst();
  const since = last?.hour ?? '';
  const rows = await store.db
    .selectFrom('metric_filesystem_samples')
    .select((eb) => [
      'host',
      'mountpoint',
      hourOf.as('hour_key'),
      eb.fn.countAll<number | string>().as('samples'),
      eb.fn.max('size_bytes').as('size_bytes'),
      eb.fn.min('used_bytes').as('used_min'),
      eb.fn.avg<number | string>('used_bytes').as('used_avg'),
      eb.fn.max('used_bytes').as('used_max'),
      eb.fn.max(sql<number>`used_bytes + available_bytes`).as('capacity_bytes'),
    ])
    .where('at', '>=', since)
    .where('at', '<', currentHour)
    .groupBy(['host', 'mountpoint', hourOf])
    .execute();
  if (rows.length === 0) return 0;
  await store.transaction(async (trx) => {
    for (const row of rows) {
      const values = {
        samples: Number(row.samples),
        size_bytes: Number(row.size_bytes),
        used_min: Number(row.used_min),
        used_avg: Number(row.used_avg),
        used_max: Number(row.used_max),
        capacity_bytes: Number(row.capacity_bytes),
      };
      await trx
        .insertInto('metric_filesystem_hourly')
        .values({ host: row.host, mountpoint: row.mountpoint, hour: hourStart(row.hour_key), ...values })
        .onConflict((oc) => oc.columns(['host', 'mountpoint', 'hour']).doUpdateSet(values))
        .execute();
    }
  });
  return rows.length;
}
