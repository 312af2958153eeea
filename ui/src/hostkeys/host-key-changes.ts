/** Reads the key list for what needs a decision: a pending key, and whether it would replace an approved one. */
import type { HostKey, SecurityAlert } from '../api/types.js';

/** The approved key a pending key of the same host would replace (a changed key), if any. */
export function approvedKeyOf(keys: readonly HostKey[], host: string): HostKey | undefined {
  return keys.find((key) => key.host === host && key.status === 'approved');
}

/** The two fingerprints a changed-key alert names, when its details carry them. */
export function alertFingerprints(alert: SecurityAlert): { approved: string; presented: string } | null {
  const details = alert.details;
  if (typeof details !== 'object' || details === null) return null;
  const record = details as Record<string, unknown>;
  const approved = record.approvedFingerprint;
  const presented = record.presentedFingerprint;
  if (typeof approved !== 'string' || typeof presented !== 'string') return null;
  return { approved, presented };
}

/** An alert still needs attention while the key it reports waits for a decision. */
export function isAlertOpen(alert: SecurityAlert, keys: readonly HostKey[]): boolean {
  const prints = alertFingerprints(alert);
  if (prints === null || alert.host === null) return true;
  return keys.some(
    (key) => key.host === alert.host && key.fingerprint === prints.presented && key.status === 'pending',
  );
}

/** Fingerprints as people paste them: surrounding spaces dropped, the `SHA256:` prefix optional. */
export function sameFingerprint(typed: string, expected: string): boolean {
  const clean = typed.trim().replace(/=+$/, '');
  return clean === expected || `SHA256:${clean}` === expected;
}
