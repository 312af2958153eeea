/**
 * Which checks this process runs. One monitor runs every check (`allChecksLease`); several workers
 * sharing one PostgreSQL store take leases on check ids (`storeCheckLease`): a lease row per check,
 * taken when free or expired and renewed at every claim, so no check runs in two workers and a
 * dead worker's checks are taken over once its leases expire.
 */
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';

export interface CheckLease {
  readonly workerId: string;
  /** Takes or renews leases among `checkIds`; returns those this worker holds now. */
  claim(checkIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Gives every lease back (on a clean stop), so another worker takes them at once. */
  release(): Promise<void>;
}

/** The single-process lease: this monitor runs every check. */
export function allChecksLease(workerId = 'local'): CheckLease {
  return {
    workerId,
    claim: async (checkIds) => new Set(checkIds),
    release: async () => {},
  };
}

export interface StoreLeaseOptions {
  readonly workerId: string;
  /** How long a lease lasts without renewal; claim at least twice per this period. */
  readonly ttlMs: number;
  /** At most this many checks per worker (the others are left to other workers). */
  readonly maxChecks?: number | undefined;
}

/** Leases as rows of `check_leases`; works on both dialects, meant for PostgreSQL with several workers. */
export function storeCheckLease(
  deps: { readonly store: Store; readonly clock: Clock },
  options: StoreLeaseOptions,
): CheckLease {
  const { workerId, ttlMs } = options;
  return {
    workerId,
    claim: async (checkIds) => {
      const now = deps.clock.now();
      const nowIso = now.toISOString();
      const expires = new Date(now.getTime() + ttlMs).toISOString();
      return deps.store.transaction(async (trx) => {
        const held = await trx
          .selectFrom('check_leases')
          .select(['check_id', 'worker_id', 'expires_at'])
          .execute();
        const byCheck = new Map(held.map((row) => [row.check_id, row]));
        const candidates = checkIds
          .filter((id) => {
            const lease = byCheck.get(id);
            return lease === undefined || lease.worker_id === workerId || lease.expires_at <= nowIso;
          })
          .slice(0, options.maxChecks ?? Infinity);
        const mine = new Set<string>();
        for (let index = 0; index < candidates.length; index += 500) {
          // The WHERE makes each take atomic: another worker's fresh lease written meanwhile is kept.
          const taken = await trx
            .insertInto('check_leases')
            .values(
              candidates
                .slice(index, index + 500)
                .map((id) => ({ check_id: id, worker_id: workerId, expires_at: expires })),
            )
            .onConflict((conflict) =>
              conflict
                .column('check_id')
                .doUpdateSet({ worker_id: workerId, expires_at: expires })
                .where((eb) =>
                  eb.or([
                    eb('check_leases.worker_id', '=', workerId),
                    eb('check_leases.expires_at', '<=', nowIso),
                  ]),
                ),
            )
            .returning('check_id')
            .execute();
          for (const row of taken) mine.add(row.check_id);
        }
        // Leases on checks that no longer exist are dropped.
        if (checkIds.length > 0) {
          await trx
            .deleteFrom('check_leases')
            .where('worker_id', '=', workerId)
            .where('check_id', 'not in', [...checkIds])
            .execute();
        }
        return mine;
      });
    },
    release: async () => {
      await deps.store.db.deleteFrom('check_leases').where('worker_id', '=', workerId).execute();
    },
  };
}

/** For tests and status: who holds what. */
export async function leaseHolders(store: Store): Promise<Map<string, string>> {
  const rows = await store.db.selectFrom('check_leases').select(['check_id', 'worker_id']).execute();
  return new Map(rows.map((row) => [row.check_id, row.worker_id]));
}
