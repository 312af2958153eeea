/**
 * The monitor's own cost per result without any probe: evaluating states, queuing, and writing in
 * one-second batches as `vigie monitor` does, over simulated time (a manual clock), so that what waits
 * for a later flush (rollup slices, routine latest states) is counted when it is written. It prints the
 * CPU of this process per result; run it in an old checkout too to compare before and after.
 *
 *   npx tsx bench/monitor/write-path.ts [--checks 10000] [--interval 30] [--seconds 600] [--dialect sqlite|postgres]
 */
import { parseArgs } from 'node:util';
import { MonitorCore } from '../../src/monitoring/monitor-core.js';
import { writePending } from '../../src/monitoring/result-writer.js';
import type { Clock } from '../../src/time/clock.js';
import { checkDef, down, recordingSink, up } from '../../test/monitoring/check-builders.js';
import { createTestStore } from '../../test/support/test-store.js';

const { values } = parseArgs({
  options: {
    checks: { type: 'string', default: '10000' },
    interval: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '600' },
    dialect: { type: 'string', default: 'sqlite' },
  },
});
const checks = Number(values.checks);
const intervalS = Number(values.interval);
const seconds = Number(values.seconds);
const dialect = values.dialect === 'postgres' ? 'postgres' : 'sqlite';
if (![checks, intervalS, seconds].every((n) => Number.isInteger(n) && n > 0))
  throw new Error('--checks, --interval and --seconds take whole numbers above 0');

const testStore = await createTestStore(dialect);
let nowMs = Date.parse('2026-11-28T10:00:00.000Z');
const clock: Clock = { now: () => new Date(nowMs) } as Clock;
const deps = { store: testStore.store, clock, alerts: recordingSink() };
const core = new MonitorCore();
const defs = Array.from({ length: checks }, (_, i) =>
  checkDef(`website/site-${i}/http`, {
    kind: 'http',
    options: { url: `https://site-${i}.test/` },
    host: `host-${i % 20}`,
    policy: { intervalMs: intervalS * 1000, retries: 0, recoveries: 1 },
  }),
);
core.setChecks(defs);
const perSecond = checks / intervalS;
/** One simulated second: this second's share of the checks, then the periodic flush. */
const second = async (s: number): Promise<void> => {
  const first = Math.floor(s * perSecond);
  const last = Math.floor((s + 1) * perSecond);
  for (let n = first; n < last; n += 1) {
    const def = defs[n % checks];
    if (def === undefined) continue;
    // 1 % of the checks fail for two intervals every ten: states change, incidents open and resolve.
    const round = Math.floor(n / checks);
    const failing = n % 100 === 7 && round % 10 < 2;
    const latency = 3 + ((n * 7919) % 40);
    const result = failing
      ? down('HTTP 503')
      : { ...up(), latencyMs: latency, message: `HTTP 200 in ${latency} ms` };
    core.record(def.id, result, nowMs + Math.floor(((n - first) * 1000) / perSecond));
  }
  nowMs += 1000;
  const before = performance.now();
  await writePending(deps, core, core.takePending(nowMs));
  const took = performance.now() - before;
  if (measuring) flushMs.push(took);
};
let measuring = false;
/** Wall time of each periodic flush: a flush that writes thousands of rows at once holds the event loop. */
const flushMs: number[] = [];
// One interval of warm-up: every check has a state and a row.
for (let s = 0; s < intervalS; s += 1) await second(s);
measuring = true;
const cpu = process.cpuUsage();
const wall = performance.now();
for (let s = intervalS; s < intervalS + seconds; s += 1) await second(s);
await writePending(deps, core, core.takePending());
const used = process.cpuUsage(cpu);
const results = Math.floor((intervalS + seconds) * perSecond) - Math.floor(intervalS * perSecond);
const cpuMs = (used.user + used.system) / 1000;
flushMs.sort((a, b) => a - b);
const quantile = (q: number): string => (flushMs[Math.floor(q * (flushMs.length - 1))] ?? 0).toFixed(1);
console.log(
  `${dialect}: ${checks} checks at ${intervalS} s, ${seconds} s simulated: ${(cpuMs / results).toFixed(4)} ms CPU per result (${cpuMs.toFixed(0)} ms for ${results} results, ${(performance.now() - wall).toFixed(0)} ms wall); flush wall p50 ${quantile(0.5)} ms, p99 ${quantile(0.99)} ms, max ${quantile(1)} ms`,
);
await testStore.cleanup();
