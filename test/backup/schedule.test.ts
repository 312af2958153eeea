/**
 * The backup schedule of `vigie serve` on the dialect under test, with the real PostgreSQL and
 * restic: at start it fails a run a killed Vigie left behind; at its cron minute it backs a source
 * up and copies it off-site, then applies retention on both (the older run pruned, the newest kept);
 * a new inventory revision changes the schedules without a restart.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun, getRun, listRuns } from '../../src/backup/catalog.js';
import { listSnapshots } from '../../src/backup/restic.js';
import { startBackupSchedule } from '../../src/backup/schedule.js';
import { backupSource, initDestination, openDestination, readBackupPlan } from '../../src/backup/service.js';
import { applyInventory } from '../../src/inventory/apply.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { openStore, type Store } from '../../src/store/store.js';
import { systemClock } from '../../src/time/clock.js';
import { desired, testDeps } from '../support/inventory-fixtures.js';
import {
  createTestEnvironment,
  pgAdminQuery,
  TEST_DIALECT,
  type TestEnvironment,
} from '../support/test-store.js';

const PG_DB = `vigie_schedule_${process.pid}_${TEST_DIALECT}`;

describe(`the backup schedule on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let store: Store;
  let repoDir: string;
  let deps: CoreDeps;

  const inventory = (schedule: string) => [
    desired('network', 'lan', { prefix: '127.0.0.0/8' }),
    desired('vm', 'db1', {
      name: 'DB1',
      hypervisor: 'hv',
      interfaces: [{ name: 'ens18', network: 'lan', address: '127.0.0.1/8' }],
    }),
    desired('service', 'db1-postgresql', {
      host: 'db1',
      host_kind: 'vm',
      kind: 'postgresql',
      ports: [{ port: 5432, protocol: 'tcp' }],
    }),
    desired('database', 'inscriptions', {
      engine: 'postgresql',
      server: 'db1-postgresql',
      name: PG_DB,
      owner: 'postgres',
      backup: {
        schedule,
        retention: { daily: 1, weekly: 0, monthly: 0, yearly: 0 },
        drill: { disabled: true },
      },
    }),
    desired('backup', 'backup', {
      time_zone: 'Europe/Paris',
      destinations: [
        { id: 'local', type: 'local', path: path.join(repoDir, 'repo') },
        { id: 'offsite', type: 'local', path: path.join(repoDir, 'offsite') },
      ],
      defaults: { destinations: ['local', 'offsite'] },
      accounts: { 'db1-postgresql': { user: 'postgres' } },
    }),
  ];

  beforeAll(async () => {
    environment = await createTestEnvironment();
    store = await openStore(environment.config);
    deps = {
      ...testDeps({ ...environment, store }, systemClock),
      config: { ...environment.config, outboundAllow: ['127.0.0.0/8'] },
    };
    repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-schedule-'));
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB}`);
    await pgAdminQuery(`CREATE DATABASE ${PG_DB}`);
    await pgAdminQuery(
      "CREATE TABLE inscriptions AS SELECT i AS id, 'personne ' || i AS nom FROM generate_series(1, 500) i",
      PG_DB,
    );
    // Nothing fires during set-up: the first schedule is a yearly minute.
    await applyInventory(deps, { actor: 'test', objects: inventory('0 3 1 1 *') });
    const plan = await readBackupPlan(deps);
    for (const destination of plan.destinations) await initDestination(deps, destination, 'user:test');
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await environment?.cleanup();
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    fs.rmSync(repoDir, { recursive: true, force: true });
  });

  it('fails a killed run at start, backs up at its cron minute after a new revision, and prunes by retention', async () => {
    const earlier = await backupSource(deps, 'database:inscriptions', {
      trigger: 'manual',
      actor: 'user:test',
    });
    expect(earlier.status).toBe('verified');

    // A run whose process is gone: the pid of a child that has already exited.
    const deadPid = spawnSync('true').pid;
    const killed = await createRun(store.db, {
      source: 'database:inscriptions',
      sourceKind: 'postgresql',
      destination: 'local',
      trigger: 'schedule',
      actor: 'job:backup',
      startedAt: new Date(),
    });
    await store.db
      .updateTable('backup_runs')
      .set({ worker: `${os.hostname()}:${deadPid}` })
      .where('id', '=', killed)
      .execute();

    const schedule = await startBackupSchedule(deps, { revisionPollMs: 200 });
    let stopped = false;
    try {
      const recovered = await getRun(store.db, killed);
      expect(recovered?.status).toBe('failed');
      expect(recovered?.error).toMatch(/Vigie stopped during this backup/);

      // Every minute from now on: picked up from the new revision, no restart.
      await applyInventory(deps, { actor: 'test', objects: inventory('* * * * *') });
      const deadline = Date.now() + 90_000;
      let scheduled: Awaited<ReturnType<typeof listRuns>>[number] | undefined;
      while (Date.now() < deadline) {
        scheduled = (await listRuns(store.db, { source: 'database:inscriptions' })).find(
          (run) => run.trigger === 'schedule' && run.id !== killed && run.status !== 'running',
        );
        const pruned = (await getRun(store.db, earlier.id))?.status === 'pruned';
        if (scheduled !== undefined && pruned) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      // What the schedule runs ends before it stops: the off-site copy's pruning included.
      await schedule.stop();
      stopped = true;
      expect(scheduled?.status).toBe('verified');
      expect(scheduled?.actor).toBe('job:backup');
      // Retention keeps one backup a day: the manual one of the same day goes, the newest stays.
      expect((await getRun(store.db, earlier.id))?.status).toBe('pruned');
      // On the destination and on the off-site copy alike (a copy is found by its run's tag).
      for (const settings of (await readBackupPlan(deps)).destinations) {
        const destination = await openDestination(deps, settings);
        const runsKept = new Set(
          (await listSnapshots(destination.repo))
            .flatMap((snapshot) => snapshot.tags)
            .filter((tag) => tag.startsWith('vigie-run='))
            .map((tag) => tag.slice('vigie-run='.length)),
        );
        expect([...runsKept], settings.id).toEqual([scheduled?.id]);
      }
      expect(scheduled?.copies.map((copy) => [copy.destination, copy.error])).toEqual([['offsite', null]]);
    } finally {
      if (!stopped) await schedule.stop();
    }
  }, 150_000);
});
