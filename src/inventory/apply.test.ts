import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  desired,
  editSpec,
  GiB,
  manualClock,
  smallRack,
  testDeps,
} from '../../test/support/inventory-fixtures.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import type { CoreDeps } from '../runtime/deps.js';
import { applyInventory } from './apply.js';
import { computePlan } from './plan.js';
import { selectObject, selectObjects } from './store.js';

describe(`applyInventory on ${TEST_DIALECT}`, () => {
  let testStore: TestStore | undefined;
  afterEach(async () => {
    await testStore?.cleanup();
    testStore = undefined;
  });

  async function setup(): Promise<{ deps: CoreDeps; clock: ReturnType<typeof manualClock> }> {
    testStore = await createTestStore();
    const clock = manualClock();
    return { deps: testDeps(testStore, clock), clock };
  }

  /** Everything an apply may write, to prove a failed one wrote nothing. */
  async function snapshot(deps: CoreDeps): Promise<unknown> {
    const db = deps.store.db;
    return {
      objects: await db.selectFrom('inventory_objects').selectAll().orderBy('kind').orderBy('key').execute(),
      revisions: await db.selectFrom('inventory_revisions').selectAll().orderBy('id').execute(),
      audit: await db.selectFrom('audit_events').selectAll().orderBy('seq').execute(),
    };
  }

  async function auditRows(deps: CoreDeps) {
    return deps.store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  }

  it('applies, records a revision and audit events, then finds nothing more to do', async () => {
    const { deps } = await setup();
    const result = await applyInventory(deps, { objects: smallRack(), actor: 'cli:tester' });
    expect(result).toMatchObject({ applied: true, revisionId: 1 });
    expect(result.plan.summary).toEqual({ add: 16, change: 0, remove: 0, unchanged: 0 });

    const stored = await selectObjects(deps.store.db);
    expect(stored).toHaveLength(16);
    expect(await selectObject(deps.store.db, 'vm', 'db03')).toMatchObject({
      spec: { memory: 16 * GiB, hypervisor: 'virtualwan03' },
      revisionId: 1,
      createdAt: '2026-11-28T10:00:00.000Z',
    });

    const revisions = await deps.store.db.selectFrom('inventory_revisions').selectAll().execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ actor: 'cli:tester', digest: result.plan.desiredDigest });
    expect(JSON.parse(revisions[0]?.summary ?? '')).toEqual({ add: 16, change: 0, remove: 0 });

    const audit = await auditRows(deps);
    expect(audit).toHaveLength(17);
    expect(
      audit.filter((e) => e.action === 'inventory.add').map((e) => `${e.target_kind}/${e.target_key}`),
    ).toContain('vm/db03');
    expect(audit.at(-1)).toMatchObject({
      action: 'inventory.apply',
      target_kind: 'inventory_revision',
      target_key: '1',
    });
    expect(audit.every((e) => e.actor === 'cli:tester')).toBe(true);

    const again = await applyInventory(deps, { objects: smallRack(), actor: 'cli:tester' });
    expect(again).toMatchObject({ applied: false, revisionId: null });
    expect(again.plan.summary).toEqual({ add: 0, change: 0, remove: 0, unchanged: 16 });
    expect(await auditRows(deps)).toHaveLength(17);
    expect(await deps.store.db.selectFrom('inventory_revisions').selectAll().execute()).toHaveLength(1);
  });

  it('changes only the edited VM and records its memory before and after', async () => {
    const { deps, clock } = await setup();
    await applyInventory(deps, { objects: smallRack(), actor: 'cli:tester' });
    clock.advance(60_000);
    const edited = editSpec(smallRack(), 'vm', 'db03', (spec) => ({ ...spec, memory: 32 * GiB }));
    const result = await applyInventory(deps, { objects: edited, actor: 'user:alice' });
    expect(result.plan.summary).toEqual({ add: 0, change: 1, remove: 0, unchanged: 15 });
    expect(result.revisionId).toBe(2);

    const db03 = await selectObject(deps.store.db, 'vm', 'db03');
    expect(db03).toMatchObject({
      spec: { memory: 32 * GiB },
      revisionId: 2,
      createdAt: '2026-11-28T10:00:00.000Z',
      updatedAt: '2026-11-28T10:01:00.000Z',
    });
    expect(await selectObject(deps.store.db, 'vm', 'host03')).toMatchObject({ revisionId: 1 });

    const change = (await auditRows(deps)).find((e) => e.action === 'inventory.change');
    expect(change).toMatchObject({ actor: 'user:alice', target_kind: 'vm', target_key: 'db03' });
    expect(JSON.parse(change?.before ?? '')).toMatchObject({ memory: 16 * GiB });
    expect(JSON.parse(change?.after ?? '')).toMatchObject({ memory: 32 * GiB });
    expect(JSON.parse(change?.meta ?? '')).toMatchObject({ revisionId: 2, fields: ['memory'] });
  });

  it('removes objects no longer declared', async () => {
    const { deps } = await setup();
    await applyInventory(deps, { objects: smallRack(), actor: 'cli:tester' });
    const fewer = smallRack().filter((o) => !(o.kind === 'website' && o.key === 'orientation'));
    const result = await applyInventory(deps, { objects: fewer, actor: 'cli:tester' });
    expect(result.plan.summary).toMatchObject({ remove: 1, add: 0, change: 0 });
    expect(await selectObject(deps.store.db, 'website', 'orientation')).toBeUndefined();
    const removal = (await auditRows(deps)).find((e) => e.action === 'inventory.remove');
    expect(removal).toMatchObject({ target_kind: 'website', target_key: 'orientation', after: null });
    expect(JSON.parse(removal?.before ?? '')).toMatchObject({ host: 'host04' });
  });

  it('refuses a plan whose digest no longer matches the store, writing nothing', async () => {
    const { deps } = await setup();
    const objects = smallRack();
    const shown = computePlan(objects, await selectObjects(deps.store.db));
    // Someone else applies part of the inventory between the plan and the apply.
    await applyInventory(deps, { objects: objects.slice(0, 3), actor: 'user:bob' });
    const before = await snapshot(deps);
    await expect(
      applyInventory(deps, { objects, actor: 'user:alice', expectedDigest: shown.digest }),
    ).rejects.toMatchObject({ code: 'CONFLICT', httpStatus: 409 });
    expect(await snapshot(deps)).toEqual(before);
    // With the digest of a fresh plan, the same files apply.
    const fresh = computePlan(objects, await selectObjects(deps.store.db));
    const result = await applyInventory(deps, { objects, actor: 'user:alice', expectedDigest: fresh.digest });
    expect(result.plan.summary).toMatchObject({ add: 13, unchanged: 3 });
  });

  it('rolls everything back when a write fails midway', async () => {
    const { deps } = await setup();
    await applyInventory(deps, { objects: smallRack(), actor: 'cli:tester' });
    await refuseInsertOfKey(deps, 'zz-boom');
    const before = await snapshot(deps);

    // Changes, a removal and additions are written first; the last object's insert fails.
    const next = [
      ...editSpec(smallRack(), 'vm', 'db03', (spec) => ({ ...spec, memory: 64 * GiB })).filter(
        (o) => o.key !== 'stats-db',
      ),
      desired('website', 'emploi', { name: 'Emploi', host: 'host04', domains: [] }),
      desired('person', 'zz-boom', { name: 'Zoé Boom', role: 'developer' }),
    ];
    expect(computePlan(next, await selectObjects(deps.store.db)).entries.at(-1)).toMatchObject({
      key: 'zz-boom',
    });
    await expect(applyInventory(deps, { objects: next, actor: 'cli:tester' })).rejects.toThrow(
      /test: refused/,
    );
    expect(await snapshot(deps)).toEqual(before);
  });

  it('rolls everything back when the final audit event fails', async () => {
    const { deps } = await setup();
    await refuseAuditAction(deps, 'inventory.apply');
    await expect(applyInventory(deps, { objects: smallRack(), actor: 'cli:tester' })).rejects.toThrow(
      /test: refused/,
    );
    expect(await snapshot(deps)).toEqual({ objects: [], revisions: [], audit: [] });
  });

  it('serialises concurrent applies of the same files: one writes, the other finds nothing to do', async () => {
    const { deps } = await setup();
    const results = await Promise.all([
      applyInventory(deps, { objects: smallRack(), actor: 'user:a' }),
      applyInventory(deps, { objects: smallRack(), actor: 'user:b' }),
    ]);
    expect(results.map((r) => r.applied).sort()).toEqual([false, true]);
    expect(await deps.store.db.selectFrom('inventory_revisions').selectAll().execute()).toHaveLength(1);
  });

  it('records where unchanged objects moved to when it applies other changes', async () => {
    const { deps } = await setup();
    await applyInventory(deps, { objects: smallRack(), actor: 'cli:tester' });
    const moved = editSpec(smallRack(), 'vm', 'db03', (spec) => ({ ...spec, vcpu: 8 })).map((o) =>
      o.key === 'host03' ? { ...o, source: 'vms.yaml:40:3' } : o,
    );
    await applyInventory(deps, { objects: moved, actor: 'cli:tester' });
    expect(await selectObject(deps.store.db, 'vm', 'host03')).toMatchObject({
      source: 'vms.yaml:40:3',
      revisionId: 1,
    });
  });
});

/** Makes the store itself refuse to insert an object with this key, as a real failure midway. */
async function refuseInsertOfKey(deps: CoreDeps, key: string): Promise<void> {
  const db = deps.store.db;
  if (deps.store.dialect === 'sqlite') {
    await sql`CREATE TRIGGER test_refuse BEFORE INSERT ON inventory_objects WHEN NEW.key = ${sql.lit(key)}
      BEGIN SELECT RAISE(ABORT, 'test: refused'); END`.execute(db);
  } else {
    await sql`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = ${sql.lit(key)} THEN RAISE EXCEPTION 'test: refused'; END IF; RETURN NEW; END $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER test_refuse BEFORE INSERT ON inventory_objects
      FOR EACH ROW EXECUTE FUNCTION test_refuse()`.execute(db);
  }
}

/** Makes the store refuse to append an audit event with this action. */
async function refuseAuditAction(deps: CoreDeps, action: string): Promise<void> {
  const db = deps.store.db;
  if (deps.store.dialect === 'sqlite') {
    await sql`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events WHEN NEW.action = ${sql.lit(action)}
      BEGIN SELECT RAISE(ABORT, 'test: refused'); END`.execute(db);
  } else {
    await sql`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = ${sql.lit(action)} THEN RAISE EXCEPTION 'test: refused'; END IF; RETURN NEW; END $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events
      FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`.execute(db);
  }
}
