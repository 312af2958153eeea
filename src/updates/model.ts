/**
 * What `vigie updates` learns from a host: its pending updates (current → candidate), which of them
 * are security fixes and with which CVEs, and whether a reboot is required now or will be after
 * updating. Instants are ISO 8601 UTC.
 */

export type PackageManagerKind = 'apt' | 'dnf';

/** Debian's urgencies (and dnf's severities mapped onto them), lowest first. */
export const URGENCIES = ['unknown', 'unimportant', 'low', 'medium', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Where a CVE id came from: the imported security feed, or the candidate's changelog (or advisory). */
export type CveSource = 'feed' | 'changelog' | 'advisory';

export interface CveReference {
  /** `CVE-2026-11111`. */
  readonly id: string;
  readonly from: readonly CveSource[];
}

export interface PendingUpdate {
  readonly package: string;
  readonly architecture: string;
  /** Null for a package the upgrade would newly install. */
  readonly currentVersion: string | null;
  readonly candidateVersion: string;
  /** The source package (what security feeds are keyed by). */
  readonly sourcePackage: string;
  /** Where the candidate comes from, as the package manager says: `Debian-Security:12/bookworm-security`. */
  readonly origins: readonly string[];
  readonly security: boolean;
  readonly cves: readonly CveReference[];
  readonly urgency: Urgency;
  /** Installing it will need a reboot (see docs/updates.md for the rule). */
  readonly needsReboot: boolean;
  readonly rebootReason: string | null;
}

/** What a package manager reads from a host, before the security feed is consulted. */
export interface PackageManagerReading {
  readonly updates: readonly PendingUpdate[];
  /** A reboot is required now (/var/run/reboot-required, `needs-restarting -r`). */
  readonly rebootRequired: boolean;
  /** The packages that asked for it, when known. */
  readonly rebootPackages: readonly string[];
  /** What could not be read (a changelog out of reach...): the rest stands. */
  readonly notes: readonly string[];
}

export interface OsRelease {
  /** `debian`, `ubuntu`, `rocky`... */
  readonly id: string;
  readonly idLike: readonly string[];
  readonly version: string;
  /** `bookworm`; empty when the OS has none. */
  readonly codename: string;
}

/** One check of one host, as stored. */
export interface UpdatesSnapshot {
  readonly id: string;
  readonly host: string;
  readonly checkedAt: string;
  readonly manager: PackageManagerKind;
  readonly os: OsRelease;
  /** Package lists were refreshed first (not with --no-refresh). */
  readonly refreshed: boolean;
  readonly rebootRequired: boolean;
  readonly rebootPackages: readonly string[];
  readonly updates: readonly (PendingUpdate & { readonly firstSeenAt: string | null })[];
  readonly notes: readonly string[];
}

/** A check that failed: where and why, for people. */
export interface UpdatesCheckFailure {
  readonly host: string;
  readonly checkedAt: string;
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
}

export type HostCheckOutcome =
  | { readonly host: string; readonly ok: true; readonly snapshot: UpdatesSnapshot }
  | { readonly host: string; readonly ok: false; readonly failure: UpdatesCheckFailure };

/** A host's place in the rack's exposure ranking (docs/updates.md explains the score). */
export interface HostExposure {
  readonly host: string;
  readonly score: number;
  readonly checkedAt: string | null;
  readonly pendingCount: number;
  readonly securityCount: number;
  readonly cveCount: number;
  readonly maxUrgency: Urgency;
  /** When the oldest pending security update was first seen, and its age in days now. */
  readonly oldestSecurityFirstSeenAt: string | null;
  readonly oldestSecurityAgeDays: number | null;
  readonly rebootRequired: boolean;
  readonly rebootNeededByUpdates: boolean;
  /** The last check failed: the figures above are from the last good one (if any). */
  readonly lastFailure: UpdatesCheckFailure | null;
}
