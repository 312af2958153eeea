/**
 * Store tables of the metrics domain: raw samples (kept a few days), hourly rollups (kept a year and
 * more), and the outcome of the last collection of each host. Instants are ISO 8601 UTC text; sizes are
 * bytes and ratios percentages, stored as double precision (exact for integers below 2^53).
 */

/** One reading of a host: CPU, load, memory and swap. */
export interface MetricHostSamplesTable {
  host: string;
  at: string;
  /** Busy CPU over a one-second window, 0 to 100. */
  cpu_percent: number;
  cpu_count: number;
  load1: number;
  load5: number;
  load15: number;
  memory_total_bytes: number;
  memory_used_bytes: number;
  swap_total_bytes: number;
  swap_used_bytes: number;
}

/** One reading of a filesystem of a host, taken in the same round as the host's sample. */
export interface MetricFilesystemSamplesTable {
  host: string;
  at: string;
  mountpoint: string;
  device: string;
  fstype: string;
  size_bytes: number;
  used_bytes: number;
  /** What ordinary users may still write (df's "Available": the size less used and reserved blocks). */
  available_bytes: number;
}

/** A host's samples over one hour (`hour` is its start, `2026-11-02T08:00:00.000Z`). */
export interface MetricHostHourlyTable {
  host: string;
  hour: string;
  samples: number;
  cpu_min: number;
  cpu_avg: number;
  cpu_max: number;
  cpu_count: number;
  load1_avg: number;
  load1_max: number;
  load5_avg: number;
  load15_avg: number;
  memory_total_bytes: number;
  memory_used_min: number;
  memory_used_avg: number;
  memory_used_max: number;
  swap_total_bytes: number;
  swap_used_min: number;
  swap_used_avg: number;
  swap_used_max: number;
}

/** A filesystem's samples over one hour. */
export interface MetricFilesystemHourlyTable {
  host: string;
  mountpoint: string;
  hour: string;
  samples: number;
  size_bytes: number;
  used_min: number;
  used_avg: number;
  used_max: number;
  /** Used plus available at the hour's last reading: where "full" is. */
  capacity_bytes: number;
}

/** How the last collection of each host went: shown beside its metrics, so a silent host is noticed. */
export interface MetricCollectionsTable {
  host: string;
  last_attempt_at: string;
  last_success_at: string | null;
  /** `ok` or `failed`. */
  last_result: string;
  last_error_code: string | null;
  last_error: string | null;
  consecutive_failures: number;
  duration_ms: number;
}

export interface MetricsTables {
  metric_host_samples: MetricHostSamplesTable;
  metric_filesystem_samples: MetricFilesystemSamplesTable;
  metric_host_hourly: MetricHostHourlyTable;
  metric_filesystem_hourly: MetricFilesystemHourlyTable;
  metric_collections: MetricCollectionsTable;
}
