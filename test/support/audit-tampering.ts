/**
 * What an attacker with write access to the database can do to the audit trail, for the tests that
 * prove verification catches it: lift the append-only triggers, then edit rows directly.
 */
import { sql } from 'kysely';
import { appendAuditEvent, hashAuditRow } from '../../src/audit/append.js';
import type { AuditEventsTable } from '../../src/audit/tables.js';
import type { Store } from '../../src/store/store.js';
import type { Clock } from '../../src/time/clock.js';

/** A clock that starts at `start` and moves one second per reading, so rows have distinct times. */
export function steppingClock(start = '2026-03-01T08:00:00.000Z'): Clock {
  let next = Date.parse(start);
  return {
    now: () => {
      const now = new Date(next);
      next += 1000;
      return now;
    },
  };
}

/** Appends `count` events through the real append path, `perTransaction` at a time. */
export async function appendEvents(
  store: Store,
  clock: Clock,
  count: number,
  perTransaction = 100,
): Promise<void> {
  for (let done = 0; done < count; done += perTransaction) {
    await store.transaction(async (trx) => {
      for (let i = done; i < Math.min(count, done + perTransaction); i += 1) {
        await appendAuditEvent({ clock, dialect: store.dialect }, trx, {
          actor: i % 3 === 0 ? 'user:alice' : 'cli:root',
          action: i % 2 === 0 ? 'inventory.apply' : 'user.add',
          targetKind: 'vm',
          targetKey: `vm-${i % 7}`,
          before: i % 2 === 0 ? { memory: '8GiB' } : null,
          after: { memory: '16GiB', index: i + 1 },
          meta: { ip: '127.0.0.1' },
        });
      }
    });
  }
}

/** Drops (SQLite) or disables (PostgreSQL) the triggers that make the table append-only. */
export async function liftAppendOnlyGuard(store: Store): Promise<void> {
  if (store.dialect === 'sqlite') {
    await sql`DROP TRIGGER audit_events_no_update`.execute(store.db);
    await sql`DROP TRIGGER audit_events_no_delete`.execute(store.db);
  } else {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`.execute(store.db);
  }
}

export async function readRow(store: Store, seq: number): Promise<AuditEventsTable> {
  return await store.db
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
}

export async function deleteRows(store: Store, fromSeq: number, toSeq: number): Promise<void> {
  await store.db.deleteFrom('audit_events').where('seq', '>=', fromSeq).where('seq', '<=', toSeq).execute();
}

/** A row with a correct hash of its own, as anyone who knows the format can compute. */
export function forgeRow(fields: Omit<AuditEventsTable, 'hash'>): AuditEventsTable {
  return { ...fields, hash: hashAuditRow(fields) };
}

/** Rewrites rows `fromSeq..` with `change` applied to the first, recomputing every hash after it. */
export async function rewriteChainFrom(
  store: Store,
  fromSeq: number,
  change: (row: AuditEventsTable) => Partial<AuditEventsTable>,
): Promise<void> {
  const rows = await store.db
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .execute();
  let prevHash = (await readRow(store, fromSeq - 1)).hash;
  for (const [index, row] of rows.entries()) {
    const { hash: _old, ...rest } = { ...row, ...(index === 0 ? change(row) : {}), prev_hash: prevHash };
    const forged = forgeRow(rest);
    await store.db.updateTable('audit_events').set(forged).where('seq', '=', row.seq).execute();
    prevHash = forged.hash;
  }
}
