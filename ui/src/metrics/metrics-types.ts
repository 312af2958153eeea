/** The metrics API's answers, as the pages read them (see src/metrics/api-schemas.ts). */

export type MetricRange = '24h' | '7d' | '30d';
export type Level = 'warning' | 'critical';

export interface Levels {
  readonly warning: number;
  readonly critical: number;
}

export interface HostThresholds {
  readonly cpu: Levels;
  readonly memory: Levels;
  readonly swap: Levels;
  readonly loadPerCore: Levels;
  readonly filesystemDefault: Levels;
  readonly filesystems: Readonly<Record<string, Levels>>;
  readonly fillDays: Levels;
}

export interface FillForecast {
  readonly status: 'filling' | 'not_filling' | 'full' | 'insufficient_data';
  readonly daysToFull: number | null;
  readonly fullAt: string | null;
  readonly growthBytesPerDay: number | null;
  readonly r2: number | null;
  readonly confidence: 'high' | 'medium' | 'low' | null;
  readonly points: number;
  readonly samples: number;
  readonly windowDays: number;
}

export interface Breach {
  readonly metric: 'cpu' | 'memory' | 'swap' | 'load_per_core' | 'filesystem' | 'fill_days';
  readonly mountpoint?: string;
  readonly value: number;
  readonly level: Level;
  readonly threshold: number;
}

export interface FilesystemState {
  readonly host: string;
  readonly mountpoint: string;
  readonly device: string;
  readonly fstype: string;
  readonly at: string;
  readonly sizeBytes: number;
  readonly usedBytes: number;
  readonly availableBytes: number;
  readonly usedPercent: number;
  readonly levels: Levels;
  readonly level: Level | null;
  readonly forecast: FillForecast;
}

export interface LatestMetrics {
  readonly host: string;
  readonly collection: {
    readonly lastAttemptAt: string;
    readonly lastSuccessAt: string | null;
    readonly result: 'ok' | 'failed';
    readonly errorCode: string | null;
    readonly error: string | null;
    readonly consecutiveFailures: number;
    readonly durationMs: number;
  } | null;
  readonly sample: {
    readonly at: string;
    readonly cpuPercent: number;
    readonly cpuCount: number;
    readonly load1: number;
    readonly load5: number;
    readonly load15: number;
    readonly memoryTotalBytes: number;
    readonly memoryUsedBytes: number;
    readonly swapTotalBytes: number;
    readonly swapUsedBytes: number;
  } | null;
  readonly filesystems: readonly FilesystemState[];
  readonly thresholds: HostThresholds;
  readonly breaches: readonly Breach[];
}

export interface HostPoint {
  readonly at: string;
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
  readonly capacity: number;
}

export interface HostSeries {
  readonly host: string;
  readonly range: MetricRange;
  readonly from: string;
  readonly to: string;
  readonly stepSeconds: number;
  readonly points: readonly HostPoint[];
  readonly filesystems: readonly {
    readonly mountpoint: string;
    readonly points: readonly FilesystemPoint[];
  }[];
}

export interface CapacityItem extends FilesystemState {
  readonly hostName: string;
  readonly history: readonly { readonly at: string; readonly usedBytes: number }[];
}

export interface CollectionResult {
  readonly host: string;
  readonly ok: boolean;
  readonly at: string;
  readonly durationMs: number;
  readonly error: { readonly code: string; readonly message: string; readonly hint: string | null } | null;
}
