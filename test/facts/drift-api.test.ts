/**
 * Drift through its public doors, on the dialect under test: the API (`GET /drift`, `GET /hosts/:host/drift`)
 * and `vigie drift`, over the example inventory applied to a real store and facts saved the way
 * `vigie facts` saves them. Findings follow the inventory as soon as it changes: nothing is cached.
 */
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import type { Role } from '../../src/auth/roles.js';
import { addUser } from '../../src/auth/users.js';
import { main } from '../../src/cli/main.js';
import { EXIT_DRIFT_FOUND } from '../../src/facts/drift/commands.js';
import type { HostDrift } from '../../src/facts/drift/drift-report.js';
import { recordAttempt, saveFacts } from '../../src/facts/store.js';
import { createWebApp } from '../../src/http/app.js';
import type { VigieFastify } from '../../src/http/types.js';
import { applyInventory } from '../../src/inventory/apply.js';
import type { DesiredObject } from '../../src/inventory/model.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { captureIo } from '../support/cli-io.js';
import { manualClock, testDeps } from '../support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';
import { db03Facts, driftInventoryOf, exampleObjects, host03Facts } from './drift-fixtures.js';

describe(`drift API and command on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let deps: CoreDeps;
  let app: VigieFastify;
  let objects: readonly DesiredObject[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    testStore = await createTestStore();
    deps = testDeps(testStore, manualClock('2026-11-28T10:00:00.000Z'));
    objects = await exampleObjects();
    await applyInventory(deps, { objects, actor: 'cli:test' });
    const inventory = driftInventoryOf(objects);
    const host03 = host03Facts(inventory);
    await saveFacts(deps, {
      ...host03,
      listening: [
        ...host03.listening,
        { protocol: 'tcp', address: '0.0.0.0', port: 8081, process: 'python3', pid: 4242 },
      ],
    });
    await saveFacts(deps, db03Facts(inventory));
    await recordAttempt(deps, {
      host: 'host04',
      attemptedAt: '2026-11-28T09:30:00.000Z',
      actor: 'job:facts',
      ok: false,
      durationMs: 5012,
      error: { code: 'REMOTE_FAILED', message: 'host04 did not answer on 198.18.1.14:22', hint: undefined },
    });
    app = await createWebApp(deps, { uiDir: path.join(testStore.dataDir, 'no-ui') });
    const accounts: Array<[string, Role, string | null]> = [
      ['viewer', 'viewer', null],
      ['thomas', 'customer_developer', 'thomas-giraud'],
    ];
    for (const [username, role, personKey] of accounts) {
      const user = await addUser(deps, {
        username,
        role,
        personKey,
        password: 'a long test passphrase 42',
        actor: 'cli:test',
      });
      const { secret } = await createApiToken(deps, { userId: user.id, name: 'test', actor: 'cli:test' });
      tokens.set(username, secret);
    }
  });

  afterAll(async () => {
    await app?.close();
    await testStore?.cleanup();
  });

  function get(as: string | null, url: string) {
    const headers: Record<string, string> = as === null ? {} : { authorization: `Bearer ${tokens.get(as)}` };
    const options: InjectOptions = { method: 'GET', url: `/api/v1${url}`, headers };
    return app.inject(options);
  }

  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, testStore.env);
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };

  it('lists every host with its findings, facts age and counts', async () => {
    const response = await get('viewer', '/drift');
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.counts).toEqual({ critical: 0, warning: 1, info: 0, total: 1 });
    const byHost = new Map<string, HostDrift>(report.hosts.map((h: HostDrift) => [h.host, h]));
    // Every VM, and the firewall and hypervisors; not the switch, PDUs or patch panel.
    expect([...byHost.keys()]).toEqual(['db03', 'host03', 'host04', 'ecwan', 'virtualwan03', 'virtualwan04']);
    expect(report.hostsWithoutFacts).toBe(4);
    expect(byHost.get('db03')).toMatchObject({
      gatheredAt: '2026-11-28T09:00:00.000Z',
      factsAgeSeconds: 3600,
      findings: [],
      counts: { total: 0 },
    });
    const host03 = byHost.get('host03');
    expect(host03?.findings).toEqual([
      expect.objectContaining({
        kind: 'undeclared_port',
        severity: 'warning',
        object: { kind: 'vm', key: 'host03' },
        details: expect.objectContaining({ port: 8081, processes: ['python3'] }),
      }),
    ]);
    expect(host03?.findings[0]?.action).toContain('stop python3 (pid 4242) listening on 0.0.0.0:8081');
    expect(byHost.get('host04')).toMatchObject({
      name: 'Host04',
      gatheredAt: null,
      factsAgeSeconds: null,
      lastAttempt: { ok: false, error: { code: 'REMOTE_FAILED', hint: null } },
    });
  });

  it("gives one host's drift, and a located 404 for an id that is not a host", async () => {
    const host03 = await get('viewer', '/hosts/host03/drift');
    expect(host03.statusCode).toBe(200);
    expect(host03.json()).toMatchObject({ host: 'host03', hostKind: 'vm', counts: { warning: 1 } });
    const switchDrift = await get('viewer', '/hosts/sw-core/drift');
    expect(switchDrift.json()).toMatchObject({ host: 'sw-core', hostKind: 'device', gatheredAt: null });
    const missing = await get('viewer', '/hosts/host99/drift');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'There is no VM or device "host99" in the inventory.',
      hint: expect.stringContaining('inventory ids'),
    });
  });

  it('is refused to callers without hosts:read', async () => {
    expect((await get(null, '/drift')).statusCode).toBe(401);
    expect((await get('thomas', '/drift')).statusCode).toBe(403);
    expect((await get('thomas', '/hosts/host03/drift')).statusCode).toBe(403);
  });

  it('exits 2 with findings, 0 without, and 1 for an unknown host', async () => {
    const all = await vigie('drift');
    expect(all.code).toBe(EXIT_DRIFT_FOUND);
    expect(all.stdout).toContain('host03 (Host03): 0 critical, 1 warning, 0 info (facts of 28/11/2026');
    expect(all.stdout).toContain(
      'WARNING  undeclared_port: 8081/tcp is listening on 0.0.0.0:8081 (python3 (pid 4242))',
    );
    expect(all.stdout).toContain(
      'host04 (Host04): facts never gathered, drift unknown; run `vigie facts host04`.',
    );
    expect(all.stdout).toContain('last gathering FAILED at 28/11/2026 10:30:00: host04 did not answer');
    expect(all.stdout).toContain('Drift: 0 critical, 1 warning, 0 info on 6 hosts, 4 never gathered.');

    const db03 = await vigie('drift', 'db03');
    expect(db03.code).toBe(0);
    expect(db03.stdout).toMatch(/^db03 \(DB03\): no drift found \(facts of 28\/11\/2026 10:00:00, /);

    const critical = await vigie('drift', '--severity', 'critical', '--json');
    expect(critical.code).toBe(0);
    expect(JSON.parse(critical.stdout).counts).toEqual({ critical: 0, warning: 0, info: 0, total: 0 });

    const unknown = await vigie('drift', 'host03', 'nope', 'pdu-z');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error: These are not VMs or devices of the inventory: nope, pdu-z.');
    expect(unknown.stderr).toContain('hint: ');

    const badSeverity = await vigie('drift', '--severity', 'high');
    expect(badSeverity.code).toBe(2);
    expect(badSeverity.stderr).toContain('expected one of info, warning, critical');
  });

  it('follows the inventory at once: declaring the port ends the finding', async () => {
    const declared = objects.map((object) =>
      object.kind === 'service' && object.key === 'host03-nginx'
        ? {
            ...object,
            spec: {
              ...object.spec,
              ports: [...(object.spec.ports as object[]), { port: 8081, protocol: 'tcp' }],
            },
          }
        : object,
    );
    await applyInventory(deps, { objects: declared, actor: 'cli:test' });
    const host03 = (await get('viewer', '/hosts/host03/drift')).json();
    expect(host03.findings).toEqual([]);
    expect((await vigie('drift', 'host03')).code).toBe(0);
  });
});
