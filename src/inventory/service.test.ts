import { afterEach, describe, expect, it } from 'vitest';
import {
  desired,
  editSpec,
  GiB,
  principal,
  smallRack,
  testDeps,
} from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import type { CoreDeps } from '../runtime/deps.js';
import { applyInventory } from './apply.js';
import {
  getInventoryObject,
  getInventoryObjects,
  getObject,
  getRevision,
  inventorySummary,
  listObjects,
  listRevisions,
  rackElevation,
} from './service.js';

describe(`inventory reads on ${TEST_DIALECT}`, () => {
  let testStore: TestStore | undefined;
  afterEach(async () => {
    await testStore?.cleanup();
    testStore = undefined;
  });

  /** A store holding the small rack, applied twice (the second time db03 gets more memory). */
  async function appliedRack(): Promise<CoreDeps> {
    testStore = await createTestStore();
    const deps = testDeps(testStore);
    await applyInventory(deps, { objects: smallRack(), actor: 'cli:tester' });
    const edited = editSpec(smallRack(), 'vm', 'db03', (spec) => ({ ...spec, memory: 32 * GiB }));
    await applyInventory(deps, { objects: edited, actor: 'user:alice' });
    return deps;
  }

  const viewer = principal('viewer');
  const developer = principal('customer_developer', 'dev-alice', 'alice');

  it('lists every object for a viewer, or those of one kind', async () => {
    const deps = await appliedRack();
    const all = await listObjects(deps, viewer);
    expect(all).toHaveLength(16);
    expect(all[0]).toMatchObject({ kind: 'site', key: 'marseille', name: 'Marseille' });
    const vms = await listObjects(deps, viewer, { kind: 'vm' });
    expect(vms.map((o) => o.key)).toEqual(['db03', 'host03', 'host04']);
    expect(vms[0]).toMatchObject({ name: 'DB03', revisionId: 2, spec: { memory: 32 * GiB } });
  });

  it('shows an object with its relations both ways and its audit history', async () => {
    const deps = await appliedRack();
    const detail = await getObject(deps, viewer, 'vm', 'db03');
    expect(detail.object).toMatchObject({ kind: 'vm', key: 'db03', name: 'DB03' });
    expect(detail.outgoing).toContainEqual({
      relation: 'hypervisor',
      kind: 'device',
      key: 'virtualwan03',
      name: 'VirtualWAN03',
      exists: true,
    });
    expect(detail.incoming).toContainEqual(
      expect.objectContaining({ kind: 'service', key: 'db03-postgresql', relation: 'host', exists: true }),
    );
    expect(detail.history.map((e) => [e.action, e.actor])).toEqual([
      ['inventory.change', 'user:alice'],
      ['inventory.add', 'cli:tester'],
    ]);
    expect(detail.history[0]).toMatchObject({ before: { memory: 16 * GiB }, after: { memory: 32 * GiB } });

    const hypervisor = await getObject(deps, viewer, 'device', 'virtualwan03');
    expect(hypervisor.incoming.map((r) => `${r.relation} ${r.kind}/${r.key}`)).toEqual([
      'hypervisor vm/db03',
      'hypervisor vm/host03',
    ]);
  });

  it('answers NOT_FOUND for an object that does not exist', async () => {
    const deps = await appliedRack();
    await expect(getObject(deps, viewer, 'vm', 'db99')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      httpStatus: 404,
    });
  });

  it('summarises counts per kind and the last revision', async () => {
    const deps = await appliedRack();
    const summary = await inventorySummary(deps, viewer);
    expect(summary.counts).toMatchObject({
      vm: 3,
      device: 3,
      website: 2,
      database: 2,
      person: 1,
      customer: 0,
    });
    expect(summary.total).toBe(16);
    expect(summary.lastRevision).toMatchObject({
      id: 2,
      actor: 'user:alice',
      summary: { add: 0, change: 1, remove: 0 },
    });
    expect(summary.lastRevision?.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('lists revisions newest first and shows what one applied', async () => {
    const deps = await appliedRack();
    const revisions = await listRevisions(deps, viewer);
    expect(revisions.map((r) => [r.id, r.actor])).toEqual([
      [2, 'user:alice'],
      [1, 'cli:tester'],
    ]);
    expect(await listRevisions(deps, viewer, { limit: 1, beforeId: 2 })).toHaveLength(1);
    const second = await getRevision(deps, viewer, 2);
    expect(second.entries).toHaveLength(1);
    expect(second.entries[0]).toMatchObject({ action: 'change', kind: 'vm', key: 'db03' });
    await expect(getRevision(deps, viewer, 9)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('draws a rack unit by unit from the top', async () => {
    const deps = await appliedRack();
    const elevation = await rackElevation(deps, viewer, 'baie-1');
    expect(elevation.rack).toMatchObject({ key: 'baie-1', name: 'Baie 1', height: 42, site: 'marseille' });
    expect(elevation.devices.map((d) => [d.key, d.position, d.top])).toEqual([
      ['ecwan', 42, 42],
      ['virtualwan03', 38, 39],
      ['virtualwan04', 35, 36],
    ]);
    expect(elevation.units).toHaveLength(42);
    expect(elevation.units.slice(0, 6)).toEqual([
      { unit: 42, device: 'ecwan' },
      { unit: 41, device: null },
      { unit: 40, device: null },
      { unit: 39, device: 'virtualwan03' },
      { unit: 38, device: 'virtualwan03' },
      { unit: 37, device: null },
    ]);
    expect(elevation.units.at(-1)).toEqual({ unit: 1, device: null });
    expect(elevation.freeUnits).toBe(37);
    await expect(rackElevation(deps, viewer, 'baie-9')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("shows a customer developer only their person's websites and databases, and 404 for the rest", async () => {
    const deps = await appliedRack();
    const visible = await listObjects(deps, developer);
    expect(visible.map((o) => `${o.kind}/${o.key}`)).toEqual(['website/offre', 'database/offre-db']);
    expect(await listObjects(deps, developer, { kind: 'vm' })).toEqual([]);

    const website = await getObject(deps, developer, 'website', 'offre');
    // Relations to objects they cannot see are left out rather than named.
    expect(website.outgoing.map((r) => `${r.kind}/${r.key}`)).toEqual(['database/offre-db']);
    const database = await getObject(deps, developer, 'database', 'offre-db');
    expect(database.incoming.map((r) => `${r.kind}/${r.key}`)).toEqual(['website/offre']);

    for (const [kind, key] of [
      ['website', 'orientation'],
      ['database', 'stats-db'],
      ['vm', 'db03'],
      ['person', 'dev-alice'],
      ['website', 'does-not-exist'],
    ] as const) {
      await expect(getObject(deps, developer, kind, key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(rackElevation(deps, developer, 'baie-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const summary = await inventorySummary(deps, developer);
    expect(summary).toMatchObject({
      total: 2,
      lastRevision: null,
      counts: { website: 1, database: 1, vm: 0 },
    });
    expect(await listRevisions(deps, developer)).toEqual([]);
    await expect(getRevision(deps, developer, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("keeps the provider's alerting channels from the customer's accounts", async () => {
    testStore = await createTestStore();
    const deps = testDeps(testStore);
    const alerting = desired('alerting', 'alerting', {
      channels: [{ id: 'chat', kind: 'slack', url: 'https://hooks.example.test/services/T0/B0/secret' }],
    });
    await applyInventory(deps, { objects: [...smallRack(), alerting], actor: 'cli:tester' });
    const kinds = async (role: Parameters<typeof principal>[0]) =>
      (await listObjects(deps, principal(role))).map((object) => object.kind);
    expect(await kinds('provider_engineer')).toContain('alerting');
    expect(await kinds('provider_admin')).toContain('alerting');
    expect(await kinds('customer_manager')).not.toContain('alerting');
    expect(await kinds('viewer')).not.toContain('alerting');
    await expect(
      getObject(deps, principal('customer_manager'), 'alerting', 'alerting'),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('shows nothing to a developer account not linked to a person', async () => {
    const deps = await appliedRack();
    expect(await listObjects(deps, principal('customer_developer', null, 'bob'))).toEqual([]);
    expect(await listObjects(deps, principal('customer_developer', 'nobody', 'carol'))).toEqual([]);
  });

  it('gives other domains typed objects of one kind, unscoped', async () => {
    const deps = await appliedRack();
    const vms = await getInventoryObjects<{ memory: number; hypervisor: string }>(deps, 'vm');
    expect(vms.map((vm) => [vm.key, vm.spec.hypervisor])).toEqual([
      ['db03', 'virtualwan03'],
      ['host03', 'virtualwan03'],
      ['host04', 'virtualwan04'],
    ]);
    expect((await getInventoryObject<{ memory: number }>(deps, 'vm', 'db03'))?.spec.memory).toBe(32 * GiB);
    expect(await getInventoryObject(deps, 'vm', 'nope')).toBeUndefined();
  });
});
