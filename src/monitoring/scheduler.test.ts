import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  loopbackProbeDeps,
  startHttpTarget,
  startTcpTarget,
  type Target,
} from '../../test/support/probe-targets.js';
import { findProbe } from '../probes/registry.js';
import type { CheckDefinition } from './check-definition.js';
import { runSafely } from './monitor.js';
import { CheckScheduler, catchUpWindow, firstSlot, phaseOf } from './scheduler.js';

const probeDeps = loopbackProbeDeps();

function tcpCheck(id: string, host: string, port: number, intervalMs: number): CheckDefinition {
  return {
    ...httpCheck(id, host, 'http://127.0.0.1/', intervalMs),
    name: 'tcp',
    kind: 'tcp',
    spec: findProbe('tcp').specSchema.parse({ host: '127.0.0.1', port, timeout: 2000 }),
  };
}

function httpCheck(
  id: string,
  host: string,
  url: string,
  intervalMs: number,
  timeout = 2000,
): CheckDefinition {
  return {
    id,
    object: id.split('/').slice(0, 2).join('/'),
    objectName: id,
    name: 'http',
    kind: 'http',
    spec: findProbe('http').specSchema.parse({ url, timeout }),
    policy: { intervalMs, retries: 0, recoveries: 1 },
    host,
    tags: [],
    parents: [],
    source: 'test',
  };
}

interface Observed {
  starts: Map<string, number[]>;
  /** The slot each run was scheduled for, as the scheduler passed it. */
  slots: Map<string, number[]>;
  maxPerHost: Map<string, number>;
  overlaps: number;
  statuses: string[];
}

/** A scheduler running real HTTP checks, recording when each started and how many ran at once. */
function observedScheduler(
  checks: CheckDefinition[],
  limits: { maxPerHost?: number; maxConcurrent?: number } = {},
) {
  const byId = new Map(checks.map((check) => [check.id, check]));
  const observed: Observed = {
    starts: new Map(),
    slots: new Map(),
    maxPerHost: new Map(),
    overlaps: 0,
    statuses: [],
  };
  const running = new Set<string>();
  const perHost = new Map<string, number>();
  const scheduler = new CheckScheduler({
    ...limits,
    run: async (entry, scheduledAt, signal) => {
      const def = byId.get(entry.id) as CheckDefinition;
      const host = def.host ?? '';
      if (running.has(def.id)) observed.overlaps += 1;
      running.add(def.id);
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      observed.maxPerHost.set(host, Math.max(observed.maxPerHost.get(host) ?? 0, perHost.get(host) ?? 0));
      observed.starts.set(def.id, [...(observed.starts.get(def.id) ?? []), Date.now()]);
      observed.slots.set(def.id, [...(observed.slots.get(def.id) ?? []), scheduledAt]);
      try {
        const result = await runSafely(probeDeps, def, signal);
        // A check cut short by stop() says nothing about the target.
        if (!signal.aborted) observed.statuses.push(`${result.status}: ${result.message}`);
      } finally {
        running.delete(def.id);
        perHost.set(host, (perHost.get(host) ?? 1) - 1);
      }
    },
  });
  scheduler.setChecks(
    checks.map((check) => ({ id: check.id, host: check.host, intervalMs: check.policy.intervalMs })),
  );
  return { scheduler, observed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('check scheduler (real timers, real TCP and HTTP checks)', () => {
  let target: Target;
  let tcp: Target;
  beforeAll(async () => {
    target = await startHttpTarget();
    tcp = await startTcpTarget();
  });
  afterAll(async () => {
    await target.close();
    await tcp.close();
  });

  it('runs 50 checks every 200 ms on time, spread over the interval, never one twice at once', async () => {
    const checks = Array.from({ length: 50 }, (_, i) =>
      tcpCheck(`service/port-${i}/tcp`, `host-${i % 5}`, tcp.port, 200),
    );
    const { scheduler, observed } = observedScheduler(checks);
    const started = Date.now();
    scheduler.start();
    await sleep(2100);
    await scheduler.stop();
    const stats = scheduler.stats();
    expect(observed.overlaps).toBe(0);
    expect(observed.statuses.filter((status) => !status.startsWith('up'))).toEqual([]);
    for (const check of checks) {
      const slots = observed.slots.get(check.id) ?? [];
      // Ten or eleven slots in 2.1 s, never more; fewer only when the process was starved past some.
      expect(slots.length, check.id).toBeGreaterThanOrEqual(5);
      expect(slots.length, check.id).toBeLessThanOrEqual(11);
      // Every slot sits on the check's own phase, each a whole number of intervals after the last: no drift.
      for (const [i, slot] of slots.entries()) {
        expect(slot % 200, check.id).toBe(phaseOf(check.id) % 200);
        if (i > 0) expect(slot - (slots[i - 1] ?? 0), check.id).toBeGreaterThanOrEqual(200);
      }
    }
    // The first runs are spread over the interval, not all at once.
    const firsts = checks.map((check) => (observed.starts.get(check.id)?.[0] ?? 0) - started);
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(120);
    expect(stats.lateness.samples).toBe(stats.runs);
    // Every slot that came was run, skipped (still running) or missed (process starved): none lost.
    expect(stats.runs + stats.skipped + stats.missed).toBeGreaterThanOrEqual(50 * 10);
    // Generous bounds: the test host has 2 cores shared with other test files.
    expect(stats.lateness.p50Ms).toBeLessThan(25);
    expect(stats.lateness.p99Ms).toBeLessThan(200);
  });

  it('keeps at most maxPerHost checks of one host running, and skips the slot of a check still running', async () => {
    const checks = Array.from({ length: 12 }, (_, i) =>
      httpCheck(`website/slow-${i}/http`, `host-${i % 2}`, `http://127.0.0.1:${target.port}/slow/120`, 250),
    );
    const { scheduler, observed } = observedScheduler(checks, { maxPerHost: 2 });
    scheduler.start();
    await sleep(1500);
    await scheduler.stop();
    expect(observed.overlaps).toBe(0);
    expect(Math.max(...observed.maxPerHost.values())).toBe(2);
    // Demand (6 checks × 120 ms per 250 ms, per host) exceeds 2 at once: slots are skipped, never doubled.
    expect(scheduler.stats().skipped).toBeGreaterThan(0);
    expect(observed.statuses.filter((status) => !status.startsWith('up'))).toEqual([]);
  });

  it('skips missed slots after the event loop was blocked instead of running them late in a burst', async () => {
    const checks = Array.from({ length: 5 }, (_, i) =>
      tcpCheck(`service/burst-${i}/tcp`, `host-${i}`, tcp.port, 100),
    );
    const { scheduler, observed } = observedScheduler(checks);
    scheduler.start();
    await sleep(250);
    const blockedAt = Date.now();
    while (Date.now() - blockedAt < 450) {
      // Busy: the timers cannot fire for 450 ms (4 slots per check).
    }
    await sleep(320);
    await scheduler.stop();
    const blockEnd = blockedAt + 450;
    for (const check of checks) {
      const slots = observed.slots.get(check.id) ?? [];
      // The four slots missed while blocked give one late run, not four.
      expect(
        slots.filter((slot) => slot > blockedAt && slot < blockEnd).length,
        check.id,
      ).toBeLessThanOrEqual(1);
      expect(new Set(slots).size, check.id).toBe(slots.length);
      for (const slot of slots) expect(slot % 100, check.id).toBe(phaseOf(check.id) % 100);
      expect(
        slots.some((slot) => slot >= blockEnd),
        `${check.id} runs again after the block`,
      ).toBe(true);
    }
    expect(scheduler.stats().missed).toBeGreaterThanOrEqual(3 * checks.length);
  });

  it('stops promptly, aborting a check that hangs', async () => {
    const hang = httpCheck('website/hang/http', 'h', `http://127.0.0.1:${target.port}/hang`, 1000, 10_000);
    const { scheduler, observed } = observedScheduler([hang]);
    scheduler.start();
    await sleep(1100);
    const before = Date.now();
    await scheduler.stop();
    expect(Date.now() - before).toBeLessThan(500);
    expect(observed.starts.get(hang.id)?.length).toBe(1);
  });

  it('places a first run within one interval, on the phase of the id', () => {
    const now = 1_700_000_000_123;
    for (const id of ['a', 'website/intranet/http', 'vm/db03/ping']) {
      const slot = firstSlot(id, 30_000, now);
      expect(slot).toBeGreaterThanOrEqual(now);
      expect(slot - now).toBeLessThan(30_000);
      expect(slot % 30_000).toBe(phaseOf(id) % 30_000);
    }
  });
});

describe('check scheduler after a restart (fake clock)', () => {
  const INTERVAL = 30_000;
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A scheduler over `ids` whose runs are recorded as [scheduled slot, start]. */
  const recorded = (ids: readonly string[], lastRun: (id: string) => number | null | undefined) => {
    const runs = new Map<string, number[]>();
    const scheduler = new CheckScheduler({
      maxConcurrent: 10_000,
      maxPerHost: 10_000,
      now: () => Date.now(),
      run: async (check, scheduledAt) => {
        runs.set(check.id, [...(runs.get(check.id) ?? []), scheduledAt]);
      },
    });
    scheduler.setChecks(
      ids.map((id) => ({ id, host: undefined, intervalMs: INTERVAL })),
      lastRun,
    );
    return { scheduler, runs };
  };

  it('runs at once, spread over the first seconds, the checks that missed their slot or never ran; others keep their phase', async () => {
    const start = 1_800_000_000_000;
    vi.useFakeTimers({ now: start });
    const ids = Array.from({ length: 300 }, (_, i) => `website/site-${i}/http`);
    const window = catchUpWindow(INTERVAL);
    // Thirds: ran on their last slot (on time), missed their last slot while stopped, never ran.
    const kind = (id: string) => Number(id.split('-')[1]?.split('/')[0]) % 3;
    const slotOf = (id: string) => firstSlot(id, INTERVAL, start);
    const lastRun = (id: string) =>
      kind(id) === 0 ? slotOf(id) - INTERVAL + 40 : kind(id) === 1 ? slotOf(id) - 2 * INTERVAL + 40 : null;
    const { scheduler, runs } = recorded(ids, lastRun);
    scheduler.start();

    await vi.advanceTimersByTimeAsync(window);
    const late = ids.filter((id) => kind(id) !== 0 && slotOf(id) - start > window);
    expect(late.length).toBeGreaterThan(150);
    for (const id of late) expect(runs.get(id), id).toHaveLength(1);
    // Spread over the window, not all in one millisecond.
    const catchUps = late.map((id) => runs.get(id)?.[0] ?? 0);
    expect(Math.max(...catchUps) - Math.min(...catchUps)).toBeGreaterThan(window * 0.9);
    expect(new Set(catchUps).size).toBeGreaterThan(late.length / 2);
    // On-time checks are not run early: only those whose phase slot has come.
    for (const id of ids.filter((id) => kind(id) === 0))
      expect(runs.get(id) ?? [], id).toEqual(slotOf(id) - start <= window ? [slotOf(id)] : []);

    await vi.advanceTimersByTimeAsync(INTERVAL - window);
    for (const id of ids) {
      const slots = runs.get(id) ?? [];
      // Every check ran within one interval of the start...
      expect(slots.length, id).toBeGreaterThanOrEqual(1);
      expect(slots[0], id).toBeLessThan(start + INTERVAL);
      // ...and after a catch-up run, each is back on its phase.
      const onPhase = late.includes(id) ? slots.slice(1) : slots;
      for (const slot of onPhase) expect(slot % INTERVAL, id).toBe(phaseOf(id) % INTERVAL);
    }
    expect(runs.get(late[0] ?? '')?.[1]).toBe(slotOf(late[0] ?? ''));
    await scheduler.stop();
  });

  it('keeps every check on its phase when no last runs are given, and catches up only checks new to it', async () => {
    const start = 1_800_000_000_000;
    vi.useFakeTimers({ now: start });
    const ids = Array.from({ length: 60 }, (_, i) => `vm/host-${i}/ping`);
    const phased = recorded(ids, () => undefined);
    const plain = new CheckScheduler({ now: () => Date.now(), run: async () => undefined });
    plain.setChecks(ids.map((id) => ({ id, host: undefined, intervalMs: INTERVAL })));
    plain.start();
    phased.scheduler.start();
    await vi.advanceTimersByTimeAsync(catchUpWindow(INTERVAL));
    // Without last runs, the first runs follow the phases: few fall in the first 5 s of 30 s.
    expect(plain.stats().runs).toBeLessThan(30);
    // With a lookup that knows none, every check never ran: all caught up.
    expect(phased.runs.size).toBe(60);
    // A check already known keeps its slot when the set is given again.
    phased.scheduler.setChecks(
      ids.map((id) => ({ id, host: undefined, intervalMs: INTERVAL })),
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect([...phased.runs.values()].every((slots) => slots.length <= 2)).toBe(true);
    await plain.stop();
    await phased.scheduler.stop();
  });
});
