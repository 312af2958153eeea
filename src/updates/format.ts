/** Pending updates and the exposure ranking as lines for people (the CLI). */
import { formatInstant } from '../time/format.js';
import type { HostCheckOutcome, HostExposure, UpdatesCheckFailure, UpdatesSnapshot } from './model.js';

/** One host's snapshot: a summary line, then one line per pending update, security fixes first. */
export function formatSnapshot(snapshot: UpdatesSnapshot, timeZone: string): string[] {
  const security = snapshot.updates.filter((update) => update.security);
  const rebootAfter = snapshot.updates.filter((update) => update.needsReboot);
  const summary =
    snapshot.updates.length === 0
      ? 'up to date'
      : `${snapshot.updates.length} pending, ${security.length} security`;
  const reboot = snapshot.rebootRequired
    ? `REBOOT REQUIRED now${snapshot.rebootPackages.length > 0 ? ` (${snapshot.rebootPackages.join(', ')})` : ''}`
    : 'no reboot required now';
  const lines = [
    `${snapshot.host}: ${summary}; ${reboot}${rebootAfter.length > 0 ? `; ${rebootAfter.length} update(s) will need a reboot` : ''} (checked ${formatInstant(snapshot.checkedAt, timeZone, 'en')}, ${snapshot.os.id} ${snapshot.os.version}${snapshot.refreshed ? '' : ', lists not refreshed'})`,
  ];
  const width = Math.max(0, ...snapshot.updates.map((update) => update.package.length));
  const sorted = [...snapshot.updates].sort(
    (a, b) => Number(b.security) - Number(a.security) || a.package.localeCompare(b.package),
  );
  for (const update of sorted) {
    const flags = [
      update.security ? 'SECURITY' : '',
      update.cves.length > 0 ? update.cves.map((cve) => cve.id).join(' ') : '',
      update.urgency !== 'unknown' ? `urgency ${update.urgency}` : '',
      update.needsReboot ? `reboot after install (${update.rebootReason})` : '',
      update.firstSeenAt !== null ? `pending since ${formatInstant(update.firstSeenAt, timeZone, 'en')}` : '',
    ].filter((flag) => flag !== '');
    lines.push(
      `  ${update.package.padEnd(width)}  ${update.currentVersion ?? '(new)'} → ${update.candidateVersion}  ${flags.join(', ')}`.trimEnd(),
    );
  }
  for (const note of snapshot.notes) lines.push(`  note: ${note}`);
  return lines;
}

export function formatFailure(failure: UpdatesCheckFailure): string[] {
  return [
    `${failure.host}: FAILED (${failure.code}) ${failure.message}`,
    ...(failure.hint ? [`  hint: ${failure.hint}`] : []),
  ];
}

export function formatOutcome(outcome: HostCheckOutcome, timeZone: string): string[] {
  return outcome.ok ? formatSnapshot(outcome.snapshot, timeZone) : formatFailure(outcome.failure);
}

/** The ranking as a table, most exposed first. */
export function formatExposure(ranking: readonly HostExposure[]): string[] {
  if (ranking.length === 0) return ['No host checked yet: run `vigie updates`.'];
  const lines = ['score  host             security  CVEs  urgency   oldest  reboot    pending'];
  for (const entry of ranking) {
    const reboot = entry.rebootRequired ? 'NOW' : entry.rebootNeededByUpdates ? 'after' : '-';
    lines.push(
      [
        String(entry.score).padStart(5),
        entry.host.padEnd(16),
        String(entry.securityCount).padStart(8),
        String(entry.cveCount).padStart(5),
        entry.maxUrgency.padEnd(9),
        (entry.oldestSecurityAgeDays === null ? '-' : `${entry.oldestSecurityAgeDays} d`).padStart(6),
        reboot.padEnd(9),
        String(entry.pendingCount).padStart(7),
      ].join('  ') + (entry.lastFailure ? `  last check FAILED: ${entry.lastFailure.message}` : ''),
    );
  }
  return lines;
}
