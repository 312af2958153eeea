/** Appends events to the hash-chained audit trail. Call it inside the transaction of the change it records. */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, Dialect } from '../store/database.js';
import type { Clock } from '../time/clock.js';
import { canonicalJson } from './canonical-json.js';
import type { AuditEventsTable } from './tables.js';

export interface AuditEventInput {
  readonly actor: string;
  readonly action: string;
  readonly targetKind?: string | undefined;
  readonly targetKey?: string | undefined;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly meta?: unknown;
}

/** The hash of the (virtual) row before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditDeps {
  readonly clock: Clock;
  readonly dialect: Dialect;
}

/**
 * Appends one event, chained to the previous row. `trx` must be a transaction: on PostgreSQL an
 * advisory lock serialises appenders so that the chain never forks.
 */
export async function appendAuditEvent(
  deps: AuditDeps,
  trx: Kysely<Database>,
  input: AuditEventInput,
): Promise<AuditEventsTable> {
  if (deps.dialect === 'postgres') {
    await sql`SELECT pg_advisory_xact_lock(hashtext('vigie.audit_events'))`.execute(trx);
  }
  const last = await trx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const unhashed: Omit<AuditEventsTable, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: deps.clock.now().toISOString(),
    actor: input.actor,
    action: input.action,
    target_kind: input.targetKind ?? null,
    target_key: input.targetKey ?? null,
    before: jsonOrNull(input.before),
    after: jsonOrNull(input.after),
    meta: jsonOrNull(input.meta),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row: AuditEventsTable = { ...unhashed, hash: hashAuditRow(unhashed) };
  await trx.insertInto('audit_events').values(row).execute();
  return row;
}

/** The SHA-256 of a row's content and its predecessor's hash. */
export function hashAuditRow(row: Omit<AuditEventsTable, 'hash'>): string {
  const content = canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target_kind: row.target_kind,
    target_key: row.target_key,
    before: row.before,
    after: row.after,
    meta: row.meta,
    prev_hash: row.prev_hash,
  });
  return createHash('sha256').update(content).digest('hex');
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : canonicalJson(value);
}
