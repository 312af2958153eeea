/** The facts domain's HTTP shapes, written once for validation and the OpenAPI document. */
import { z } from 'zod';

/** HostFacts' lists are readonly: so is their schema, so a stored snapshot is answered as it is. */
function readonlyArray<T extends z.ZodType>(item: T) {
  return z.array(item).readonly();
}

export const hostFactsSchema = z.object({
  host: z.string(),
  gatheredAt: z.string(),
  os: z.object({ id: z.string(), version: z.string(), name: z.string() }),
  kernel: z.string(),
  uptimeSeconds: z.number(),
  cpu: z.object({ model: z.string(), cores: z.number(), architecture: z.string() }),
  memory: z.object({
    totalBytes: z.number(),
    availableBytes: z.number(),
    swapTotalBytes: z.number(),
    swapFreeBytes: z.number(),
  }),
  filesystems: readonlyArray(
    z.object({
      mountpoint: z.string(),
      device: z.string(),
      type: z.string(),
      sizeBytes: z.number(),
      usedBytes: z.number(),
      availableBytes: z.number(),
    }),
  ),
  addresses: readonlyArray(
    z.object({ interface: z.string(), address: z.string(), family: z.enum(['inet', 'inet6']) }),
  ),
  listening: readonlyArray(
    z.object({
      protocol: z.enum(['tcp', 'udp']),
      address: z.string(),
      port: z.number(),
      process: z.string().optional(),
      pid: z.number().optional(),
    }),
  ),
  services: readonlyArray(z.object({ name: z.string(), source: z.enum(['systemd', 'process']) })),
  packages: readonlyArray(z.object({ name: z.string(), version: z.string(), architecture: z.string() })),
  reboot: z.object({ required: z.boolean(), packages: readonlyArray(z.string()) }),
  problems: readonlyArray(z.object({ section: z.string(), message: z.string() })),
});

export const gatherErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().nullable(),
});

export const lastAttemptSchema = z.object({
  attemptedAt: z.string(),
  actor: z.string(),
  ok: z.boolean(),
  durationMs: z.number(),
  error: gatherErrorSchema.nullable(),
});

export const factsSummarySchema = z.object({
  os: z.string(),
  kernel: z.string(),
  cores: z.number(),
  memoryBytes: z.number(),
  fullest: z.object({ mountpoint: z.string(), usedRatio: z.number() }).optional(),
  listeningPorts: z.number(),
  services: z.number(),
  packages: z.number(),
  rebootRequired: z.boolean(),
  problems: z.number(),
});

export const hostGatherResultSchema = z.object({
  host: z.string(),
  ok: z.boolean(),
  durationMs: z.number(),
  facts: hostFactsSchema.optional(),
  error: gatherErrorSchema.optional(),
});
