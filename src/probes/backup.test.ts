import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desired, manualClock, testDeps } from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { createRun, markFailed, markVerified, markWritten } from '../backup/catalog.js';
import { createDrill, finishDrill } from '../backup/drill-catalog.js';
import { applyInventory } from '../inventory/apply.js';
import { deriveChecks } from '../monitoring/derive-checks.js';
import { inventoryObjectsForChecks } from '../monitoring/inventory-checks.js';
import { backupProbe } from './backup.js';

const HOUR = 3_600_000;

describe(`the backup check on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  const clock = manualClock('2026-11-28T10:00:00.000Z');
  const objects = [
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
      name: 'annuaire',
      owner: 'x',
    }),
    desired('database', 'archive', {
      engine: 'postgresql',
      server: 'db1-postgresql',
      name: 'archive',
      owner: 'x',
      backup: { disabled: true, reason: 'read-only copy' },
    }),
    desired('backup', 'backup', {
      destinations: [{ id: 'local', type: 'local', path: '/tmp/nowhere' }],
      defaults: { rpo_target: '26h' },
      accounts: { 'db1-postgresql': { user: 'vigie' } },
    }),
  ];
  const run = async () =>
    backupProbe.run(
      { outbound: undefined as never, clock, store: testStore.store },
      backupProbe.specSchema.parse({ source: 'database:annuaire' }),
      new AbortController().signal,
    );
  const backupAt = async (at: Date, outcome: 'verified' | 'failed') => {
    const id = await createRun(testStore.store.db, {
      source: 'database:annuaire',
      sourceKind: 'postgresql',
      destination: 'local',
      trigger: 'schedule',
      actor: 'test',
      startedAt: at,
    });
    if (outcome === 'failed') {
      await markFailed(testStore.store.db, id, at, 'restic backup failed: the destination is full');
      return id;
    }
    await markWritten(testStore.store.db, id, {
      finishedAt: at,
      takenAt: at,
      artifacts: [],
      sourceVersion: 'PostgreSQL 15',
      toolVersion: 'pg_dump 15',
      rowCounts: [],
      warnings: [],
    });
    await markVerified(testStore.store.db, id, at);
    return id;
  };

  beforeAll(async () => {
    testStore = await createTestStore();
    await applyInventory(testDeps(testStore, clock), { objects, actor: 'test' });
  });
  afterAll(async () => {
    await testStore?.cleanup();
  });

  it('is derived, every 5 minutes, for each backed-up database, not for one whose backups are off', async () => {
    const derived = deriveChecks(await inventoryObjectsForChecks({ store: testStore.store }), {});
    const backups = derived.checks.filter((check) => check.kind === 'backup');
    expect(backups.map((check) => check.id)).toEqual(['database/annuaire/backup']);
    expect(backups[0]?.policy.intervalMs).toBe(300_000);
    expect(backups[0]?.parents).toContain('vm/db1/ping');
  });

  it('is UNKNOWN before the first backup, UP after a good one, DOWN after a failed one', async () => {
    expect(await run()).toMatchObject({
      status: 'unknown',
      message: 'No verified backup of database:annuaire yet',
    });
    await backupAt(new Date(clock.now().getTime() - 2 * HOUR), 'verified');
    const up = await run();
    expect(up.status).toBe('up');
    expect(up.message).toBe(
      'Last good backup of database:annuaire 2.0 h ago (target 26.0 h); no drill passed yet',
    );
    expect(up.metrics).toMatchObject({ rpo_s: 7200, rpo_target_s: 93_600 });
    await backupAt(new Date(clock.now().getTime() - HOUR), 'failed');
    expect(await run()).toMatchObject({
      status: 'down',
      message: 'The last backup of database:annuaire failed: restic backup failed: the destination is full',
    });
  });

  it('is DOWN when the last good backup is older than the RPO target, and when the last drill failed', async () => {
    const verified = await backupAt(clock.now(), 'verified');
    expect((await run()).status).toBe('up');
    clock.advance(27 * HOUR);
    expect(await run()).toMatchObject({
      status: 'down',
      message: 'The last good backup of database:annuaire is 27.0 h old, over its RPO target of 26.0 h',
    });
    await backupAt(clock.now(), 'verified');
    const drill = await createDrill(testStore.store.db, {
      runId: verified,
      source: 'database:annuaire',
      trigger: 'schedule',
      actor: 'test',
      target: 'db1-postgresql/vigie_drill_x',
      at: clock.now(),
    });
    await finishDrill(testStore.store.db, drill, {
      at: clock.now(),
      restoreMs: 1200,
      checks: [{ check: 'rows of public.t', ok: false, detail: '4 rows restored, 5 at backup time' }],
      error: null,
    });
    expect(await run()).toMatchObject({
      status: 'down',
      message:
        'The last restore drill of database:annuaire failed: rows of public.t: 4 rows restored, 5 at backup time',
    });
  });
});
