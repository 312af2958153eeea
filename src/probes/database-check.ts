/** What the `postgres` and `mysql` checks share: their options, and judging a query's value and a replication lag. */
import { z } from 'zod';
import type { ProbeResult } from './probe.js';
import type { Attempt } from './probe-run.js';
import { formatMs } from './probe-run.js';
import { baseSpecShape, durationMsSchema, hostSchema, portSchema } from './probe-spec.js';

/** Options of a database check; `port` defaults per engine. */
export function databaseSpecShape(defaultPort: number) {
  return {
    ...baseSpecShape,
    host: hostSchema,
    port: portSchema.default(defaultPort),
    user: z.string().min(1),
    password: z.string().optional(),
    database: z.string().min(1).optional(),
    /** Use TLS; `verify` also checks the server's certificate and name. */
    tls: z.enum(['off', 'on', 'verify']).default('off'),
    /** Run after connecting; its first column of the first row is the value. */
    query: z.string().min(1).default('select 1'),
    /** The value the query must return, compared as text. */
    expect: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** Measure the replication lag of a replica. */
    replication: z
      .strictObject({
        /** Seconds behind the primary; the engine's usual query unless told. */
        query: z.string().min(1).optional(),
        degradedAfter: durationMsSchema.default(30_000),
        downAfter: durationMsSchema.optional(),
      })
      .optional(),
  };
}

export interface DatabaseSpecCommon {
  readonly expect?: string | number | boolean | undefined;
  readonly replication?:
    | {
        readonly query?: string | undefined;
        readonly degradedAfter: number;
        readonly downAfter?: number | undefined;
      }
    | undefined;
}

/** Turns the query value and the replication lag (seconds, or undefined when not a replica) into a result. */
export function judgeDatabase(
  attempt: Attempt,
  spec: DatabaseSpecCommon,
  target: string,
  value: unknown,
  lagSeconds: number | null | undefined,
): ProbeResult {
  const shown = JSON.stringify(value === undefined ? null : value);
  const metrics: Record<string, number> = { response_ms: attempt.elapsed() };
  const details: Record<string, unknown> = { value: value ?? null };
  if (spec.expect !== undefined && String(value) !== String(spec.expect)) {
    return attempt.result(
      'down',
      `${target}: query returned ${shown}, expected ${JSON.stringify(spec.expect)}`,
      {
        metrics,
        details,
      },
    );
  }
  if (spec.replication !== undefined) {
    if (lagSeconds === null || lagSeconds === undefined || !Number.isFinite(lagSeconds)) {
      return attempt.result(
        'down',
        `${target}: no replication lag reported (not a replica, or replication stopped)`,
        {
          metrics,
          details,
        },
      );
    }
    metrics.replication_lag_s = lagSeconds;
    details.replicationLagSeconds = lagSeconds;
    const lag = formatMs(lagSeconds * 1000);
    const { downAfter, degradedAfter } = spec.replication;
    if (downAfter !== undefined && lagSeconds * 1000 > downAfter) {
      return attempt.result('down', `${target}: replica ${lag} behind (over ${formatMs(downAfter)})`, {
        metrics,
        details,
      });
    }
    if (lagSeconds * 1000 > degradedAfter) {
      return attempt.result(
        'degraded',
        `${target}: replica ${lag} behind (over ${formatMs(degradedAfter)})`,
        {
          metrics,
          details,
        },
      );
    }
    return attempt.result('up', `${target}: query returned ${shown}, replica ${lag} behind`, {
      metrics,
      details,
    });
  }
  return attempt.result('up', `${target}: query returned ${shown} in ${formatMs(attempt.elapsed())}`, {
    metrics,
    details,
  });
}

/** A number from a driver's value (`'1.5'`, 1.5, a bigint), or null. */
export function toSeconds(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
