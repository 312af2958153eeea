import fs from 'node:fs';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDeps } from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { createApiToken } from '../auth/api-tokens.js';
import type { Role } from '../auth/roles.js';
import { addUser } from '../auth/users.js';
import { createWebApp } from '../http/app.js';
import type { VigieFastify } from '../http/types.js';
import type { InventorySource } from './model.js';

const EXAMPLE_DIR = path.resolve(import.meta.dirname, '../../examples/gip-paca');

/** The example inventory as the API receives it: paths relative to its root. */
function exampleFiles(): InventorySource[] {
  return fs
    .readdirSync(EXAMPLE_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ path: name, content: fs.readFileSync(path.join(EXAMPLE_DIR, name), 'utf8') }));
}

/** The example with one file edited. */
function withEdit(
  files: InventorySource[],
  file: string,
  edit: (content: string) => string,
): InventorySource[] {
  return files.map((f) => (f.path === file ? { ...f, content: edit(f.content) } : f));
}

describe(`inventory API on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let app: VigieFastify;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    testStore = await createTestStore();
    const deps = testDeps(testStore);
    app = await createWebApp(deps, { uiDir: path.join(testStore.dataDir, 'no-ui') });
    const accounts: Array<[string, Role, string | null]> = [
      ['admin', 'provider_admin', null],
      ['engineer', 'provider_engineer', null],
      ['manager', 'customer_manager', 'sophie-arnaud'],
      ['thomas', 'customer_developer', 'thomas-giraud'],
      ['viewer', 'viewer', null],
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

  function call(as: string | null, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
    const headers: Record<string, string> = as === null ? {} : { authorization: `Bearer ${tokens.get(as)}` };
    const options: InjectOptions = { method, url: `/api/v1${url}`, headers };
    if (payload !== undefined) options.payload = payload;
    return app.inject(options);
  }

  it('plans, applies, then plans no change; a stale digest is refused', async () => {
    const files = exampleFiles();
    const planned = await call('engineer', 'POST', '/inventory/plan', { files });
    expect(planned.statusCode).toBe(200);
    const { plan } = planned.json();
    expect(plan.summary.add).toBeGreaterThan(30);
    expect(plan.summary).toMatchObject({ change: 0, remove: 0, unchanged: 0 });

    const applied = await call('engineer', 'POST', '/inventory/apply', { files, digest: plan.digest });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, revisionId: 1 });

    const again = await call('engineer', 'POST', '/inventory/plan', { files });
    expect(again.json().plan.entries).toEqual([]);

    const stale = await call('engineer', 'POST', '/inventory/apply', { files, digest: plan.digest });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'CONFLICT' });

    const revisions = await call('viewer', 'GET', '/inventory/revisions');
    expect(revisions.json().revisions).toEqual([expect.objectContaining({ id: 1, actor: 'user:engineer' })]);
  });

  it("shows exactly one change when a VM's memory is edited, and applies it", async () => {
    const files = withEdit(exampleFiles(), 'vms.yaml', (text) =>
      text.replace('memory: 32GiB', 'memory: 48GiB'),
    );
    const { plan } = (await call('admin', 'POST', '/inventory/plan', { files })).json();
    expect(plan.entries).toEqual([
      expect.objectContaining({
        action: 'change',
        kind: 'vm',
        key: 'db03',
        changes: [{ path: 'memory', op: 'change', before: 32 * 1024 ** 3, after: 48 * 1024 ** 3 }],
      }),
    ]);
    const applied = await call('admin', 'POST', '/inventory/apply', { files, digest: plan.digest });
    expect(applied.json()).toMatchObject({ applied: true, revisionId: 2, plan: { summary: { change: 1 } } });

    const detail = (await call('viewer', 'GET', '/inventory/objects/vm/db03')).json();
    expect(detail.object.spec.memory).toBe(48 * 1024 ** 3);
    expect(detail.outgoing).toContainEqual(
      expect.objectContaining({ relation: 'hypervisor', key: 'virtualwan03' }),
    );
    expect(detail.incoming.length).toBeGreaterThan(0);
    expect(detail.history.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`)).toEqual([
      'inventory.change user:admin',
      'inventory.add user:engineer',
    ]);
  });

  it('validates files and reports located problems; plan answers 422 with them', async () => {
    const files = withEdit(exampleFiles(), 'vms.yaml', (text) =>
      text
        .replace('memory: 32GiB', 'memory: 32 GB')
        .replace('hypervisor: virtualwan03', 'hypervisor: virtualwan09'),
    );
    const validated = await call('engineer', 'POST', '/inventory/validate', { files });
    expect(validated.statusCode).toBe(200);
    const result = validated.json();
    expect(result.ok).toBe(false);
    expect(result.errors.length).toBeGreaterThanOrEqual(2);
    expect(result.errors[0]).toMatchObject({ severity: 'error', file: 'vms.yaml', line: expect.any(Number) });

    const good = await call('engineer', 'POST', '/inventory/validate', { files: exampleFiles() });
    expect(good.json()).toMatchObject({ ok: true, errors: [] });
    expect(good.json().objectCount).toBeGreaterThan(30);

    const planned = await call('engineer', 'POST', '/inventory/plan', { files });
    expect(planned.statusCode).toBe(422);
    expect(planned.json().error.code).toBe('INVENTORY_INVALID');
    expect(planned.json().error.details.errors.length).toBe(result.errors.length);
  });

  it('reads the summary, objects of a kind, and the rack elevation', async () => {
    const summary = (await call('viewer', 'GET', '/inventory/summary')).json();
    expect(summary.counts).toMatchObject({ vm: 3, website: 6, database: 6 });
    expect(summary.lastRevision).toMatchObject({ id: 2, actor: 'user:admin' });

    const vms = (await call('viewer', 'GET', '/inventory/objects?kind=vm')).json();
    expect(vms.objects.map((o: { key: string }) => o.key)).toEqual(['db03', 'host03', 'host04']);

    const elevation = await call('viewer', 'GET', '/inventory/racks/baie-b12/elevation');
    expect(elevation.statusCode).toBe(200);
    expect(elevation.json().rack.height).toBe(42);
    expect(elevation.json().units[0]).toEqual({ unit: 42, device: 'patch-b12' });
    expect(elevation.json().devices.map((d: { key: string }) => d.key)).toContain('virtualwan03');

    const revision = (await call('viewer', 'GET', '/inventory/revisions/2')).json();
    expect(revision.entries).toHaveLength(1);
  });

  it('scopes a developer to their websites and databases, answering 404 for the rest', async () => {
    const objects = (await call('thomas', 'GET', '/inventory/objects')).json().objects;
    expect(objects.map((o: { kind: string; key: string }) => `${o.kind}/${o.key}`).sort()).toEqual([
      'database/observatoire',
      'database/offre-formation',
      'database/opendata',
      'website/api-open-data',
      'website/observatoire',
      'website/offre-formation',
    ]);
    expect((await call('thomas', 'GET', '/inventory/objects/website/offre-formation')).statusCode).toBe(200);
    const hidden = await call('thomas', 'GET', '/inventory/objects/website/intranet');
    const absent = await call('thomas', 'GET', '/inventory/objects/website/no-such-site');
    expect(hidden.statusCode).toBe(404);
    expect(absent.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe(absent.json().error.code);
    expect((await call('thomas', 'GET', '/inventory/objects/vm/db03')).statusCode).toBe(404);
    expect((await call('thomas', 'GET', '/inventory/racks/baie-b12/elevation')).statusCode).toBe(404);
    expect((await call('thomas', 'GET', '/inventory/summary')).json()).toMatchObject({
      total: 6,
      lastRevision: null,
    });
    expect((await call('thomas', 'GET', '/inventory/revisions')).json()).toEqual({ revisions: [] });
  });

  it('requires the permission of each route', async () => {
    const files = exampleFiles();
    expect((await call(null, 'GET', '/inventory/summary')).statusCode).toBe(401);
    expect((await call('thomas', 'POST', '/inventory/plan', { files })).statusCode).toBe(403);
    expect((await call('manager', 'POST', '/inventory/validate', { files })).statusCode).toBe(403);
    expect(
      (await call('viewer', 'POST', '/inventory/apply', { files, digest: '0'.repeat(64) })).statusCode,
    ).toBe(403);
    expect((await call('manager', 'GET', '/inventory/objects?kind=vm')).statusCode).toBe(200);
  });

  it('refuses malformed requests with 400 and a JSON error', async () => {
    const unknownKind = await call('viewer', 'GET', '/inventory/objects?kind=toaster');
    expect(unknownKind.statusCode).toBe(400);
    expect(unknownKind.json().error.code).toBe('BAD_INPUT');
    expect(
      (await call('engineer', 'POST', '/inventory/apply', { files: exampleFiles(), digest: 'abc' }))
        .statusCode,
    ).toBe(400);
    expect((await call('engineer', 'POST', '/inventory/plan', { files: [] })).statusCode).toBe(400);
    expect((await call('viewer', 'GET', '/inventory/revisions?limit=0')).statusCode).toBe(400);
  });
});
