/**
 * Synthetic host metrics for tests: samples of a host and its filesystems every few minutes over some
 * days, written straight into the metrics tables in batches (recording them one reading at a time
 * would take minutes on PostgreSQL). The values are functions of time, so every run sees the same data.
 */
import type { Store } from '../../src/store/store.js';

export interface SeededFilesystem {
  readonly mountpoint: string;
  /** Used plus available. */
  readonly capacityBytes: number;
  /** Used bytes `days` days after the first sample. */
  usedAt(days: number): number;
}

export interface MetricsSeed {
  readonly host: string;
  /** The last sample's instant. */
  readonly end: Date;
  readonly days: number;
  readonly stepMinutes: number;
  readonly cpuCount?: number;
  readonly memoryTotalBytes?: number;
  /** CPU use at `days` after the first sample; default a daily wave between 10% and 50%. */
  cpuAt?(days: number): number;
  memoryUsedAt?(days: number): number;
  readonly filesystems: readonly SeededFilesystem[];
}

const GiB = 1024 ** 3;

/** Writes the seed's samples; returns how many host samples were written. */
export async function seedMetrics(store: Store, seed: MetricsSeed): Promise<number> {
  const stepMs = seed.stepMinutes * 60_000;
  const count = Math.floor((seed.days * 86_400_000) / stepMs) + 1;
  const first = seed.end.getTime() - (count - 1) * stepMs;
  const cpuCount = seed.cpuCount ?? 4;
  const memoryTotal = seed.memoryTotalBytes ?? 16 * GiB;
  const hostRows = [];
  const fsRows = [];
  for (let i = 0; i < count; i += 1) {
    const t = first + i * stepMs;
    const days = (t - first) / 86_400_000;
    const at = new Date(t).toISOString();
    const cpu = seed.cpuAt?.(days) ?? 30 + 20 * Math.sin(2 * Math.PI * days);
    hostRows.push({
      host: seed.host,
      at,
      cpu_percent: cpu,
      cpu_count: cpuCount,
      load1: (cpu / 100) * cpuCount,
      load5: (cpu / 100) * cpuCount * 0.9,
      load15: (cpu / 100) * cpuCount * 0.8,
      memory_total_bytes: memoryTotal,
      memory_used_bytes: seed.memoryUsedAt?.(days) ?? memoryTotal * 0.5,
      swap_total_bytes: 2 * GiB,
      swap_used_bytes: 0.1 * GiB,
    });
    for (const fs of seed.filesystems) {
      const used = Math.round(fs.usedAt(days));
      fsRows.push({
        host: seed.host,
        at,
        mountpoint: fs.mountpoint,
        device: `/dev/${fs.mountpoint === '/' ? 'vda1' : `vd${fs.mountpoint.length}`}`,
        fstype: 'ext4',
        size_bytes: Math.round(fs.capacityBytes * 1.05),
        used_bytes: used,
        available_bytes: Math.max(0, fs.capacityBytes - used),
      });
    }
  }
  for (let i = 0; i < hostRows.length; i += 400) {
    await store.db
      .insertInto('metric_host_samples')
      .values(hostRows.slice(i, i + 400))
      .execute();
  }
  for (let i = 0; i < fsRows.length; i += 400) {
    await store.db
      .insertInto('metric_filesystem_samples')
      .values(fsRows.slice(i, i + 400))
      .execute();
  }
  return count;
}
