/**
 * Drift findings over HTTP, mounted by the facts routes: `GET /drift` (every host) and
 * `GET /hosts/:host/drift` (one), computed on each read from the latest facts and the current inventory.
 */
import { z } from 'zod';
import type { VigieFastify } from '../../http/types.js';
import type { CoreDeps } from '../../runtime/deps.js';
import { driftReport, hostDrift } from './drift-report.js';
import { DRIFT_CHECKS } from './drift-skip.js';

const DRIFT_KINDS = [
  'undeclared_port',
  'declared_port_closed',
  'service_not_running',
  'memory_mismatch',
  'cpu_mismatch',
  'address_missing',
  'undeclared_address',
  'os_mismatch',
  'disk_mismatch',
] as const;

const objectRef = z.object({ kind: z.string(), key: z.string() });

const finding = z.object({
  host: z.string(),
  kind: z.enum(DRIFT_KINDS),
  severity: z.enum(['critical', 'warning', 'info']),
  object: objectRef.optional().describe('the inventory object concerned, when one is'),
  message: z.string().describe('what differs, with both values'),
  action: z.string().describe('what to do about it'),
  details: z
    .record(z.string(), z.unknown())
    .describe('declared and observed values; `source` is file:line:column'),
});

const skip = z.object({
  check: z.enum(DRIFT_CHECKS),
  object: objectRef.optional(),
  partial: z.boolean(),
  reason: z.string(),
});

const counts = z.object({
  critical: z.number().int(),
  warning: z.number().int(),
  info: z.number().int(),
  total: z.number().int(),
});

const hostDriftSchema = z.object({
  host: z.string(),
  hostKind: z.enum(['vm', 'device']),
  name: z.string(),
  gatheredAt: z.string().nullable().describe('when the facts compared were gathered; null: never gathered'),
  factsAgeSeconds: z.number().int().nullable(),
  lastAttempt: z
    .object({
      attemptedAt: z.string(),
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string(), hint: z.string().nullable() }).nullable(),
    })
    .nullable(),
  findings: z.array(finding),
  skipped: z.array(skip),
  counts,
});

const driftReportSchema = z.object({
  generatedAt: z.string(),
  counts,
  hostsWithoutFacts: z.number().int(),
  hosts: z.array(hostDriftSchema),
});

/** Mounted under `/api/v1` by `factsRoutes`. */
export async function driftRoutes(app: VigieFastify, deps: CoreDeps): Promise<void> {
  app.get(
    '/drift',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['facts'],
        summary: 'Drift of every host: its latest facts against the inventory, with what to do',
        response: { 200: driftReportSchema },
      },
    },
    async () => await driftReport(deps),
  );

  app.get(
    '/hosts/:host/drift',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['facts'],
        summary: 'Drift of one host (a VM or a device): its latest facts against the inventory',
        params: z.strictObject({ host: z.string().min(1).max(200) }),
        response: { 200: hostDriftSchema },
      },
    },
    async (request) => await hostDrift(deps, request.params.host),
  );
}
