/** Reads the audit trail for people: newest first, filtered, paginated by `seq`. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/database.js';
import { fromJsonColumn } from '../store/json.js';

export interface AuditEventFilter {
  readonly targetKind?: string | undefined;
  readonly targetKey?: string | undefined;
  readonly actor?: string | undefined;
  /** An exact action (`user.add`) or a prefix ending with a dot (`inventory.`). */
  readonly action?: string | undefined;
  /** Only events older than this `seq` (the previous page's last `seq`). */
  readonly beforeSeq?: number | undefined;
  /** At most this many events (default 50, at most 500). */
  readonly limit?: number | undefined;
}

export interface AuditEventView {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly targetKind: string | null;
  readonly targetKey: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly meta: unknown;
}

export const MAX_AUDIT_PAGE = 500;

/** The events matching `filter`, newest first. */
export async function listAuditEvents(
  db: Kysely<Database>,
  filter: AuditEventFilter = {},
): Promise<AuditEventView[]> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_AUDIT_PAGE);
  let query = db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(limit);
  if (filter.targetKind !== undefined) query = query.where('target_kind', '=', filter.targetKind);
  if (filter.targetKey !== undefined) query = query.where('target_key', '=', filter.targetKey);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.action !== undefined) {
    query = filter.action.endsWith('.')
      ? query.where(sql<string>`substr(action, 1, ${filter.action.length})`, '=', filter.action)
      : query.where('action', '=', filter.action);
  }
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', filter.beforeSeq);
  const rows = await query.execute();
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    targetKind: row.target_kind,
    targetKey: row.target_key,
    before: readJson(row.before),
    after: readJson(row.after),
    meta: readJson(row.meta),
  }));
}

/** A tampered row may hold text that is not JSON: show it as it is rather than fail the whole page. */
function readJson(text: string | null): unknown {
  try {
    return fromJsonColumn(text);
  } catch (error) {
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}
