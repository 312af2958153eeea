/** Response shapes of the metrics API, shared by the routes and the OpenAPI document. */
import { z } from 'zod';

const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

const levels = z.object({ warning: z.number(), critical: z.number() });

export const thresholdsView = z.object({
  cpu: levels,
  memory: levels,
  swap: levels,
  loadPerCore: levels,
  filesystemDefault: levels,
  filesystems: z.record(z.string(), levels),
  fillDays: levels,
});

export const forecastView = z.object({
  status: z.enum(['filling', 'not_filling', 'full', 'insufficient_data']),
  daysToFull: z.number().nullable(),
  fullAt: z.string().nullable(),
  growthBytesPerDay: z.number().nullable(),
  r2: z.number().nullable(),
  confidence: z.enum(['high', 'medium', 'low']).nullable(),
  points: z.number().int(),
  samples: z.number().int(),
  windowDays: z.number(),
});

export const breachView = z.object({
  metric: z.enum(['cpu', 'memory', 'swap', 'load_per_core', 'filesystem', 'fill_days']),
  mountpoint: z.string().optional(),
  value: z.number(),
  level: z.enum(['warning', 'critical']),
  threshold: z.number(),
});

const filesystemBase = {
  host: z.string(),
  mountpoint: z.string(),
  device: z.string(),
  fstype: z.string(),
  at: z.string(),
  sizeBytes: z.number(),
  usedBytes: z.number(),
  availableBytes: z.number(),
  usedPercent: z.number(),
  levels,
  level: z.enum(['warning', 'critical']).nullable(),
  forecast: forecastView,
};

export const latestView = z.object({
  host: z.string(),
  collection: z
    .object({
      lastAttemptAt: z.string(),
      lastSuccessAt: z.string().nullable(),
      result: z.enum(['ok', 'failed']),
      errorCode: z.string().nullable(),
      error: z.string().nullable(),
      consecutiveFailures: z.number().int(),
      durationMs: z.number().int(),
    })
    .nullable(),
  sample: z
    .object({
      at: z.string(),
      cpuPercent: z.number(),
      cpuCount: z.number().int(),
      load1: z.number(),
      load5: z.number(),
      load15: z.number(),
      memoryTotalBytes: z.number(),
      memoryUsedBytes: z.number(),
      swapTotalBytes: z.number(),
      swapUsedBytes: z.number(),
    })
    .nullable(),
  filesystems: list(z.object(filesystemBase)),
  thresholds: thresholdsView,
  breaches: list(breachView),
});

export const seriesView = z.object({
  host: z.string(),
  range: z.enum(['24h', '7d', '30d']),
  from: z.string(),
  to: z.string(),
  stepSeconds: z.number(),
  points: list(
    z.object({
      at: z.string(),
      cpu: z.number(),
      cpuMax: z.number(),
      load1: z.number(),
      load5: z.number(),
      load15: z.number(),
      memoryUsed: z.number(),
      memoryTotal: z.number(),
      swapUsed: z.number(),
      swapTotal: z.number(),
    }),
  ),
  filesystems: list(
    z.object({
      mountpoint: z.string(),
      points: list(z.object({ at: z.string(), used: z.number(), capacity: z.number() })),
    }),
  ),
});

export const capacityView = z.object({
  items: list(
    z.object({
      ...filesystemBase,
      hostName: z.string(),
      history: list(z.object({ at: z.string(), usedBytes: z.number() })),
    }),
  ),
});

export const collectionView = z.object({
  host: z.string(),
  ok: z.boolean(),
  at: z.string(),
  durationMs: z.number().int(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().nullable() }).nullable(),
});
