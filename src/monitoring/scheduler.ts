/**
 * Runs checks on time: a min-heap of next run times and one timer. Each check keeps a fixed phase
 * (a hash of its id within its interval), so runs are spread over the interval; the next run is
 * always the scheduled time plus the interval (missed slots are skipped, never run late in a burst),
 * so timing never drifts. A check new to the scheduler whose last run is too old for its phase slot
 * to come in time (or that never ran) catches up first, spread over a short window after the start,
 * so a restarted process runs every check again within one interval without a burst.
 * At most `maxConcurrent` checks run at once, and `maxPerHost` per target host; a check whose
 * previous run has not finished skips its slot rather than running twice.
 */
import { setMaxListeners } from 'node:events';
import { LatenessMeter, type LatenessStats } from './lateness.js';
import { MinHeap } from './min-heap.js';

export interface SchedulableCheck {
  readonly id: string;
  /** Checks of one host share its concurrency limit; undefined: only the global limit applies. */
  readonly host: string | undefined;
  readonly intervalMs: number;
}

export interface SchedulerOptions<C extends SchedulableCheck> {
  /** Runs one check; must settle soon after `signal` aborts. A rejection is reported to `onError`. */
  readonly run: (check: C, scheduledAtMs: number, signal: AbortSignal) => Promise<void>;
  readonly onError?: ((check: C, error: unknown) => void) | undefined;
  readonly maxConcurrent?: number | undefined;
  readonly maxPerHost?: number | undefined;
  /** Milliseconds since the epoch; `Date.now` unless told. */
  readonly now?: (() => number) | undefined;
}

export interface SchedulerStats {
  readonly checks: number;
  readonly running: number;
  readonly waiting: number;
  readonly runs: number;
  /** Slots skipped because the check's previous run had not finished or was still waiting. */
  readonly skipped: number;
  /** Slots that passed while the process could not run anything (busy or suspended): jumped, not run late. */
  readonly missed: number;
  readonly lateness: LatenessStats;
}

interface Entry<C> {
  check: C;
  /** The key of the check's concurrency group (its host, or itself), kept to allocate nothing per run. */
  hostKey: string;
  generation: number;
  running: boolean;
  /** The scheduled time of a run waiting for a free slot, or null. */
  waitingSince: number | null;
  removed: boolean;
}

/** When a check new to the scheduler last ran (ms since the epoch), or null/undefined: never. */
export type LastRunLookup = (id: string) => number | null | undefined;

/** Catch-up runs are spread over this window at most, and a sixth of the check's interval. */
export const CATCH_UP_WINDOW_MS = 5000;

export const DEFAULT_MAX_CONCURRENT = 256;
export const DEFAULT_MAX_PER_HOST = 4;

export class CheckScheduler<C extends SchedulableCheck> {
  readonly #options: SchedulerOptions<C>;
  readonly #now: () => number;
  readonly #maxConcurrent: number;
  readonly #maxPerHost: number;
  readonly #entries = new Map<string, Entry<C>>();
  /** `catchUp`: a run off the check's phase; the run after it goes back to the phase. */
  readonly #heap = new MinHeap<{ entry: Entry<C>; generation: number; catchUp: boolean }>();
  readonly #waiting = new Map<string, Entry<C>[]>();
  readonly #runningPerHost = new Map<string, number>();
  readonly #inflight = new Set<Promise<void>>();
  readonly #lateness = new LatenessMeter();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #armedFor = Infinity;
  #started = false;
  #stopped = false;
  #running = 0;
  #runs = 0;
  #skipped = 0;
  #missed = 0;

  constructor(options: SchedulerOptions<C>) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    this.#maxPerHost = options.maxPerHost ?? DEFAULT_MAX_PER_HOST;
    // Every running check listens to this one signal; hundreds at once is the normal case.
    setMaxListeners(0, this.#abort.signal);
  }

  /**
   * Replaces the set of checks: new ones are scheduled at their phase, removed ones stop, others keep
   * their slots. With `lastRun`, a new check that never ran, or whose phase slot would come more than
   * one interval after its last run, runs first within `catchUpWindow(interval)` of now (spread over
   * that window in the given order), then on its phase.
   */
  setChecks(checks: readonly C[], lastRun?: LastRunLookup | undefined): void {
    const now = this.#now();
    const seen = new Set<string>();
    const overdue: Entry<C>[] = [];
    for (const check of checks) {
      seen.add(check.id);
      const entry = this.#entries.get(check.id);
      if (entry === undefined) {
        const created: Entry<C> = {
          check,
          hostKey: hostKey(check),
          generation: 0,
          running: false,
          waitingSince: null,
          removed: false,
        };
        this.#entries.set(check.id, created);
        const slot = firstSlot(check.id, check.intervalMs, now);
        if (lastRun !== undefined && isOverdue(slot, lastRun(check.id), check.intervalMs, now))
          overdue.push(created);
        else this.#heap.push(slot, { entry: created, generation: 0, catchUp: false });
      } else {
        const intervalChanged = entry.check.intervalMs !== check.intervalMs;
        if (entry.check.host !== check.host) entry.hostKey = hostKey(check);
        entry.check = check;
        if (intervalChanged) {
          entry.generation += 1;
          this.#heap.push(firstSlot(check.id, check.intervalMs, now), {
            entry,
            generation: entry.generation,
            catchUp: false,
          });
        }
      }
    }
    overdue.forEach((entry, index) => {
      const at = now + Math.floor((catchUpWindow(entry.check.intervalMs) * index) / overdue.length);
      this.#heap.push(at, { entry, generation: entry.generation, catchUp: true });
    });
    for (const [id, entry] of this.#entries) {
      if (seen.has(id)) continue;
      entry.removed = true;
      this.#entries.delete(id);
    }
    if (this.#started) this.#arm();
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#arm();
  }

  /** Stops taking work, aborts running checks and waits for them to settle. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiting.clear();
    this.#abort.abort(new Error('monitor stopping'));
    await Promise.allSettled([...this.#inflight]);
  }

  stats(): SchedulerStats {
    let waiting = 0;
    for (const queue of this.#waiting.values()) waiting += queue.length;
    return {
      checks: this.#entries.size,
      running: this.#running,
      waiting,
      runs: this.#runs,
      skipped: this.#skipped,
      missed: this.#missed,
      lateness: this.#lateness.stats(),
    };
  }

  #arm(): void {
    if (this.#stopped) return;
    const due = this.#heap.peekKey();
    if (due === undefined || due >= this.#armedFor) return;
    clearTimeout(this.#timer);
    this.#armedFor = due;
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, due - this.#now()));
  }

  #tick(): void {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    if (this.#stopped) return;
    const now = this.#now();
    for (let due = this.#heap.peekKey(); due !== undefined && due <= now; due = this.#heap.peekKey()) {
      const item = this.#heap.pop();
      if (item === undefined) break;
      const { entry, generation } = item;
      if (entry.removed || generation !== entry.generation) continue;
      const interval = entry.check.intervalMs;
      let next = item.catchUp ? firstSlot(entry.check.id, interval, due + 1) : due + interval;
      if (next <= now) {
        const jumped = Math.ceil((now - next + 1) / interval);
        next += jumped * interval;
        this.#missed += jumped;
      }
      if (item.catchUp) item.catchUp = false;
      this.#heap.push(next, item);
      if (entry.running || entry.waitingSince !== null) {
        this.#skipped += 1;
        continue;
      }
      if (this.#hasRoom(entry)) this.#start(entry, due);
      else {
        entry.waitingSince = due;
        const queue = this.#waiting.get(entry.hostKey);
        if (queue === undefined) this.#waiting.set(entry.hostKey, [entry]);
        else queue.push(entry);
      }
    }
    this.#arm();
  }

  #hasRoom(entry: Entry<C>): boolean {
    return (
      this.#running < this.#maxConcurrent && (this.#runningPerHost.get(entry.hostKey) ?? 0) < this.#maxPerHost
    );
  }

  #start(entry: Entry<C>, scheduledAt: number): void {
    const host = entry.hostKey;
    entry.running = true;
    this.#running += 1;
    this.#runs += 1;
    this.#runningPerHost.set(host, (this.#runningPerHost.get(host) ?? 0) + 1);
    this.#lateness.record(Math.max(0, this.#now() - scheduledAt));
    const check = entry.check;
    const run = (async () => {
      try {
        await this.#options.run(check, scheduledAt, this.#abort.signal);
      } catch (error) {
        this.#options.onError?.(check, error);
      }
    })();
    const settled = run.finally(() => {
      entry.running = false;
      this.#running -= 1;
      const left = (this.#runningPerHost.get(host) ?? 1) - 1;
      if (left === 0) this.#runningPerHost.delete(host);
      else this.#runningPerHost.set(host, left);
      this.#inflight.delete(settled);
      this.#drain();
    });
    this.#inflight.add(settled);
  }

  /** Starts waiting runs, host by host, while there is room. */
  #drain(): void {
    if (this.#stopped) return;
    for (const [host, queue] of this.#waiting) {
      while (queue.length > 0 && this.#running < this.#maxConcurrent) {
        const head = queue[0];
        if (head === undefined || (this.#runningPerHost.get(host) ?? 0) >= this.#maxPerHost) break;
        queue.shift();
        const scheduledAt = head.waitingSince;
        head.waitingSince = null;
        if (!head.removed && scheduledAt !== null) this.#start(head, scheduledAt);
      }
      if (queue.length === 0) this.#waiting.delete(host);
      if (this.#running >= this.#maxConcurrent) return;
    }
  }
}

function hostKey(check: SchedulableCheck): string {
  return check.host === undefined ? `check:${check.id}` : `host:${check.host}`;
}

/** The window over which new overdue checks of this interval catch up: min(5 s, interval / 6). */
export function catchUpWindow(intervalMs: number): number {
  return Math.min(CATCH_UP_WINDOW_MS, Math.floor(intervalMs / 6));
}

/**
 * True when a check should not wait for its phase slot: it never ran, or its slot comes more than one
 * interval after its last run (it missed a slot while no process ran it). A slot inside the catch-up
 * window is soon enough anyway.
 */
function isOverdue(
  slot: number,
  lastRunMs: number | null | undefined,
  intervalMs: number,
  now: number,
): boolean {
  if (slot - now <= catchUpWindow(intervalMs)) return false;
  return lastRunMs === null || lastRunMs === undefined || slot - lastRunMs > intervalMs;
}

/** The first slot at or after `now` on the check's phase: `hash(id) mod interval` on the epoch's time line. */
export function firstSlot(id: string, intervalMs: number, now: number): number {
  const phase = phaseOf(id) % intervalMs;
  return now + ((((phase - now) % intervalMs) + intervalMs) % intervalMs);
}

/** FNV-1a of the id: stable across processes and restarts. */
export function phaseOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
