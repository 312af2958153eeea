/**
 * The rack's exposure ranking: one score per host from its latest good check, documented in
 * docs/updates.md so that people can redo it by hand:
 *   10 per pending security update + 3 per distinct CVE + the highest urgency (critical 40, high 30,
 *   medium 15, low 5) + 1 per day the oldest pending security update has waited (at most 60)
 *   + 20 when a reboot is required now + 1 per other pending update (at most 20).
 */
import type { CoreDeps } from '../runtime/deps.js';
import type { HostExposure, Urgency } from './model.js';
import { readHostUpdates } from './store.js';

const URGENCY_POINTS: Record<Urgency, number> = {
  critical: 40,
  high: 30,
  medium: 15,
  low: 5,
  unimportant: 0,
  unknown: 0,
};
const DAY_MS = 86_400_000;

export interface ExposureFigures {
  readonly securityCount: number;
  readonly cveCount: number;
  readonly maxUrgency: Urgency;
  readonly oldestSecurityAgeDays: number | null;
  readonly rebootRequired: boolean;
  readonly otherCount: number;
}

/** The documented exposure score. */
export function exposureScore(figures: ExposureFigures): number {
  return (
    10 * figures.securityCount +
    3 * figures.cveCount +
    URGENCY_POINTS[figures.maxUrgency] +
    Math.min(figures.oldestSecurityAgeDays ?? 0, 60) +
    (figures.rebootRequired ? 20 : 0) +
    Math.min(figures.otherCount, 20)
  );
}

/** Every checked host, most exposed first (ties by name). */
export async function rackExposure(deps: Pick<CoreDeps, 'store' | 'clock'>): Promise<HostExposure[]> {
  const hosts = await deps.store.db.selectFrom('update_checks').select('host').distinct().execute();
  const now = deps.clock.now().getTime();
  const ranking: HostExposure[] = [];
  for (const { host } of hosts) {
    const { snapshot, lastFailure } = await readHostUpdates(deps, host);
    const updates = snapshot?.updates ?? [];
    const security = updates.filter((update) => update.security);
    const cves = new Set(updates.flatMap((update) => update.cves.map((cve) => cve.id)));
    const firstSeen = security
      .map((update) => update.firstSeenAt)
      .filter((at): at is string => at !== null)
      .sort();
    const oldest = firstSeen[0] ?? null;
    const ageDays = oldest === null ? null : Math.max(0, Math.floor((now - Date.parse(oldest)) / DAY_MS));
    const urgencies: Urgency[] = updates.map((update) => update.urgency);
    const maxUrgency = (['critical', 'high', 'medium', 'low', 'unimportant'] as const).find((u) =>
      urgencies.includes(u),
    );
    const figures: ExposureFigures = {
      securityCount: security.length,
      cveCount: cves.size,
      maxUrgency: maxUrgency ?? 'unknown',
      oldestSecurityAgeDays: ageDays,
      rebootRequired: snapshot?.rebootRequired ?? false,
      otherCount: updates.length - security.length,
    };
    ranking.push({
      host,
      score: exposureScore(figures),
      checkedAt: snapshot?.checkedAt ?? null,
      pendingCount: updates.length,
      securityCount: figures.securityCount,
      cveCount: figures.cveCount,
      maxUrgency: figures.maxUrgency,
      oldestSecurityFirstSeenAt: oldest,
      oldestSecurityAgeDays: ageDays,
      rebootRequired: figures.rebootRequired,
      rebootNeededByUpdates: updates.some((update) => update.needsReboot),
      lastFailure,
    });
  }
  return ranking.sort((a, b) => b.score - a.score || a.host.localeCompare(b.host));
}
