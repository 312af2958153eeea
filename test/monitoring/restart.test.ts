/**
 * The monitor killed in the middle of an incident and started again: the incident stays one incident
 * (not reopened, not duplicated), every check runs again within one interval, and the incident
 * resolves when the target comes back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyInventory } from '../../src/inventory/apply.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { listIncidents } from '../../src/monitoring/incidents.js';
import { openStore, type Store } from '../../src/store/store.js';
import { systemClock } from '../../src/time/clock.js';
import { testDeps } from '../support/inventory-fixtures.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../support/test-store.js';
import { localRack, type SwitchableServer, startSwitchableServer } from './local-rack.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(import.meta.dirname, 'monitor-child.ts');
const INTERVAL_MS = 400;

describe(`the monitor killed and restarted mid-incident on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let store: Store;
  let server: SwitchableServer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment();
    store = await openStore(environment.config);
    server = await startSwitchableServer();
    await applyInventory(testDeps({ ...environment, store }), {
      objects: localRack(server.port, { intervalMs: INTERVAL_MS }),
      actor: 'test',
    });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await server?.stop();
    await store?.close();
    await environment?.cleanup();
  });

  /** Starts `vigie monitor`; `running` resolves with the instant it said it was monitoring. */
  const startChild = (): { child: ChildProcess; running: Promise<number> } => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...environment.env, VIGIE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const running = new Promise<number>((resolve, reject) => {
      let seen = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('monitoring 3 checks')) resolve(Date.now());
      });
      child.once('exit', (code) => reject(new Error(`vigie monitor exited (${code}): ${seen}`)));
    });
    running.catch(() => undefined);
    return { child, running };
  };
  const incidents = (filter: 'open' | 'all') => listIncidents({ store, clock: systemClock }, { filter });
  const lastRun = async (checkId: string) =>
    (
      await store.db
        .selectFrom('check_states')
        .select('last_at')
        .where('check_id', '=', checkId)
        .executeTakeFirst()
    )?.last_at ?? null;
  const poll = async (what: string, condition: () => Promise<boolean>, ms = 30_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });

  it('keeps one incident across the kill, runs every check again within an interval, and resolves it', async () => {
    const { child: first } = startChild();
    await poll('the site up', async () => (await lastRun('website/site/http')) !== null);
    server.fail(true);
    await poll('an open incident', async () => (await incidents('open')).length === 1);
    const [opened] = await incidents('open');
    first.kill('SIGKILL');
    await exited(first);

    const killedAt = Date.now();
    const { child: second, running } = startChild();
    const runningAt = await running;
    // Every check runs again within one interval of the start (each keeps its phase), then its
    // result is written at the next one-second flush; 3 s more for a busy test host.
    await poll('every check run since the restart', async () => {
      const rows = await store.db.selectFrom('check_states').select(['check_id', 'last_at']).execute();
      return (
        rows.length === 3 && rows.every((row) => row.last_at !== null && Date.parse(row.last_at) > killedAt)
      );
    });
    expect(Date.now() - runningAt).toBeLessThan(INTERVAL_MS + 1000 + 3000);
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MS));
    expect((await incidents('all')).map((incident) => incident.id)).toEqual([opened?.id]);

    server.fail(false);
    await poll('the incident resolved', async () => (await incidents('open')).length === 0);
    const all = await incidents('all');
    expect(all.map((incident) => [incident.id, incident.status])).toEqual([[opened?.id, 'resolved']]);
    expect(await listJournalEntries(store.db, { category: 'incident' })).toHaveLength(1);

    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
  }, 120_000);
});
