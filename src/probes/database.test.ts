import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  loopbackProbeDeps,
  startTcpTarget,
  type Target,
  unusedPort,
} from '../../test/support/probe-targets.js';
import { prepareCheck, runCheck } from './registry.js';

const deps = loopbackProbeDeps();
const check = (kind: string, options: Record<string, unknown>) =>
  runCheck(deps, prepareCheck(kind, options), new AbortController().signal);

// The machine's PostgreSQL (trust, user postgres) and MariaDB (root, no password).
const ENGINES = [
  { kind: 'postgres', server: { host: '127.0.0.1', port: 5432, user: 'postgres' } },
  { kind: 'mysql', server: { host: '127.0.0.1', port: 3306, user: 'root' } },
] as const;

describe.each(ENGINES)('$kind probe', ({ kind, server }) => {
  let silent: Target;
  beforeAll(async () => {
    silent = await startTcpTarget();
  });
  afterAll(async () => {
    await silent.close();
  });

  it('is up when the query returns the expected value', async () => {
    const result = await check(kind, { ...server, query: 'select 40 + 2', expect: 42 });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/query returned 42 in \d+ ms$/);
    expect((await check(kind, { ...server, host: 'localhost' })).status).toBe('up');
  });

  it('is down on a wrong result, a bad query or a refused port', async () => {
    const wrong = await check(kind, { ...server, query: "select 'read-only'", expect: 'read-write' });
    expect(wrong).toMatchObject({ status: 'down' });
    expect(wrong.message).toContain('query returned "read-only", expected "read-write"');
    const bad = await check(kind, { ...server, query: 'select no_such_column_vigie' });
    expect(bad.status).toBe('down');
    expect(bad.message).toMatch(/no_such_column_vigie/);
    const port = await unusedPort();
    const refused = await check(kind, { ...server, port });
    expect(refused.message).toContain('connection refused');
  });

  it('judges the replication lag from a query', async () => {
    const degraded = await check(kind, {
      ...server,
      replication: { query: 'select 42', degradedAfter: '30s' },
    });
    expect(degraded).toMatchObject({ status: 'degraded', metrics: { replication_lag_s: 42 } });
    const down = await check(kind, { ...server, replication: { query: 'select 42', downAfter: '40s' } });
    expect(down.status).toBe('down');
    const fine = await check(kind, { ...server, replication: { query: 'select 2' } });
    expect(fine).toMatchObject({ status: 'up', metrics: { replication_lag_s: 2 } });
  });

  it('is down when the default lag query finds no replication (this server is a primary)', async () => {
    const result = await check(kind, { ...server, replication: {} });
    expect(result.status).toBe('down');
    expect(result.message).toContain('no replication lag reported');
  });

  it('honours the timeout against a server that never answers, and closes its socket', async () => {
    const started = Date.now();
    const result = await check(kind, { ...server, port: silent.port, timeout: '400ms' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(result.status).toBe('down');
    expect(await eventually(() => silent.openConnections() === 0)).toBe(true);
  });

  it('refuses a server outside the allowlist', async () => {
    const result = await check(kind, { ...server, host: '10.0.0.1' });
    expect(result).toMatchObject({ status: 'down', details: { error: 'OUTBOUND_REFUSED' } });
    expect(result.latencyMs).toBeLessThan(50);
  });
});
