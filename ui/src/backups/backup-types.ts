/** The backup API's answers, as the pages read them (see docs/api.md and src/backup/routes.ts). */

export type RunStatus = 'running' | 'written' | 'verified' | 'failed' | 'pruned';
export type DrillStatus = 'running' | 'passed' | 'failed';
export type RpoState = 'ok' | 'late' | 'none';
export type SourceKind = 'postgresql' | 'mariadb' | 'files';

export interface RunArtifact {
  readonly filename: string;
  readonly snapshotId: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly addedBytes: number;
  readonly reader: string;
}

export interface BackupRun {
  readonly id: string;
  readonly source: string;
  readonly sourceKind: string;
  readonly destination: string;
  readonly trigger: string;
  readonly actor: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly takenAt: string | null;
  readonly durationMs: number | null;
  readonly artifacts: readonly RunArtifact[];
  readonly sizeBytes: number | null;
  readonly addedBytes: number | null;
  readonly sourceVersion: string | null;
  readonly toolVersion: string | null;
  readonly rowCounts: readonly { readonly table: string; readonly rows: number }[] | null;
  readonly warnings: readonly string[];
  readonly error: string | null;
  readonly verifiedAt: string | null;
  readonly copies: readonly {
    readonly destination: string;
    readonly at: string;
    readonly error: string | null;
  }[];
}

export interface DrillCheck {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface RestoreDrill {
  readonly id: string;
  readonly runId: string;
  readonly source: string;
  readonly trigger: string;
  readonly actor: string;
  readonly status: DrillStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly target: string;
  readonly restoreMs: number | null;
  readonly checks: readonly DrillCheck[];
  readonly error: string | null;
}

/** One backed-up service with its measured RPO and RTO. */
export interface SourceStatus {
  readonly source: string;
  readonly kind: string;
  readonly object: { readonly kind: string; readonly id: string; readonly name: string };
  readonly host: string;
  readonly schedule: string;
  readonly destinations: readonly string[];
  readonly rpoSeconds: number | null;
  readonly rpoTargetSeconds: number;
  readonly rpoState: RpoState;
  readonly lastVerified: BackupRun | null;
  readonly lastRun: BackupRun | null;
  readonly rtoMs: number | null;
  readonly lastDrill: RestoreDrill | null;
  readonly problem: string | null;
}

export interface BackupOverview {
  readonly timeZone: string;
  readonly sources: readonly SourceStatus[];
  readonly disabled: readonly { readonly source: string; readonly reason: string }[];
  readonly destinations: readonly { readonly id: string; readonly type: string }[];
}

export type JobKind = 'backup' | 'verify' | 'drill' | 'restore';

/** Work started from the web, running or ended in the last ten minutes. */
export interface BackupJob {
  readonly id: string;
  readonly kind: JobKind;
  /** A source (`database:opendata`) or a run (`run:<id>`) for verifications. */
  readonly source: string;
  readonly actor: string;
  readonly startedAt: string;
  readonly stage: string;
  readonly bytes: number;
  readonly finishedAt: string | null;
  readonly result: {
    readonly runId?: string;
    readonly drillId?: string;
    readonly status: string;
  } | null;
  readonly error: string | null;
}

/** Where a restore goes: omitted means back to where the backup came from. */
export interface RestoreTarget {
  readonly database?: string;
  readonly server?: string;
  readonly host?: string;
  readonly path?: string;
}

export interface RestoreRequest {
  readonly runId: string;
  readonly target?: RestoreTarget;
  readonly dryRun?: boolean;
  readonly confirm?: string;
  readonly allowUnverified?: boolean;
}

/** What a restore would do, from a dry run. */
export interface RestorePlan {
  readonly runId: string;
  readonly source: string;
  readonly sourceKind: string;
  readonly takenAt: string | null;
  readonly sizeBytes: number | null;
  readonly verified: boolean;
  readonly target: { readonly kind: string; readonly description: string; readonly name: string };
  readonly destructive: boolean;
  /** The text to type before a destructive restore runs. */
  readonly confirmWith: string | null;
  readonly steps: readonly string[];
}
