/**
 * The `mysql` check (MariaDB and MySQL): connects with `mysql2` to the address the outbound allowlist
 * accepted, runs a query, and optionally reads a replica's lag. `mysql2` lives behind this file for checks.
 */
import net from 'node:net';
import mysql from 'mysql2';
import { z } from 'zod';
import { guardedSocketOptions } from '../net/guarded-lookup.js';
import { databaseSpecShape, judgeDatabase, toSeconds } from './database-check.js';
import type { Probe, ProbeDeps } from './probe.js';
import { runAttempt } from './probe-run.js';

export const mysqlSpecSchema = z.strictObject(databaseSpecShape(3306));

export type MysqlSpec = z.infer<typeof mysqlSpecSchema>;

/** MariaDB 10.5+ and MySQL 8.0.22+ both know it; the lag column's name differs (see `lagFromRow`). */
const DEFAULT_LAG_QUERY = 'SHOW REPLICA STATUS';

export const mysqlProbe: Probe<MysqlSpec> = {
  kind: 'mysql',
  specSchema: mysqlSpecSchema,
  run: (deps: ProbeDeps, spec: MysqlSpec, signal: AbortSignal) => {
    const target = `mysql ${spec.host}:${spec.port}`;
    return runAttempt(signal, spec.timeout, target, async (attempt) => {
      // The socket is ours, through the allowlist; mysql2 keeps the name for TLS verification.
      const guard = guardedSocketOptions(deps.outbound, spec.host, `mysql check ${spec.host}`);
      const host = spec.host.replace(/^\[(.*)\]$/, '$1');
      const connection = mysql.createConnection({
        host,
        port: spec.port,
        stream: () => net.connect({ host, port: spec.port, ...guard }),
        user: spec.user,
        ...(spec.password === undefined ? {} : { password: spec.password }),
        ...(spec.database === undefined ? {} : { database: spec.database }),
        ...(spec.tls === 'off'
          ? {}
          : { ssl: { rejectUnauthorized: spec.tls === 'verify', verifyIdentity: spec.tls === 'verify' } }),
        connectTimeout: attempt.timeoutMs,
      });
      // Errors reach the pending query's callback; this keeps a late one from being unhandled.
      connection.on('error', () => undefined);
      const stop = (): void => connection.destroy();
      attempt.signal.addEventListener('abort', stop, { once: true });
      try {
        const rows = await runQuery(connection, spec.query, true);
        const value = (rows[0] as unknown[] | undefined)?.[0];
        let lag: number | null | undefined;
        if (spec.replication !== undefined) {
          const custom = spec.replication.query !== undefined;
          const lagRows = await runQuery(connection, spec.replication.query ?? DEFAULT_LAG_QUERY, custom);
          lag = custom ? toSeconds((lagRows[0] as unknown[] | undefined)?.[0]) : lagFromRow(lagRows[0]);
        }
        return judgeDatabase(attempt, spec, target, value, lag);
      } finally {
        attempt.signal.removeEventListener('abort', stop);
        connection.destroy();
      }
    });
  },
};

async function runQuery(connection: mysql.Connection, sql: string, asArray: boolean): Promise<unknown[]> {
  return await new Promise((resolve, reject) => {
    connection.query({ sql, rowsAsArray: asArray }, (error, rows) => {
      if (error) reject(error);
      else resolve(Array.isArray(rows) ? (rows as unknown[]) : []);
    });
  });
}

/** `Seconds_Behind_Master` (MariaDB, older MySQL) or `Seconds_Behind_Source` (MySQL 8.0.22+). */
function lagFromRow(row: unknown): number | null {
  if (row === null || typeof row !== 'object') return null;
  const record = row as Record<string, unknown>;
  return toSeconds(record.Seconds_Behind_Source ?? record.Seconds_Behind_Master);
}
