/**
 * Runs one peer against the targets: warm-up, a steady window sampled for CPU and memory, a failure
 * script (a few targets answer 503 for two intervals, then recover), and for Vigie a kill -9 and restart.
 * Detection counts alerts delivered to the bench (Vigie's webhook), the peer's printed lines only failing that.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { allBackAfter, arrivalsWithin, latenessMs, percentile, type Window } from './measure.js';
import type { AlertPath, Peer, PeerContext } from './peer.js';
import { cpuBetween, cpuByProcess, residentBytes } from './proc-sampler.js';
import type { Targets } from './targets.js';

export interface PeerFigures {
  readonly peer: string;
  readonly checks: number;
  readonly intervalS: number;
  readonly windowS: number;
  readonly checksPerSecond: number;
  /** Requests seen at the targets within the window. */
  readonly requests: number;
  readonly cpuMs: number;
  readonly cpuMsPerCheck: number;
  /** Share of one core over the window, in percent. */
  readonly corePercent: number;
  readonly rssMiB: number;
  readonly latenessP50Ms: number;
  readonly latenessP99Ms: number;
  readonly detected: number;
  readonly failedTargets: number;
  readonly detectionP50Ms: number;
  readonly detectionMaxMs: number;
  /** How detection was seen: `delivered` (the webhook sink), `printed` (the peer's output, a fallback), or the peer's own path. */
  readonly detectionVia?: AlertPath | undefined;
  /** Dashboards open during the window, their overview polls and how many were answered 304. */
  readonly dashboards?: number | undefined;
  readonly overviewPolls?: number | undefined;
  readonly overviewNotModified?: number | undefined;
  /** From the restart to every target requested again; null if not measured, -1 if some never were. */
  readonly restartMs: number | null;
}

export interface HarnessOptions {
  readonly targets: Targets;
  readonly intervalMs: number;
  readonly durationMs: number;
  /** Time given to the peer before the window opens (starting, first round of checks). */
  readonly warmupMs: number;
  readonly log: (line: string) => void;
}

type StartPeer = (context: PeerContext) => Promise<Peer>;

/** Measures one peer; the targets' arrivals are cleared first, and the peer is stopped at the end. */
export async function measurePeer(start: StartPeer, options: HarnessOptions): Promise<PeerFigures> {
  const { targets, intervalMs, durationMs } = options;
  for (const list of targets.arrivals as number[][]) list.length = 0;
  targets.setDown(
    targets.urls.map((_, id) => id),
    false,
  );
  const alerts: Record<AlertPath, Map<number, number[]>> = {
    delivered: new Map(),
    observed: new Map(),
    printed: new Map(),
  };
  const peer = await start({
    urls: targets.urls,
    intervalMs,
    onAlert: (id, at, path = 'observed') => {
      const seen = alerts[path];
      seen.set(id, [...(seen.get(id) ?? []), at]);
    },
    log: options.log,
  });
  try {
    await sleep(options.warmupMs);
    // A slow start (a busy machine, a large store) must not eat into the window: wait for one full round.
    const readyBy = Date.now() + 120_000;
    while (Date.now() < readyBy && targets.arrivals.some((list) => list.length === 0)) await sleep(250);
    const window: Window = { start: Date.now(), end: Date.now() + durationMs };
    const cpuBefore = cpuByProcess(peer.pids());
    peer.windowOpened?.();
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(residentBytes(peer.pids())), 2000);
    // Failure script: a few targets down a quarter of the way in, for two intervals.
    const failing = pickFailing(targets.urls.length);
    const downAt = window.start + Math.round(durationMs / 4);
    await sleep(downAt - Date.now());
    targets.setDown(failing, true);
    const failedAt = Date.now();
    await sleep(Math.min(2 * intervalMs, window.end - Date.now() - 100));
    targets.setDown(failing, false);
    await sleep(Math.max(0, window.end - Date.now()));
    const cpuMs = cpuBetween(cpuBefore, cpuByProcess(peer.pids()));
    rss.push(residentBytes(peer.pids()));
    clearInterval(sampler);
    const extra = peer.extra?.() ?? {};
    const requests = arrivalsWithin(targets.arrivals, window);
    const lateness = latenessMs(targets.arrivals, window, intervalMs);
    const delaysVia = (seen: Map<number, number[]>) =>
      failing.flatMap((id) => {
        const first = (seen.get(id) ?? []).find((at) => at >= failedAt - 1000);
        return first === undefined ? [] : [Math.max(0, first - failedAt)];
      });
    // Delivered alerts are what counts; the peer's printed lines stand in only when nothing else came.
    const byPath = (['delivered', 'observed', 'printed'] as const).map(
      (path) => [path, delaysVia(alerts[path])] as const,
    );
    const [detectionVia, delays] = byPath.find(([, found]) => found.length > 0) ?? [undefined, []];
    let restartMs: number | null = null;
    if (peer.restart !== undefined) {
      await sleep(intervalMs);
      const restartedAt = await peer.restart();
      // Starting Node and opening the store takes seconds on a busy machine: allow for it beyond the intervals.
      const until = restartedAt + 3 * intervalMs + 30_000;
      while (Date.now() < until && allBackAfter(targets.arrivals, restartedAt, until) === undefined) {
        await sleep(250);
      }
      restartMs = allBackAfter(targets.arrivals, restartedAt, until) ?? -1;
    }
    const windowS = (window.end - window.start) / 1000;
    return {
      peer: peer.name,
      checks: targets.urls.length,
      intervalS: intervalMs / 1000,
      windowS,
      checksPerSecond: requests / windowS,
      requests,
      cpuMs,
      cpuMsPerCheck: requests === 0 ? Number.NaN : cpuMs / requests,
      corePercent: (cpuMs / (window.end - window.start)) * 100,
      rssMiB: Math.max(...rss) / 1024 ** 2,
      latenessP50Ms: percentile(lateness, 0.5),
      latenessP99Ms: percentile(lateness, 0.99),
      detected: delays.length,
      failedTargets: failing.length,
      detectionP50Ms: percentile(delays, 0.5),
      detectionMaxMs: delays.length === 0 ? Number.NaN : Math.max(...delays),
      restartMs,
      detectionVia,
      ...(extra.dashboards === undefined
        ? {}
        : {
            dashboards: extra.dashboards,
            overviewPolls: extra.overviewPolls,
            overviewNotModified: extra.overviewNotModified,
          }),
    };
  } finally {
    await peer.stop();
  }
}

/** 1 % of the targets (1 to 50), spread over the whole range. */
function pickFailing(count: number): number[] {
  const how = Math.min(50, Math.max(1, Math.round(count / 100)));
  return Array.from({ length: how }, (_, i) => Math.floor((i * count) / how));
}
