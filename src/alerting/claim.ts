/**
 * Claiming due notifications with a lease, so that one worker sends each: on PostgreSQL several
 * workers share the outbox through `FOR UPDATE SKIP LOCKED`; on SQLite the claim runs in a write
 * transaction (`BEGIN IMMEDIATE`), alone. A lease whose worker died expires and is taken over.
 */
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import type { AlertNotificationsTable } from './tables.js';

export interface ClaimInput {
  readonly workerId: string;
  readonly now: Date;
  readonly leaseMs: number;
  readonly limit: number;
  /** Only these notifications (a test sent from the command line). */
  readonly onlyIds?: readonly string[] | undefined;
}

/** Leases up to `limit` due notifications to `workerId`; counts the attempt. */
export async function claimDueNotifications(
  store: Store,
  input: ClaimInput,
): Promise<AlertNotificationsTable[]> {
  const at = input.now.toISOString();
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs).toISOString();
  if (input.onlyIds !== undefined && input.onlyIds.length === 0) return [];
  return await store.transaction(async (trx) => {
    const due = await trx
      .selectFrom('alert_notifications')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['open', 'retry']), eb('next_attempt_at', '<=', at)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', at)]),
        ]),
      )
      .$if(input.onlyIds !== undefined, (query) => query.where('id', 'in', [...(input.onlyIds ?? [])]))
      .orderBy('next_attempt_at')
      .limit(input.limit)
      .$if(store.dialect === 'postgres', (query) => query.forUpdate().skipLocked())
      .execute();
    if (due.length === 0) return [];
    return await trx
      .updateTable('alert_notifications')
      .set({
        status: 'sending',
        lease_owner: input.workerId,
        lease_until: leaseUntil,
        attempts: sql<number>`attempts + 1`,
      })
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
  });
}
