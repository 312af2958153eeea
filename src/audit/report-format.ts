/** Renders verification reports and events as text for the terminal, times in the configured zone. */
import { formatInstant } from '../time/format.js';
import type { AuditFinding } from './audit-finding.js';
import type { CheckpointVerification } from './checkpoint.js';
import type { AuditEventView } from './list-events.js';
import type { AuditVerification } from './verify.js';

/** `audit trail intact: N events, head <hash12>`, or the list of findings. */
export function formatVerification(
  result: AuditVerification | CheckpointVerification,
  timeZone: string,
): string[] {
  const lines: string[] = [];
  if (result.ok) {
    lines.push(`audit trail intact: ${result.count} events, head ${result.headHash.slice(0, 12)}`);
  } else {
    const n = result.findingCount;
    lines.push(`audit trail BROKEN: ${n} finding${n === 1 ? '' : 's'} in ${result.count} events`);
    const width = Math.max(...result.findings.map((finding) => finding.kind.length));
    for (const finding of result.findings) lines.push(`  ${formatFinding(finding, timeZone, width)}`);
    const hidden = n - result.findings.length;
    if (hidden > 0) lines.push(`  ... and ${hidden} more`);
  }
  if ('checkpoint' in result) {
    const { checkpoint } = result;
    const when = formatInstant(checkpoint.createdAt, timeZone);
    const head = `${checkpoint.length} events, head ${checkpoint.headHash.slice(0, 12)}`;
    const key =
      checkpoint.signedByThisVigie === true
        ? `signed by this Vigie's key ${checkpoint.keyId}`
        : `key ${checkpoint.keyId}`;
    lines.push(`${result.ok ? 'extends' : 'checked against'} checkpoint of ${when} (${head}), ${key}`);
  }
  return lines;
}

/** One finding on one line: its kind, then its message with the row's time shown in `timeZone`. */
export function formatFinding(finding: AuditFinding, timeZone: string, kindWidth = 0): string {
  const message =
    finding.at === null
      ? finding.message
      : finding.message.replace(finding.at, formatInstant(finding.at, timeZone));
  return `${finding.kind.padEnd(kindWidth)}  ${message}`;
}

/** One event per line: seq, local time, actor, action, target. */
export function formatEvents(events: readonly AuditEventView[], timeZone: string): string[] {
  if (events.length === 0) return ['no audit events match'];
  const actorWidth = Math.max(...events.map((e) => e.actor.length));
  const actionWidth = Math.max(...events.map((e) => e.action.length));
  const seqWidth = String(events[0]?.seq ?? 0).length;
  return events.map((event) => {
    const target = event.targetKind === null ? '' : `${event.targetKind}/${event.targetKey ?? ''}`;
    return [
      String(event.seq).padStart(seqWidth),
      formatInstant(event.at, timeZone),
      event.actor.padEnd(actorWidth),
      event.action.padEnd(actionWidth),
      target,
    ]
      .join('  ')
      .trimEnd();
  });
}
