/**
 * Store tables of the backup domain: the repositories Vigie made, the catalog of backup runs (one row
 * per run of one source, written before the first byte), and restore drills.
 */

/** `running` until restic saved the snapshot; `written` until read back; `pruned` once retention dropped it. */
export type BackupRunStatus = 'running' | 'written' | 'verified' | 'failed' | 'pruned';

export type BackupSourceKind = 'postgresql' | 'mariadb' | 'files';

export interface BackupRepositoriesTable {
  /** The destination's inventory id. */
  destination: string;
  /** restic's repository string (a path, `sftp:user@host:/path`). */
  location: string;
  /** Name of the stored secret holding the repository password. */
  password_secret: string;
  created_at: string;
}

export interface BackupRunsTable {
  id: string;
  /** What was backed up: `database:offre-formation`, `files:host03-offre-formation`. */
  source: string;
  source_kind: BackupSourceKind;
  destination: string;
  trigger: 'schedule' | 'manual';
  actor: string;
  status: BackupRunStatus;
  started_at: string;
  finished_at: string | null;
  /** When the data was taken (the dump's snapshot), the RPO's reference. */
  taken_at: string | null;
  duration_ms: number | null;
  /** The files of the run, JSON: [{ filename, snapshotId, sha256, bytes, addedBytes, reader }]. */
  artifacts: string;
  size_bytes: number | null;
  added_bytes: number | null;
  source_version: string | null;
  tool_version: string | null;
  /** Rows per table at backup time, JSON [{ table, rows }]; what drills compare with. */
  row_counts: string | null;
  warnings: string;
  error: string | null;
  verified_at: string | null;
  /** Copies to further destinations, JSON [{ destination, at, error }]. */
  copies: string;
  /** The process that runs it (`host:pid`): a `running` row whose process is gone was interrupted. */
  worker: string;
}

export type DrillStatus = 'running' | 'passed' | 'failed';

export interface BackupDrillsTable {
  id: string;
  run_id: string;
  source: string;
  trigger: 'schedule' | 'manual';
  actor: string;
  status: DrillStatus;
  started_at: string;
  finished_at: string | null;
  /** Where the scratch copy went: `db03-postgresql/vigie_drill_x`. */
  target: string;
  /** From the first byte read to the restored database ready: the RTO. */
  restore_ms: number | null;
  /** Each sanity check with its outcome, JSON [{ check, ok, detail }]. */
  checks: string;
  error: string | null;
  worker: string;
}

export interface BackupTables {
  backup_repositories: BackupRepositoriesTable;
  backup_runs: BackupRunsTable;
  backup_drills: BackupDrillsTable;
}
