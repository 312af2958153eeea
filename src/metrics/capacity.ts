/** Every filesystem of every host, ranked by how soon it fills: the capacity page and `vigie metrics forecast`. */
import type { CoreDeps } from '../runtime/deps.js';
import { allHostSettings } from './hosts.js';
import { type FilesystemState, filesystemStates } from './latest.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

export interface CapacityItem extends Omit<FilesystemState, 'history'> {
  readonly hostName: string;
  /** At most SPARKLINE_POINTS hourly averages of the forecast window, oldest first. */
  readonly history: ReadonlyArray<{ readonly at: string; readonly usedBytes: number }>;
}

const SPARKLINE_POINTS = 56;

/** Filesystems ranked: full first, then filling soonest first, then the rest by use, fullest first. */
export async function capacityReport(deps: Pick<CoreDeps, 'store' | 'clock'>): Promise<CapacityItem[]> {
  const settings = await allHostSettings(deps);
  const states = await filesystemStates(deps.store, {
    thresholdsOf: (host) => settings.get(host)?.thresholds ?? DEFAULT_THRESHOLDS,
    now: deps.clock.now(),
  });
  return states
    .map((state) => ({
      ...state,
      hostName: settings.get(state.host)?.name ?? state.host,
      history: thin(state.history, SPARKLINE_POINTS).map((p) => ({
        at: new Date(p.at).toISOString(),
        usedBytes: Math.round(p.usedBytes),
      })),
    }))
    .sort(byUrgency);
}

function rank(item: Pick<FilesystemState, 'forecast'>): number {
  if (item.forecast.status === 'full') return 0;
  if (item.forecast.status === 'filling') return 1;
  return 2;
}

function byUrgency(a: CapacityItem, b: CapacityItem): number {
  return (
    rank(a) - rank(b) ||
    (a.forecast.daysToFull ?? 0) - (b.forecast.daysToFull ?? 0) ||
    b.usedPercent - a.usedPercent ||
    a.host.localeCompare(b.host) ||
    a.mountpoint.localeCompare(b.mountpoint)
  );
}

/** At most `max` points, evenly picked, the last one always kept. */
function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  const picked = Array.from({ length: max - 1 }, (_, i) => points[Math.floor(i * step)] as T);
  return [...picked, points.at(-1) as T];
}
