/** `vigie drift` for people: per host, its facts' age, then each finding with what to do. */
import { formatInstant } from '../../time/format.js';
import type { DriftFinding } from '../model.js';
import type { DriftReport, HostDrift, SeverityCounts } from './drift-report.js';

/** `3 min`, `2 h`, `5 days`: how old the facts are. */
export function formatAge(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  const days = Math.round(seconds / 86_400);
  return `${days} day${days === 1 ? '' : 's'}`;
}

export function formatCounts(counts: SeverityCounts): string {
  return `${counts.critical} critical, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info`;
}

/** The whole report, host by host, ending with the totals. */
export function formatDriftReport(report: DriftReport, timeZone: string): string[] {
  const lines: string[] = [];
  for (const host of report.hosts) lines.push(...formatHostDrift(host, timeZone), '');
  const n = report.hosts.length;
  const never = report.hostsWithoutFacts === 0 ? '' : `, ${report.hostsWithoutFacts} never gathered`;
  lines.push(`Drift: ${formatCounts(report.counts)} on ${n} host${n === 1 ? '' : 's'}${never}.`);
  return lines;
}

export function formatHostDrift(host: HostDrift, timeZone: string): string[] {
  const title = host.name === host.host ? host.host : `${host.host} (${host.name})`;
  const lines: string[] = [];
  if (host.gatheredAt === null) {
    lines.push(`${title}: facts never gathered, drift unknown; run \`vigie facts ${host.host}\`.`);
  } else {
    const age = host.factsAgeSeconds === null ? '' : `, ${formatAge(host.factsAgeSeconds)} ago`;
    const state = host.findings.length === 0 ? 'no drift found' : formatCounts(host.counts);
    lines.push(`${title}: ${state} (facts of ${formatInstant(host.gatheredAt, timeZone)}${age})`);
  }
  const attempt = host.lastAttempt;
  if (attempt !== null && !attempt.ok) {
    lines.push(
      `  last gathering FAILED at ${formatInstant(attempt.attemptedAt, timeZone)}: ${attempt.error?.message ?? ''}`,
    );
  }
  for (const finding of host.findings) lines.push(...formatFinding(finding));
  for (const skip of host.skipped)
    lines.push(`  ${skip.partial ? 'partly checked' : 'not checked'} (${skip.check}): ${skip.reason}`);
  return lines;
}

function formatFinding(finding: DriftFinding): string[] {
  const label = finding.severity.toUpperCase().padEnd(8);
  return [`  ${label} ${finding.kind}: ${finding.message}`, `           → ${finding.action}`];
}
