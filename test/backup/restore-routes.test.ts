/**
 * `POST /api/v1/backups/restore` on the dialect under test, against the machine's real PostgreSQL and
 * a real restic repository: the dry run's plan, the confirmation a destructive target needs, the
 * restore as a job listed with backups under /backups/jobs, and who may do it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSource, initDestination, readBackupPlan } from '../../src/backup/service.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { auditEvents, createWebFixture, SAME_ORIGIN, type WebFixture } from '../http/web-fixture.js';
import { desired } from '../support/inventory-fixtures.js';
import { pgAdminQuery, TEST_DIALECT } from '../support/test-store.js';

const PG_DB = `vigie_api_restore_${process.pid}_${TEST_DIALECT}`;
const PG_COPY = `${PG_DB}_copie`;

interface Job {
  id: string;
  kind: string;
  source: string;
  stage: string;
  bytes: number;
  finishedAt: string | null;
  result: { runId?: string; status: string } | null;
  error: string | null;
}

const villes = (database: string) =>
  pgAdminQuery<{ id: number; nom: string }>('SELECT id, nom FROM villes ORDER BY id', database);

describe(`the restore API on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let repoDir: string;
  let engineer: string;
  let viewer: string;
  let runId: string;
  let before: unknown;
  const as = (cookie: string) => ({ cookies: { vigie_session: cookie }, headers: SAME_ORIGIN });
  const restore = (session: string, payload: Record<string, unknown>) =>
    fixture.app.inject({ method: 'POST', url: '/api/v1/backups/restore', payload, ...as(session) });

  async function finished(jobId: string): Promise<Job> {
    for (let i = 0; i < 600; i += 1) {
      const response = await fixture.app.inject({
        method: 'GET',
        url: '/api/v1/backups/jobs',
        ...as(viewer),
      });
      expect(response.statusCode, response.body).toBe(200);
      const job = response.json<{ items: Job[] }>().items.find((item) => item.id === jobId);
      if (job !== undefined && job.finishedAt !== null) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${jobId} did not finish`);
  }

  beforeAll(async () => {
    fixture = await createWebFixture({ env: { VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8' } });
    repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-api-restore-'));
    for (const name of [PG_DB, PG_COPY]) await pgAdminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await pgAdminQuery(`CREATE DATABASE ${PG_DB}`);
    await pgAdminQuery(
      "CREATE TABLE villes AS SELECT i AS id, 'ville ' || i AS nom FROM generate_series(1, 700) i",
      PG_DB,
    );
    before = await villes(PG_DB);
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
        desired('database', 'villes', {
          engine: 'postgresql',
          server: 'db1-postgresql',
          name: PG_DB,
          owner: 'postgres',
        }),
        desired('backup', 'backup', {
          destinations: [{ id: 'local', type: 'local', path: path.join(repoDir, 'repo') }],
          accounts: { 'db1-postgresql': { user: 'postgres' } },
        }),
      ],
    });
    const plan = await readBackupPlan(fixture.deps);
    await initDestination(fixture.deps, plan.destinations[0] ?? ({} as never), 'test');
    const run = await backupSource(fixture.deps, 'database:villes', { trigger: 'manual', actor: 'test' });
    expect(run.status, run.error ?? '').toBe('verified');
    runId = run.id;
    const login = async (role: Parameters<WebFixture['addAccount']>[0]) => {
      const { account, password } = await fixture.addAccount(role);
      return fixture.login(account.username, password);
    };
    [engineer, viewer] = [await login('provider_engineer'), await login('viewer')];
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
    for (const name of [PG_DB, PG_COPY]) await pgAdminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    fs.rmSync(repoDir, { recursive: true, force: true });
  });

  it('answers a dry run with the plan, changing nothing; viewers may not restore', async () => {
    await pgAdminQuery('DELETE FROM villes WHERE id > 600', PG_DB);
    const forbidden = await restore(viewer, { runId, dryRun: true });
    expect(forbidden.statusCode).toBe(403);
    const response = await restore(engineer, { runId, dryRun: true });
    expect(response.statusCode, response.body).toBe(200);
    const { plan } = response.json<{ plan: Record<string, unknown> }>();
    expect(plan).toMatchObject({
      runId,
      source: 'database:villes',
      sourceKind: 'postgresql',
      verified: true,
      destructive: true,
      confirmWith: PG_DB,
      target: {
        kind: 'database',
        name: PG_DB,
        description: `the database ${PG_DB} on db1-postgresql (its origin)`,
      },
    });
    expect(plan.takenAt).toEqual(expect.any(String));
    expect(plan.sizeBytes).toBeGreaterThan(0);
    expect((plan.steps as string[]).length).toBeGreaterThan(2);
    expect(await villes(PG_DB)).toHaveLength(600);
    expect(await auditEvents(fixture, 'backup.restore')).toEqual([]);
  });

  it('refuses a destructive target without the confirmation, saying what to send', async () => {
    const missing = await restore(engineer, { runId });
    expect(missing.statusCode).toBe(409);
    expect(missing.json<{ error: { message: string } }>().error.message).toContain(`confirm: "${PG_DB}"`);
    const wrong = await restore(engineer, { runId, confirm: 'villes' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json<{ error: { hint: string } }>().error.hint).toContain(
      `is not the target's name "${PG_DB}"`,
    );
    const badTarget = await restore(engineer, { runId, target: { host: 'db1', path: '/srv' } });
    expect(badTarget.statusCode).toBe(400);
    expect(badTarget.json<{ error: { message: string } }>().error.message).toMatch(
      /is a database: give a database/,
    );
    expect(await villes(PG_DB)).toHaveLength(600);
  });

  it('restores in the background, as a job listed with the backups, audited', async () => {
    const started = await restore(engineer, { runId, confirm: PG_DB });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json<Job>()).toMatchObject({ kind: 'restore', source: 'database:villes' });
    const job = await finished(started.json<Job>().id);
    expect(job.error).toBeNull();
    expect(job.result).toEqual({ runId, status: 'restored' });
    expect(job.bytes).toBeGreaterThan(0);
    expect(await villes(PG_DB)).toEqual(before);
    const [audit] = await auditEvents(fixture, 'backup.restore');
    expect(audit?.actor).toMatch(/^user:/);
    expect(audit?.after).toMatchObject({ runId, result: 'restored', destructive: true });

    const copy = await restore(engineer, { runId, target: { database: PG_COPY } });
    expect(copy.statusCode, copy.body).toBe(202);
    expect((await finished(copy.json<Job>().id)).error).toBeNull();
    expect(await villes(PG_COPY)).toEqual(before);
  }, 60_000);
});
