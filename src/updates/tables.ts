/** Store tables of the updates domain: checks with their pending updates, first sightings, the security feed. */

export interface UpdateChecksTable {
  id: string;
  host: string;
  checked_at: string;
  /** 1 when the check read the host, 0 when it failed (then `error_*` say why). */
  ok: number;
  manager: string | null;
  /** JSON OsRelease. */
  os: string | null;
  refreshed: number;
  reboot_required: number;
  /** JSON array of package names. */
  reboot_packages: string;
  pending_count: number;
  security_count: number;
  cve_count: number;
  max_urgency: string;
  /** JSON array of strings. */
  notes: string;
  error_code: string | null;
  error_message: string | null;
  error_hint: string | null;
  actor: string;
}

export interface PendingUpdatesTable {
  check_id: string;
  package: string;
  architecture: string;
  current_version: string | null;
  candidate_version: string;
  source_package: string;
  /** JSON array of origins. */
  origins: string;
  security: number;
  /** JSON array of CveReference. */
  cves: string;
  urgency: string;
  needs_reboot: number;
  reboot_reason: string | null;
}

/** A pending security update's presence on a host: from its first sighting until it is gone. */
export interface SecurityUpdateSightingsTable {
  host: string;
  package: string;
  first_seen_at: string;
  last_seen_at: string;
  /** Set by the first check that no longer finds it pending. */
  resolved_at: string | null;
}

export interface SecurityFeedImportsTable {
  id: string;
  imported_at: string;
  /** The file path or URL it came from. */
  source: string;
  sha256: string;
  entry_count: number;
  /** JSON array of release codenames found. */
  releases: string;
  actor: string;
}

/** One fixed CVE of one source package in one release (the feed's resolved entries). */
export interface SecurityFeedEntriesTable {
  release: string;
  source_package: string;
  cve: string;
  fixed_version: string;
  urgency: string;
  description: string | null;
}

export interface UpdatesTables {
  update_checks: UpdateChecksTable;
  pending_updates: PendingUpdatesTable;
  security_update_sightings: SecurityUpdateSightingsTable;
  security_feed_imports: SecurityFeedImportsTable;
  security_feed_entries: SecurityFeedEntriesTable;
}
