/**
 * Micro-benchmark of the monitor's own cost per result (evaluating the state, queuing, and writing
 * in one-second batches), without the probe: the budget for everything is 0.45 ms of CPU per check.
 * `bench/monitor/write-path.ts` does the same over longer simulated time, old and new side by side.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDef, down, recordingSink, up } from '../../test/monitoring/check-builders.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { systemClock } from '../time/clock.js';
import { MonitorCore } from './monitor-core.js';
import { writePending } from './result-writer.js';

const CHECKS = 2000;
/** Results per flush: one second of 10,000 checks every 30 s. */
const PER_FLUSH = 333;
const SECONDS = 30;

describe(`cost of evaluating and storing results on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  beforeEach(async () => {
    testStore = await createTestStore();
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  it(`stays far below the 0.45 ms per check budget (${CHECKS} checks, ${SECONDS} one-second batches)`, async () => {
    const core = new MonitorCore();
    const defs = Array.from({ length: CHECKS }, (_, i) =>
      checkDef(`website/site-${i}/http`, {
        kind: 'http',
        options: { url: `https://site-${i}.test/` },
        host: `host-${i % 20}`,
      }),
    );
    core.setChecks(defs);
    const deps = { store: testStore.store, clock: systemClock, alerts: recordingSink() };
    const start = Date.now();
    let index = 0;
    const batch = async (second: number) => {
      for (let n = 0; n < PER_FLUSH; n += 1, index += 1) {
        const def = defs[index % CHECKS];
        if (def === undefined) continue;
        // About 1 % of results fail, so states change and incidents open and resolve.
        const failing = (index * 7919) % 100 === 0 && second % 2 === 0;
        core.record(def.id, failing ? down() : up(), start + second * 1000 + n);
      }
      // As the monitor's periodic flush: only what is due (routine states and open rollup slices wait).
      await writePending(deps, core, core.takePending(start + (second + 1) * 1000));
    };
    await batch(0);
    const cpu = process.cpuUsage();
    const wall = performance.now();
    for (let second = 1; second <= SECONDS; second += 1) await batch(second);
    const used = process.cpuUsage(cpu);
    const cpuMsPerResult = (used.user + used.system) / 1000 / (SECONDS * PER_FLUSH);
    const wallMsPerFlush = (performance.now() - wall) / SECONDS;
    console.info(
      `[bench ${TEST_DIALECT}] ${cpuMsPerResult.toFixed(4)} ms CPU per result (this process), ${wallMsPerFlush.toFixed(1)} ms wall per one-second batch of ${PER_FLUSH}`,
    );
    expect(cpuMsPerResult).toBeLessThan(0.2);
    const rows = await testStore.store.db
      .selectFrom('check_states')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(CHECKS);
  }, 120_000);
});
