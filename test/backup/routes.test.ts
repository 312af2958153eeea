/**
 * The backup API on the dialect under test, against the machine's real PostgreSQL and a real restic
 * repository: RPO/RTO per source, backups and drills started in the background with their progress,
 * and who may do what.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDestination, readBackupPlan } from '../../src/backup/service.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from '../http/web-fixture.js';
import { desired } from '../support/inventory-fixtures.js';
import { pgAdminQuery, TEST_DIALECT } from '../support/test-store.js';

const PG_DB = `vigie_api_backup_${process.pid}_${TEST_DIALECT}`;

interface Job {
  id: string;
  kind: string;
  source: string;
  finishedAt: string | null;
  result: { runId?: string; drillId?: string; status: string } | null;
  error: string | null;
}

describe(`the backup API on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let repoDir: string;
  let engineer: string;
  let viewer: string;
  let developer: string;
  const as = (cookie: string) => ({ cookies: { vigie_session: cookie }, headers: SAME_ORIGIN });

  async function finished(jobId: string, session: string): Promise<Job> {
    for (let i = 0; i < 600; i += 1) {
      const response = await fixture.app.inject({
        method: 'GET',
        url: '/api/v1/backups/jobs',
        ...as(session),
      });
      const job = response.json<{ items: Job[] }>().items.find((item) => item.id === jobId);
      if (job?.finishedAt !== null && job !== undefined) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${jobId} did not finish`);
  }

  beforeAll(async () => {
    fixture = await createWebFixture({ env: { VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8' } });
    repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-api-backup-'));
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB}`);
    await pgAdminQuery(`CREATE DATABASE ${PG_DB}`);
    await pgAdminQuery('CREATE TABLE t AS SELECT generate_series(1, 500) AS id', PG_DB);
    await applyInventory(fixture.deps, {
      actor: 'test',
      objects: [
        desired('network', 'lan', { prefix: '127.0.0.0/8' }),
        desired('vm', 'db1', {
          name: 'DB1',
          hypervisor: 'hv',
          interfaces: [{ name: 'e0', network: 'lan', address: '127.0.0.1/8' }],
        }),
        desired('service', 'db1-postgresql', {
          host: 'db1',
          host_kind: 'vm',
          kind: 'postgresql',
          ports: [{ port: 5432, protocol: 'tcp' }],
        }),
        desired('database', 'annuaire', {
          engine: 'postgresql',
          server: 'db1-postgresql',
          name: PG_DB,
          owner: 'postgres',
        }),
        desired('backup', 'backup', {
          destinations: [{ id: 'local', type: 'local', path: path.join(repoDir, 'repo') }],
          accounts: { 'db1-postgresql': { user: 'postgres' } },
          drill_servers: { postgresql: 'db1-postgresql' },
        }),
      ],
    });
    const plan = await readBackupPlan(fixture.deps);
    await initDestination(fixture.deps, plan.destinations[0] ?? ({} as never), 'test');
    const login = async (role: Parameters<WebFixture['addAccount']>[0]) => {
      const { account, password } = await fixture.addAccount(role);
      return fixture.login(account.username, password);
    };
    [engineer, viewer, developer] = [
      await login('provider_engineer'),
      await login('viewer'),
      await login('customer_developer'),
    ];
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    fs.rmSync(repoDir, { recursive: true, force: true });
  });

  it('lists every source with no verified backup yet, and refuses developers', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/api/v1/backups', ...as(viewer) });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      sources: Array<{ source: string; rpoState: string; rtoMs: number | null }>;
    }>();
    expect(body.sources).toEqual([
      expect.objectContaining({ source: 'database:annuaire', rpoState: 'none', rtoMs: null }),
    ]);
    expect(
      (await fixture.app.inject({ method: 'GET', url: '/api/v1/backups', ...as(developer) })).statusCode,
    ).toBe(403);
  });

  it('backs up and drills in the background, one job per source at a time; viewers may only read', async () => {
    const forbidden = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/backups/run',
      payload: { source: 'annuaire' },
      ...as(viewer),
    });
    expect(forbidden.statusCode).toBe(403);

    const started = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/backups/run',
      payload: { source: 'annuaire' },
      ...as(engineer),
    });
    expect(started.statusCode).toBe(202);
    const busy = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/backups/run',
      payload: { source: 'annuaire' },
      ...as(engineer),
    });
    expect(busy.statusCode).toBe(409);
    const job = await finished(started.json<Job>().id, viewer);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ status: 'verified' });

    const drill = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/backups/drill',
      payload: { source: 'database:annuaire' },
      ...as(engineer),
    });
    expect(drill.statusCode).toBe(202);
    expect((await finished(drill.json<Job>().id, viewer)).result).toMatchObject({ status: 'passed' });

    const overview = await fixture.app.inject({ method: 'GET', url: '/api/v1/backups', ...as(viewer) });
    const [source] = overview.json<{
      sources: Array<{ rpoState: string; rpoSeconds: number; rtoMs: number }>;
    }>().sources;
    expect(source?.rpoState).toBe('ok');
    expect(source?.rtoMs).toBeGreaterThan(0);
    const runs = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/backups/runs?source=database:annuaire',
      ...as(viewer),
    });
    expect(runs.json<{ items: Array<{ status: string; rowCounts: unknown }> }>().items[0]).toMatchObject({
      status: 'verified',
      rowCounts: [{ table: 'public.t', rows: 500 }],
    });
  }, 120_000);

  it('says which source is unknown', async () => {
    const started = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/backups/run',
      payload: { source: 'nope' },
      ...as(engineer),
    });
    const job = await finished(started.json<Job>().id, engineer);
    expect(job.error).toMatch(/no backup source nope/);
  });
});
