/** The bench's figures from what the targets saw: checks per second, lateness, detection delay. */

export interface Window {
  readonly start: number;
  readonly end: number;
}

/** Requests that arrived within the window, all targets together. */
export function arrivalsWithin(arrivals: readonly (readonly number[])[], window: Window): number {
  let count = 0;
  for (const list of arrivals) for (const at of list) if (at >= window.start && at < window.end) count += 1;
  return count;
}

/**
 * Lateness of each request against its target's schedule: a target's slots are `anchor + k × interval`,
 * the anchor being its earliest arrival once shifted back by whole intervals, so the most punctual
 * request of a target is 0 ms late and the others are measured from it.
 */
export function latenessMs(
  arrivals: readonly (readonly number[])[],
  window: Window,
  intervalMs: number,
): number[] {
  const lateness: number[] = [];
  for (const list of arrivals) {
    const inside = list.filter((at) => at >= window.start && at < window.end);
    const first = inside[0];
    if (first === undefined) continue;
    const shifted = inside.map((at) => at - Math.round((at - first) / intervalMs) * intervalMs);
    const anchor = Math.min(...shifted);
    for (const at of shifted) lateness.push(at - anchor);
  }
  return lateness;
}

/** The value below which `fraction` of `values` lie (nearest rank); NaN when empty. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Time from `since` until every target has been requested again; undefined if some never were by `until`. */
export function allBackAfter(
  arrivals: readonly (readonly number[])[],
  since: number,
  until: number,
): number | undefined {
  let latest = since;
  for (const list of arrivals) {
    const next = list.find((at) => at >= since && at <= until);
    if (next === undefined) return undefined;
    latest = Math.max(latest, next);
  }
  return latest - since;
}
