import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCheckResults, viewsRack } from '../../test/monitoring/seed-views.js';
import { desired, manualClock, testDeps } from '../../test/support/inventory-fixtures.js';
import { loadWith, summaries } from '../../test/support/inventory-sources.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import type { CoreDeps } from '../runtime/deps.js';
import { slaReport } from './sla.js';

describe(`availability targets in the SLA report on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let deps: CoreDeps;

  beforeAll(async () => {
    testStore = await createTestStore();
    deps = testDeps(testStore, manualClock('2026-11-28T10:00:00.000Z'));
    const objects = viewsRack().map((object) => {
      if (object.kind === 'website' && object.key === 'site')
        return { ...object, spec: { ...object.spec, sla: { target: 99.9 } } };
      if (object.kind === 'database' && object.key === 'crm')
        return { ...object, spec: { ...object.spec, sla: { target: '100%' } } };
      return object;
    });
    await applyInventory(deps, {
      actor: 'test',
      objects: [...objects, desired('check_defaults', 'check_defaults', { sla: { target: '99.5%' } })],
    });
    // site: 10 minutes DOWN out of 24 hours measured (99.31%); opendata: DOWN for its last 5 minutes.
    await seedCheckResults(deps, [
      { checks: (id) => id === 'website/site/http', fromAgoMin: 120, toAgoMin: 110, message: 'HTTP 503' },
      {
        checks: (id) => id === 'database/opendata/postgres',
        fromAgoMin: 10,
        toAgoMin: 0,
        message: 'refused',
      },
    ]);
  }, 60_000);
  afterAll(async () => {
    await testStore?.cleanup();
  });

  it('shows each service’s own target, else the default, met or missed; hosts have none', async () => {
    const report = await slaReport(deps, '2026-11');
    const byObject = Object.fromEntries(report.services.map((service) => [service.object, service]));
    expect(byObject['website/site']).toMatchObject({ target: 0.999, targetMet: false });
    expect(byObject['website/site']?.availability).toBeCloseTo(1 - 10 / (24 * 60), 10);
    expect(byObject['website/portail']).toMatchObject({ availability: 1, target: 0.995, targetMet: true });
    expect(byObject['database/crm']).toMatchObject({ availability: 1, target: 1, targetMet: true });
    expect(byObject['database/opendata']).toMatchObject({ target: 0.995, targetMet: true });
    expect(byObject['database/opendata']?.availability).toBeCloseTo(1 - 5 / (24 * 60), 10);
    expect(byObject['vm/web1']).toMatchObject({ target: null, targetMet: null });
    // Nothing measured in October: a target, but neither met nor missed.
    const october = await slaReport(deps, '2026-10');
    expect(october.services.find((s) => s.object === 'website/site')).toMatchObject({
      availability: null,
      target: 0.999,
      targetMet: null,
    });
  });

  it('compares with the target as written: 99.3% is met by 99.31%, 99.32% is not', async () => {
    const siteWith = async (target: number | undefined) => {
      await applyInventory(deps, {
        actor: 'test',
        objects: [
          ...viewsRack().map((object) =>
            object.kind === 'website' && object.key === 'site' && target !== undefined
              ? { ...object, spec: { ...object.spec, sla: { target } } }
              : object,
          ),
          desired('check_defaults', 'check_defaults', {}),
        ],
      });
      return (await slaReport(deps, '2026-11')).services.find((service) => service.object === 'website/site');
    };
    expect(await siteWith(99.3)).toMatchObject({ target: 0.993, targetMet: true });
    expect(await siteWith(99.32)).toMatchObject({ target: 0.9932, targetMet: false });
    expect(await siteWith(undefined)).toMatchObject({ target: null, targetMet: null });
  });

  it('refuses a target that is not a percentage, at its line', () => {
    const result = loadWith({
      'alerting.yaml': 'version: 1\ncheck_defaults:\n  sla: { target: 120% }\n',
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : summaries(result.errors)).toEqual([
      expect.stringMatching(/check_defaults\.sla\.target: "120%" is not a percentage from 0% to 100%/),
    ]);
  });
});
