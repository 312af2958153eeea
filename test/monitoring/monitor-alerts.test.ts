/**
 * `vigie monitor` in its own process delivers alerts through the persisted outbox and its delivery
 * worker, as `vigie serve` does, to the inventory's channels, and still prints each alert's title.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyInventory } from '../../src/inventory/apply.js';
import { openStore, type Store } from '../../src/store/store.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { desired, testDeps } from '../support/inventory-fixtures.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../support/test-store.js';
import { localRack, type SwitchableServer, startSwitchableServer } from './local-rack.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(import.meta.dirname, 'monitor-child.ts');

describe(`vigie monitor delivers alerts through the outbox, on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let store: Store;
  let server: SwitchableServer;
  let sink: HttpSink;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    environment = await createTestEnvironment();
    store = await openStore(environment.config);
    server = await startSwitchableServer();
    sink = await startHttpSink();
    const alerting = desired('alerting', 'alerting', {
      channels: [{ id: 'hook', kind: 'webhook', url: sink.url('/hook') }],
      default_channels: ['hook'],
    });
    await applyInventory(testDeps({ ...environment, store }), {
      objects: [...localRack(server.port, { intervalMs: 300 }), alerting],
      actor: 'test',
    });
  });
  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
    await sink?.close();
    await server?.stop();
    await store?.close();
    await environment?.cleanup();
  });

  const poll = async (what: string, condition: () => Promise<boolean> | boolean, ms = 30_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('sends the DOWN and RESOLVED alerts to the webhook, prints them, and stops cleanly', async () => {
    let stderr = '';
    child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...environment.env, VIGIE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await poll('the monitor started', () => stderr.includes('monitoring 3 checks'));
    await poll('the site up', async () => {
      const row = await store.db
        .selectFrom('check_states')
        .select('state')
        .where('check_id', '=', 'website/site/http')
        .executeTakeFirst();
      return row?.state === 'up';
    });

    server.fail(true);
    await poll('the webhook call', () => sink.requests.some((r) => r.body.includes('incident_opened')));
    const opened = JSON.parse(
      sink.requests.find((r) => r.body.includes('incident_opened'))?.body ?? '{}',
    ) as { events: Array<{ kind: string; title: string; subject: { checkId: string } }> };
    expect(opened.events[0]).toMatchObject({
      kind: 'incident_opened',
      title: 'DOWN: Site http',
      subject: { checkId: 'website/site/http' },
    });
    expect(stderr).toContain('alert: DOWN: Site http');

    server.fail(false);
    await poll('the resolution sent', () => sink.requests.some((r) => r.body.includes('incident_resolved')));
    expect(stderr).toMatch(/alert: RESOLVED: Site http \(after /);
    // Both went through the stored outbox, marked sent by the delivery worker.
    await poll('the outbox rows sent', async () => {
      const rows = await store.db.selectFrom('alert_notifications').select(['channel', 'status']).execute();
      return rows.length >= 2 && rows.every((row) => row.channel === 'hook' && row.status === 'sent');
    });

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('monitor stopped.');
  }, 90_000);
});
