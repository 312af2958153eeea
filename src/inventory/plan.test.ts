import { describe, expect, it } from 'vitest';
import { desired, editSpec, GiB, smallRack } from '../../test/support/inventory-fixtures.js';
import type { DesiredObject } from './model.js';
import { computePlan, formatPlan } from './plan.js';
import { diffSpecs } from './plan-diff.js';
import { humanDuration, humanSize } from './plan-format.js';
import type { StoredObject } from './store.js';

/** What the store would hold after applying `objects`. */
function stored(objects: readonly DesiredObject[]): StoredObject[] {
  return objects.map((o) => ({ ...o, revisionId: 1, createdAt: 'then', updatedAt: 'then' }));
}

describe('computePlan', () => {
  it('adds everything to an empty store, sorted by kind order then key', () => {
    const plan = computePlan(smallRack(), []);
    expect(plan.summary).toEqual({ add: 16, change: 0, remove: 0, unchanged: 0 });
    expect(plan.entries.map((e) => `${e.kind}/${e.key}`)).toEqual([
      'site/marseille',
      'rack/baie-1',
      'device/ecwan',
      'device/virtualwan03',
      'device/virtualwan04',
      'vm/db03',
      'vm/host03',
      'vm/host04',
      'service/db03-postgresql',
      'service/host03-nginx',
      'service/host04-nginx',
      'website/offre',
      'website/orientation',
      'database/offre-db',
      'database/stats-db',
      'person/dev-alice',
    ]);
    expect(plan.entries.every((e) => e.action === 'add' && e.before === null && e.changes.length === 0)).toBe(
      true,
    );
  });

  it('finds nothing to do when the store matches, whatever the key order and the sources', () => {
    const objects = smallRack();
    const reordered = objects.map((o) => ({
      ...o,
      source: 'moved.yaml:99:1',
      spec: Object.fromEntries(Object.entries(o.spec).reverse()),
    }));
    const plan = computePlan(reordered, stored(objects));
    expect(plan.entries).toEqual([]);
    expect(plan.summary).toEqual({ add: 0, change: 0, remove: 0, unchanged: 16 });
    expect(formatPlan(plan, { color: false })).toBe('No changes. The store matches the inventory files.\n');
  });

  it("shows exactly one field change when a VM's memory is edited", () => {
    const before = smallRack();
    const after = editSpec(before, 'vm', 'db03', (spec) => ({ ...spec, memory: 32 * GiB }));
    const plan = computePlan(after, stored(before));
    expect(plan.summary).toEqual({ add: 0, change: 1, remove: 0, unchanged: 15 });
    expect(plan.entries).toHaveLength(1);
    expect(plan.entries[0]).toMatchObject({ action: 'change', kind: 'vm', key: 'db03' });
    expect(plan.entries[0]?.changes).toEqual([
      { path: 'memory', op: 'change', before: 16 * GiB, after: 32 * GiB },
    ]);
    const text = formatPlan(plan, { color: false });
    expect(text).toContain('~ vm db03');
    expect(text).toContain('~ memory: 16GiB → 32GiB');
    expect(text).toContain('Plan: 0 to add, 1 to change, 0 to remove.');
  });

  it('lists removals and additions together', () => {
    const before = smallRack();
    const after = [
      ...before.filter((o) => o.key !== 'orientation'),
      desired('website', 'emploi', {
        name: 'Emploi',
        host: 'host04',
        service: 'host04-nginx',
        domains: ['emploi.example.test'],
      }),
    ];
    const plan = computePlan(after, stored(before));
    expect(plan.entries.map((e) => `${e.action} ${e.kind}/${e.key}`)).toEqual([
      'add website/emploi',
      'remove website/orientation',
    ]);
    expect(plan.entries[1]?.before).toEqual(before.find((o) => o.key === 'orientation')?.spec);
    const text = formatPlan(plan, { color: false });
    expect(text).toContain('+ website emploi');
    expect(text).toContain('- website orientation  (was websites.yaml:1:3)');
    expect(text).toContain('Plan: 1 to add, 0 to change, 1 to remove.');
  });

  it('colours the plan only when asked', () => {
    const plan = computePlan(smallRack(), []);
    expect(formatPlan(plan, { color: true })).toContain('\u001b[32m+ site marseille\u001b[0m');
    expect(formatPlan(plan, { color: false })).not.toContain('\u001b[');
  });

  it('has a digest that depends on the desired set and on the store, not on sources', () => {
    const objects = smallRack();
    const plan = computePlan(objects, []);
    expect(plan.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(
      computePlan(
        objects.map((o) => ({ ...o, source: 'x:1:1' })),
        [],
      ).digest,
    ).toBe(plan.digest);
    expect(computePlan(objects, stored(objects.slice(0, 1))).digest).not.toBe(plan.digest);
    expect(computePlan(objects, stored(objects.slice(0, 1))).desiredDigest).toBe(plan.desiredDigest);
    const edited = editSpec(objects, 'vm', 'host03', (spec) => ({ ...spec, vcpu: 3 }));
    expect(computePlan(edited, []).desiredDigest).not.toBe(plan.desiredDigest);
  });

  it('refuses a desired set holding one object twice', () => {
    const objects = smallRack();
    expect(() => computePlan([...objects, objects[0] as DesiredObject], [])).toThrow(
      /site "marseille" twice/,
    );
  });
});

describe('diffSpecs', () => {
  it('locates nested keys and array elements', () => {
    const changes = diffSpecs(
      {
        disks: [
          { name: 'system', size: 40 * GiB },
          { name: 'data', size: 200 * GiB },
        ],
        access: { websites: ['a'] },
      },
      {
        disks: [
          { name: 'system', size: 40 * GiB },
          { name: 'data', size: 400 * GiB },
        ],
        access: { websites: ['a', 'b'] },
      },
    );
    expect(changes).toEqual([
      { path: 'access.websites[1]', op: 'add', after: 'b' },
      { path: 'disks[1].size', op: 'change', before: 200 * GiB, after: 400 * GiB },
    ]);
  });

  it('shows an insertion at the head of a list as one addition, not a shift', () => {
    expect(diffSpecs({ domains: ['b', 'c'] }, { domains: ['a', 'b', 'c'] })).toEqual([
      { path: 'domains[0]', op: 'add', after: 'a' },
    ]);
    expect(diffSpecs({ domains: ['a', 'b', 'c'] }, { domains: ['a', 'c'] })).toEqual([
      { path: 'domains[1]', op: 'remove', before: 'b' },
    ]);
  });

  it('reports added and removed fields, and type changes as changes', () => {
    expect(diffSpecs({ a: 1, b: 'x', 'odd-key': true }, { a: '1', c: null })).toEqual([
      { path: 'a', op: 'change', before: 1, after: '1' },
      { path: 'b', op: 'remove', before: 'x' },
      { path: 'c', op: 'add', after: null },
      { path: '["odd-key"]', op: 'remove', before: true },
    ]);
  });
});

describe('human forms', () => {
  it('writes sizes and durations the way inventory files do', () => {
    expect(humanSize(16 * GiB)).toBe('16GiB');
    expect(humanSize(512)).toBe('512B');
    expect(humanSize(1536 * 1024)).toBe('1536KiB');
    expect(humanSize(GiB + 1)).toBe('1073741825B (≈1.0GiB)');
    expect(humanSize(10 ** 12)).toBe('1TB');
    expect(humanSize(0)).toBe('0B');
    expect(humanDuration(30)).toBe('30s');
    expect(humanDuration(5400)).toBe('1h30m');
    expect(humanDuration(0)).toBe('0s');
  });

  it('shows added disks with human sizes', () => {
    const before = [desired('vm', 'x', { disks: [] })];
    const after = [desired('vm', 'x', { disks: [{ name: 'data', size: 100 * GiB }] })];
    const text = formatPlan(computePlan(after, stored(before)), { color: false });
    expect(text).toContain('+ disks[0]: {name: "data", size: 100GiB}');
  });
});
