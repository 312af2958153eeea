/** Store table of the audit trail: append-only, hash-chained. */

export interface AuditEventsTable {
  /** Position in the chain, 1-based, no gaps. */
  seq: number;
  at: string;
  actor: string;
  /** Dotted verb, e.g. `inventory.apply`, `user.add`, `auth.login`, `auth.login_failed`. */
  action: string;
  target_kind: string | null;
  target_key: string | null;
  /** JSON or null. */
  before: string | null;
  after: string | null;
  /** JSON of context (ip, user agent, revision id...) or null. */
  meta: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
}
