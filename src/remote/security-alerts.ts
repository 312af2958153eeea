/** Reads the security alerts the SSH layer raised (changed host keys), newest first. */
import type { Store } from '../store/store.js';

export interface SecurityAlertView {
  readonly id: string;
  readonly at: string;
  readonly kind: string;
  readonly host: string | null;
  readonly message: string;
  readonly details: unknown;
}

/** The latest alerts, optionally for one host. */
export async function listSecurityAlerts(
  deps: { readonly store: Store },
  filter: { readonly host?: string | undefined; readonly limit?: number | undefined } = {},
): Promise<SecurityAlertView[]> {
  let query = deps.store.db
    .selectFrom('security_alerts')
    .selectAll()
    .orderBy('at', 'desc')
    .limit(Math.min(Math.max(filter.limit ?? 50, 1), 500));
  if (filter.host !== undefined) query = query.where('host', '=', filter.host);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    kind: row.kind,
    host: row.host,
    message: row.message,
    details: row.details === null ? null : (JSON.parse(row.details) as unknown),
  }));
}
