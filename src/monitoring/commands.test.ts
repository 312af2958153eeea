import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, recordingSink } from '../../test/monitoring/check-builders.js';
import { localRack, type SwitchableServer, startSwitchableServer } from '../../test/monitoring/local-rack.js';
import { captureIo } from '../../test/support/cli-io.js';
import { testDeps } from '../../test/support/inventory-fixtures.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';
import { main } from '../cli/main.js';
import { applyInventory } from '../inventory/apply.js';
import { openStore, type Store } from '../store/store.js';
import { systemClock } from '../time/clock.js';
import { inventoryChecks } from './inventory-checks.js';
import { MonitorCore } from './monitor-core.js';
import { writePending } from './result-writer.js';

describe(`checks, incidents and maintenance commands on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let store: Store;
  let server: SwitchableServer;
  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, environment.env);
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };

  beforeAll(async () => {
    environment = await createTestEnvironment();
    store = await openStore(environment.config);
    server = await startSwitchableServer();
    await applyInventory(testDeps({ ...environment, store }), {
      objects: localRack(server.port),
      actor: 'test',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await store?.close();
    await environment?.cleanup();
  });

  it('lists the derived checks, and runs them once on demand', async () => {
    const listed = await vigie('checks', 'list', '--json');
    expect(listed.code).toBe(0);
    const ids = JSON.parse(listed.stdout).checks.map((check: { id: string }) => check.id);
    expect(ids.sort()).toEqual(['device/fw/ping', 'vm/web1/ping', 'website/site/http']);
    const text = await vigie('checks', 'list');
    expect(text.stdout).toContain('UNKNOWN  website/site/http');

    const ran = await vigie('checks', 'run', 'website/site/http');
    expect(ran).toMatchObject({ code: 0 });
    expect(ran.stdout).toMatch(
      /^UP {7}website\/site\/http: HTTP 200 from http:\/\/127\.0\.0\.1:\d+\/ok in \d+ ms$/,
    );
    server.fail(true);
    const failing = await vigie('checks', 'run', 'website/site/http');
    server.fail(false);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^DOWN {5}website\/site\/http: HTTP 503/);
    const unknown = await vigie('checks', 'run', 'website/nope/http');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error: No such check: website/nope/http');
    const shown = await vigie('checks', 'show', 'website/site/http');
    expect(shown.stdout).toContain('availability this month: not measured yet');
  });

  it('lists and acknowledges incidents', async () => {
    const core = new MonitorCore();
    core.setChecks((await inventoryChecks({ store })).checks);
    const now = Date.now();
    core.record('website/site/http', down('HTTP 503 from http://127.0.0.1/ok (expected 2xx)'), now);
    await writePending({ store, clock: systemClock, alerts: recordingSink() }, core, core.takePending());
    const listed = await vigie('incidents', 'list');
    expect(listed.stdout).toMatch(/^[0-9a-f]{8} OPEN {9}DOWN website\/site\/http since .*: HTTP 503/);
    const id = listed.stdout.slice(0, 8);
    const missing = await vigie('incidents', 'ack', id);
    expect(missing.code).toBe(2);
    const acked = await vigie('incidents', 'ack', id, '--comment', 'nginx reloaded');
    expect(acked).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Acknowledged .* \(website\/site\/http\) as cli:/),
    });
    expect((await vigie('incidents', 'list')).stdout).toContain('acknowledged by cli:');
    const json = JSON.parse((await vigie('incidents', 'list', '--all', '--json')).stdout);
    expect(json).toMatchObject([{ status: 'acknowledged', ackComment: 'nginx reloaded' }]);
  });

  it('adds, lists and ends maintenance windows, refusing bad input with a hint', async () => {
    const none = await vigie('maintenance', 'add', '--title', 'x', '--end', '2099-01-01T00:00:00Z');
    expect(none).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Give exactly one of --host, --object, --tag or --check'),
    });
    const badCron = await vigie(
      'maintenance',
      'add',
      '--title',
      'x',
      '--tag',
      'web',
      '--cron',
      'sundays',
      '--duration',
      '2h',
    );
    expect(badCron.code).toBe(1);
    expect(badCron.stderr).toContain('error: Invalid cron expression "sundays"');
    expect(badCron.stderr).toContain('hint: Write five fields');
    const added = await vigie(
      'maintenance',
      'add',
      '--title',
      'Weekly updates',
      '--tag',
      'web',
      '--cron',
      '0 2 * * 0',
      '--duration',
      '2h',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /web: Weekly updates — every "0 2 \* \* 0" \(Europe\/Paris\) for 2 h 00 min/,
    );
    const id = /window ([0-9a-f-]+)\./.exec(added.stdout)?.[1] ?? '';
    expect((await vigie('maintenance', 'list')).stdout).toContain('Weekly updates');
    expect((await vigie('maintenance', 'end', id.slice(0, 8))).code).toBe(0);
    expect((await vigie('maintenance', 'list')).stdout).toBe('No maintenance windows.');
    expect((await vigie('maintenance', 'list', '--all')).stdout).toContain('ENDED');
  });
});
