import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRack, type SwitchableServer, startSwitchableServer } from '../../test/monitoring/local-rack.js';
import { type HttpSink, startHttpSink } from '../../test/support/http-sink.js';
import { desired, testDeps } from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import { systemClock } from '../time/clock.js';
import { listIncidents } from './incidents.js';
import { type Monitoring, startMonitoring } from './start-monitoring.js';

describe(`monitoring as vigie serve runs it, on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let server: SwitchableServer;
  let sink: HttpSink;
  let monitoring: Monitoring | undefined;

  beforeAll(async () => {
    testStore = await createTestStore();
    server = await startSwitchableServer();
    sink = await startHttpSink();
  });
  afterAll(async () => {
    await monitoring?.stop();
    await server?.stop();
    await sink?.close();
    await testStore?.cleanup();
  });

  const poll = async (what: string, condition: () => Promise<boolean> | boolean, ms = 15_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('takes a new inventory revision (checks and alerting) without restart, and alerts through the outbox', async () => {
    const deps = testDeps(testStore, systemClock);
    const rack = localRack(server.port);
    await applyInventory(deps, { objects: rack, actor: 'test' });
    monitoring = await startMonitoring(deps, {
      revisionPollMs: 200,
      deliveryPollMs: 100,
      flushIntervalMs: 200,
    });
    expect(monitoring.monitor.stats().checks).toBe(3);
    expect(monitoring.alerting().channels).toEqual([]);

    const alerting = desired('alerting', 'alerting', {
      channels: [{ id: 'hook', kind: 'webhook', url: sink.url('/hook') }],
      default_channels: ['hook'],
    });
    const site = rack.map((object) =>
      object.kind === 'website'
        ? {
            ...object,
            spec: {
              ...object.spec,
              checks: { ...(object.spec.checks as object), extra: { kind: 'tcp', port: server.port } },
            },
          }
        : object,
    );
    await applyInventory(deps, { objects: [...site, alerting], actor: 'test' });
    await poll('the new revision', () => monitoring?.monitor.stats().checks === 4);
    expect(monitoring.alerting().channels.map((channel) => channel.id)).toEqual(['hook']);

    server.fail(true);
    await poll('an alerted incident', async () =>
      (await listIncidents(deps)).some((incident) => incident.alerted),
    );
    await poll('the webhook call', () => sink.requests.length > 0);
    const body = JSON.parse(sink.requests[0]?.body ?? '{}') as {
      events: Array<{ kind: string; title: string }>;
    };
    expect(body.events[0]).toMatchObject({ kind: 'incident_opened', title: 'DOWN: Site http' });
    server.fail(false);
    await poll('the resolution sent', () =>
      sink.requests.some((request) => request.body.includes('incident_resolved')),
    );
  }, 60_000);
});
