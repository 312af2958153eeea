/**
 * The `postgres` check: connects with `pg` to the address the outbound allowlist accepted, runs a
 * query, and optionally measures a replica's lag. `pg` lives behind this file for checks.
 */
import net from 'node:net';
import pg from 'pg';
import { z } from 'zod';
import { databaseSpecShape, judgeDatabase, toSeconds } from './database-check.js';
import type { Probe, ProbeDeps } from './probe.js';
import { runAttempt } from './probe-run.js';

export const postgresSpecSchema = z.strictObject(databaseSpecShape(5432));

export type PostgresSpec = z.infer<typeof postgresSpecSchema>;

/** Seconds since the last replayed transaction; null on a primary. */
const DEFAULT_LAG_QUERY = 'select extract(epoch from now() - pg_last_xact_replay_timestamp())';

export const postgresProbe: Probe<PostgresSpec> = {
  kind: 'postgres',
  specSchema: postgresSpecSchema,
  run: (deps: ProbeDeps, spec: PostgresSpec, signal: AbortSignal) => {
    const target = `postgres ${spec.host}:${spec.port}`;
    return runAttempt(signal, spec.timeout, target, async (attempt) => {
      // Connect to the checked address, not a fresh resolution (DNS rebinding); TLS still verifies the name.
      const [resolved] = await deps.outbound.resolve(spec.host, `postgres check ${spec.host}`);
      const client = new pg.Client({
        host: resolved?.address ?? spec.host,
        port: spec.port,
        user: spec.user,
        database: spec.database ?? spec.user,
        ...(spec.password === undefined ? {} : { password: spec.password }),
        ssl:
          spec.tls === 'off'
            ? false
            : { rejectUnauthorized: spec.tls === 'verify', ...serverName(spec.host) },
        connectionTimeoutMillis: attempt.timeoutMs,
        application_name: 'vigie-check',
      });
      // A dropped connection after the verdict must not become an unhandled error.
      client.on('error', () => undefined);
      const stop = (): void => {
        // Ending is best effort once the attempt is over; the verdict is already decided.
        client.end().catch(() => undefined);
      };
      attempt.signal.addEventListener('abort', stop, { once: true });
      try {
        await client.connect();
        const result = await client.query({ text: spec.query, rowMode: 'array' });
        const value = (result.rows[0] as unknown[] | undefined)?.[0];
        let lag: number | null | undefined;
        if (spec.replication !== undefined) {
          const lagResult = await client.query({
            text: spec.replication.query ?? DEFAULT_LAG_QUERY,
            rowMode: 'array',
          });
          lag = toSeconds((lagResult.rows[0] as unknown[] | undefined)?.[0]);
        }
        return judgeDatabase(attempt, spec, target, value, lag);
      } finally {
        attempt.signal.removeEventListener('abort', stop);
        // A failed connection has nothing left to end; its error is already the verdict.
        await client.end().catch(() => undefined);
      }
    });
  },
};

/** SNI and the certificate check use the name the user wrote, though the socket goes to its checked address. */
function serverName(host: string): { servername?: string } {
  return net.isIP(host.replace(/^\[(.*)\]$/, '$1')) === 0 ? { servername: host } : {};
}
