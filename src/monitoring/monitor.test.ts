import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkDef, type RecordingSink, recordingSink } from '../../test/monitoring/check-builders.js';
import { localRack, type SwitchableServer, startSwitchableServer } from '../../test/monitoring/local-rack.js';
import { testDeps } from '../../test/support/inventory-fixtures.js';
import {
  eventually,
  generateTestCertificates,
  startDnsTarget,
  startHttpsTarget,
  startHttpTarget,
  startTcpTarget,
  type Target,
  type TestCertificates,
  unusedPort,
} from '../../test/support/probe-targets.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import { listJournalEntries } from '../journal/list-entries.js';
import { systemClock } from '../time/clock.js';
import { listChecks } from './check-views.js';
import { listIncidents } from './incidents.js';
import { type Monitor, startMonitor } from './monitor.js';
import { monitorDepsFrom } from './monitor-deps.js';

describe(`the monitor against real local targets on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let alerts: RecordingSink;
  let monitor: Monitor | undefined;
  beforeEach(async () => {
    testStore = await createTestStore();
    alerts = recordingSink();
  });
  afterEach(async () => {
    await monitor?.stop();
    monitor = undefined;
    await testStore.cleanup();
  });
  const deps = () => monitorDepsFrom(testDeps(testStore, systemClock), alerts);
  const poll = async (what: string, condition: () => Promise<boolean>, ms = 15_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  describe('a website from the inventory', () => {
    let server: SwitchableServer;
    beforeAll(async () => {
      server = await startSwitchableServer();
    });
    afterAll(async () => {
      await server.stop();
    });

    it('opens an incident when it fails, resolves it when it is back, with its journal entry and history', async () => {
      await applyInventory(testDeps(testStore), { objects: localRack(server.port), actor: 'test' });
      monitor = await startMonitor(deps(), { flushIntervalMs: 200 });
      expect(monitor.problems()).toEqual([]);
      const state = async (id: string) => (await listChecks(deps())).checks.find((check) => check.id === id);
      await poll('all checks up', async () =>
        (await listChecks(deps())).checks.every((check) => check.state === 'up'),
      );
      expect((await state('website/site/http'))?.parents).toEqual(['vm/web1/ping']);
      expect((await state('vm/web1/ping'))?.parents).toEqual(['device/fw/ping']);

      server.fail(true);
      // Alerted once the parent (the host's ping) has answered since the failure began.
      await poll('an open, alerted incident', async () =>
        (await listIncidents(deps())).some((incident) => incident.alerted),
      );
      expect(await listIncidents(deps())).toHaveLength(1);
      const [incident] = await listIncidents(deps());
      expect(incident).toMatchObject({
        checkId: 'website/site/http',
        host: 'web1',
        tags: ['web'],
        alerted: true,
        message: expect.stringMatching(/^HTTP 503 from http:\/\/127\.0\.0\.1:\d+\/ok \(expected 2xx\)$/),
      });
      expect(alerts.summary()).toEqual(['incident_opened DOWN: Site http']);

      server.fail(false);
      await poll('the incident resolved', async () => (await listIncidents(deps())).length === 0);
      await monitor.flush();
      const entries = await listJournalEntries(testStore.store.db, { category: 'incident' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        hosts: ['web1'],
        summary: expect.stringMatching(/^DOWN for \d+ s: Site http/),
      });
      expect(alerts.events.map((event) => event.kind)).toEqual(['incident_opened', 'incident_resolved']);
      const rollups = await testStore.store.db
        .selectFrom('check_rollups')
        .selectAll()
        .where('check_id', '=', 'website/site/http')
        .where('resolution', '=', 'hour')
        .execute();
      expect(rollups.reduce((sum, row) => sum + Number(row.down_count), 0)).toBeGreaterThanOrEqual(1);
      expect(rollups.reduce((sum, row) => sum + Number(row.up_count), 0)).toBeGreaterThanOrEqual(2);
      const stats = monitor.stats();
      expect(stats.checks).toBe(3);
      expect(stats.flushFailures).toBe(0);
      // Loose: the test host's 2 cores are shared with other test files; the benchmark measures the real figure.
      expect(stats.lateness.p50Ms).toBeLessThan(100);
    });
  });

  describe('targets that misbehave', () => {
    let http: Target;
    let garbage: Target;
    let certs: TestCertificates;
    let https: Target;
    let reset: net.Server;
    let resetPort: number;
    beforeAll(async () => {
      http = await startHttpTarget();
      garbage = await startTcpTarget('this is not HTTP at all\r\n\r\n');
      certs = await generateTestCertificates();
      https = await startHttpsTarget(certs.selfSigned);
      reset = net.createServer((socket) => socket.resetAndDestroy());
      await new Promise<void>((resolve) => reset.listen(0, '127.0.0.1', resolve));
      resetPort = (reset.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      await http.close();
      await garbage.close();
      await https.close();
      certs.cleanup();
      await new Promise((resolve) => reset.close(resolve));
    });

    it('says DOWN with a clear reason for each, and keeps running the others', async () => {
      const dns = await startDnsTarget({}, { silent: true });
      const refused = await unusedPort();
      const policy = { intervalMs: 300 };
      const httpCheck = (key: string, url: string, timeout = '5s') =>
        checkDef(`website/${key}/http`, { kind: 'http', options: { url, timeout }, policy });
      const checks = [
        httpCheck('fine', `http://127.0.0.1:${http.port}/ok`),
        httpCheck('hangs', `http://127.0.0.1:${http.port}/hang`, '500ms'),
        httpCheck('resets', `http://127.0.0.1:${resetPort}/`),
        httpCheck('garbage', `http://127.0.0.1:${garbage.port}/`),
        httpCheck('refused', `http://127.0.0.1:${refused}/`),
        httpCheck('self-signed', `https://localhost:${https.port}/ok`),
        checkDef('website/no-dns/dns', {
          kind: 'dns',
          options: { name: 'www.example.test', server: dns.server, timeout: '1s' },
          policy,
        }),
      ];
      try {
        monitor = await startMonitor(deps(), {
          source: async () => ({ checks, problems: [] }),
          flushIntervalMs: 200,
        });
        const core = monitor.core;
        const settled = () => checks.every((check) => core.get(check.id)?.state.state !== 'unknown');
        expect(await eventually(settled, 15_000)).toBe(true);
        const seen = Object.fromEntries(
          checks.map((check) => [
            check.object.split('/')[1],
            `${core.get(check.id)?.state.state}: ${core.get(check.id)?.state.lastMessage}`,
          ]),
        );
        expect(seen).toMatchObject({
          fine: expect.stringMatching(/^up: HTTP 200/),
          hangs: expect.stringMatching(
            /^down: No answer from http:\/\/127\.0\.0\.1:\d+\/hang within 500 ms$/,
          ),
          resets: expect.stringMatching(/^down: .*(reset|closed|socket)/i),
          garbage: expect.stringMatching(/^down: .*(parse|invalid|expected HTTP|not an HTTP response)/i),
          refused: expect.stringMatching(/^down: .*connection refused/),
          'self-signed': expect.stringMatching(/^down: .*self[- ]signed/i),
          'no-dns': expect.stringMatching(
            /^down: No answer from DNS A www\.example\.test at 127\.0\.0\.1:\d+ within 1 s$/,
          ),
        });
        const runsBefore = monitor.stats().runs;
        await new Promise((resolve) => setTimeout(resolve, 700));
        expect(monitor.stats().runs).toBeGreaterThan(runsBefore);
        expect(core.get('website/fine/http')?.state.state).toBe('up');
      } finally {
        await dns.close();
      }
    });
  });
});
