import { describe, expect, it } from 'vitest';
import { loadInventory } from '../inventory/load.js';
import type { InventoryObjectInput } from '../monitoring/topology.js';
import { DEFAULT_RETENTION, resolveBackupPlan } from './policies.js';

async function example(): Promise<{ objects: InventoryObjectInput[]; section: unknown }> {
  const loaded = await loadInventory(['examples/gip-paca']);
  if (!loaded.ok) throw new Error('the example inventory does not load');
  const objects = loaded.objects.map((o) => ({ kind: o.kind, key: o.key, spec: o.spec, source: '' }));
  return { objects, section: objects.find((o) => o.kind === 'backup')?.spec };
}

describe('resolveBackupPlan on the example', () => {
  it('backs up every database and website with the section defaults, through the declared accounts', async () => {
    const { objects, section } = await example();
    const plan = resolveBackupPlan(objects, section);
    expect(plan.timeZone).toBe('Europe/Paris');
    expect(plan.problems.size).toBe(0);
    expect(plan.sources.filter((s) => s.object.kind === 'database')).toHaveLength(6);
    expect(plan.sources.filter((s) => s.object.kind === 'website')).toHaveLength(6);
    const opendata = plan.sources.find((s) => s.source === 'database:opendata');
    expect(opendata).toMatchObject({
      kind: 'postgresql',
      host: 'db03',
      schedule: '0 2 * * *',
      destinations: ['local'],
      rpoTargetSeconds: 26 * 3600,
      drill: { schedule: '0 5 * * 0', server: 'db03-postgresql' },
      endpoint: { server: 'db03-postgresql', port: 5432, database: 'opendata', user: 'vigie_lab' },
    });
    expect(opendata?.endpoint?.address).toMatch(/^198\.18\./);
    const intranet = plan.sources.find((s) => s.source === 'files:website-intranet');
    expect(intranet).toMatchObject({ kind: 'files', drill: null, host: 'host04' });
    expect(intranet?.paths?.[0]).toMatch(/^\/var\/www\//);
  });

  it('lets an object override the defaults, turn backups off, and says what cannot run', async () => {
    const { objects, section } = await example();
    const edited = objects.map((o) => {
      if (o.kind === 'database' && o.key === 'opendata') {
        return {
          ...o,
          spec: {
            ...o.spec,
            backup: { schedule: '0 */6 * * *', rpo_target: '7h', retention: { daily: 30 } },
          },
        };
      }
      if (o.kind === 'database' && o.key === 'intranet') {
        return { ...o, spec: { ...o.spec, backup: { disabled: true, reason: 'test copy' } } };
      }
      return o;
    });
    const withoutAccounts = { ...(section as Record<string, unknown>), accounts: {} };
    const plan = resolveBackupPlan(edited, withoutAccounts);
    const opendata = plan.sources.find((s) => s.source === 'database:opendata');
    expect(opendata?.schedule).toBe('0 */6 * * *');
    expect(opendata?.rpoTargetSeconds).toBe(7 * 3600);
    expect(opendata?.retention).toEqual({
      ...DEFAULT_RETENTION,
      daily: 30,
      yearly: 2,
      monthly: 12,
      weekly: 4,
    });
    expect(plan.disabled).toEqual([{ source: 'database:intranet', reason: 'test copy' }]);
    expect(plan.problems.get('database:opendata')).toMatch(/no backup account on db03-postgresql/);
  });

  it('gives nothing a destination when the inventory has no backup section', async () => {
    const { objects } = await example();
    const plan = resolveBackupPlan(
      objects.filter((o) => o.kind !== 'backup'),
      undefined,
    );
    expect(plan.destinations).toEqual([]);
    expect(plan.problems.get('database:opendata')).toMatch(/no backup destination/);
  });
});
