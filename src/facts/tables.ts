/** Store tables of the facts domain. */

/** One gathering of a host's facts; a host keeps its history (pruned by age and count on each save). */
export interface FactsSnapshotsTable {
  host: string;
  gathered_at: string;
  /** JSON of `HostFacts`. */
  facts: string;
  /** JSON of `FactsSummary`: what history lists show without reading every snapshot. */
  summary: string;
}

/** The last attempt to gather each host's facts, failed or not, so a page can say why the facts are old. */
export interface FactsAttemptsTable {
  host: string;
  attempted_at: string;
  /** Who asked: `cli:root`, `user:alice`, `job:facts`. */
  actor: string;
  /** 1 when the facts were read and saved, 0 when the gathering failed. */
  ok: number;
  duration_ms: number;
  error_code: string | null;
  error_message: string | null;
  error_hint: string | null;
}

export interface FactsTables {
  facts_snapshots: FactsSnapshotsTable;
  facts_attempts: FactsAttemptsTable;
}
