/**
 * Facts snapshots and gathering attempts in the store. Every gathering is one snapshot; each host keeps
 * the last `FACTS_RETENTION.perHost` of them, none older than `FACTS_RETENTION.days`.
 */
import type { Kysely } from 'kysely';
import type { CoreDeps } from '../runtime/deps.js';
import type { Database } from '../store/database.js';
import { fromJsonColumn, toJsonColumn } from '../store/json.js';
import type { HostFacts } from './model.js';
import { type FactsSummary, summarizeFacts } from './summary.js';

export const FACTS_RETENTION = { days: 90, perHost: 200 } as const;

type Db = Kysely<Database>;

/** Saves a snapshot and prunes the host's history beyond the retention. */
export async function saveFacts(deps: Pick<CoreDeps, 'store' | 'clock'>, facts: HostFacts): Promise<void> {
  const row = {
    host: facts.host,
    gathered_at: facts.gatheredAt,
    facts: toJsonColumn(facts),
    summary: toJsonColumn(summarizeFacts(facts)),
  };
  const oldest = new Date(deps.clock.now().getTime() - FACTS_RETENTION.days * 86_400_000).toISOString();
  await deps.store.transaction(async (trx) => {
    await trx
      .insertInto('facts_snapshots')
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(['host', 'gathered_at']).doUpdateSet({ facts: row.facts, summary: row.summary }),
      )
      .execute();
    const last = await trx
      .selectFrom('facts_snapshots')
      .select('gathered_at')
      .where('host', '=', facts.host)
      .orderBy('gathered_at', 'desc')
      .offset(FACTS_RETENTION.perHost - 1)
      .limit(1)
      .executeTakeFirst();
    const keepFrom = last !== undefined && last.gathered_at > oldest ? last.gathered_at : oldest;
    await trx
      .deleteFrom('facts_snapshots')
      .where('host', '=', facts.host)
      .where('gathered_at', '<', keepFrom)
      .execute();
  });
}

/** The newest snapshot of `host`, or undefined when its facts were never gathered. */
export async function latestFacts(db: Db, host: string): Promise<HostFacts | undefined> {
  const row = await db
    .selectFrom('facts_snapshots')
    .select('facts')
    .where('host', '=', host)
    .orderBy('gathered_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : parseFacts(row.facts);
}

/** The newest snapshot of every host that has one, ordered by host. */
export async function latestFactsForAll(db: Db): Promise<HostFacts[]> {
  const rows = await db
    .selectFrom('facts_snapshots as s')
    .select('s.facts')
    .where(({ eb, selectFrom }) =>
      eb(
        's.gathered_at',
        '=',
        selectFrom('facts_snapshots as newer')
          .select(({ fn }) => fn.max('newer.gathered_at').as('newest'))
          .whereRef('newer.host', '=', 's.host'),
      ),
    )
    .orderBy('s.host')
    .execute();
  return rows.map((row) => parseFacts(row.facts));
}

export interface FactsHistoryEntry {
  readonly gatheredAt: string;
  readonly summary: FactsSummary;
}

/** The host's snapshots, newest first, in short form. */
export async function factsHistory(
  db: Db,
  host: string,
  options: { limit: number },
): Promise<FactsHistoryEntry[]> {
  const rows = await db
    .selectFrom('facts_snapshots')
    .select(['gathered_at', 'summary'])
    .where('host', '=', host)
    .orderBy('gathered_at', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({
    gatheredAt: row.gathered_at,
    summary: fromJsonColumn<FactsSummary>(row.summary) as FactsSummary,
  }));
}

/** One snapshot of the host's history, by the instant it was gathered. */
export async function factsAt(db: Db, host: string, gatheredAt: string): Promise<HostFacts | undefined> {
  const row = await db
    .selectFrom('facts_snapshots')
    .select('facts')
    .where('host', '=', host)
    .where('gathered_at', '=', gatheredAt)
    .executeTakeFirst();
  return row === undefined ? undefined : parseFacts(row.facts);
}

export interface GatherAttempt {
  readonly host: string;
  readonly attemptedAt: string;
  readonly actor: string;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly error:
    | { readonly code: string; readonly message: string; readonly hint: string | undefined }
    | undefined;
}

/** Records the host's latest gathering attempt, replacing the previous one. */
export async function recordAttempt(deps: Pick<CoreDeps, 'store'>, attempt: GatherAttempt): Promise<void> {
  const row = {
    host: attempt.host,
    attempted_at: attempt.attemptedAt,
    actor: attempt.actor,
    ok: attempt.ok ? 1 : 0,
    duration_ms: attempt.durationMs,
    error_code: attempt.error?.code ?? null,
    error_message: attempt.error?.message ?? null,
    error_hint: attempt.error?.hint ?? null,
  };
  const { host: _host, ...update } = row;
  await deps.store.db
    .insertInto('facts_attempts')
    .values(row)
    .onConflict((conflict) => conflict.column('host').doUpdateSet(update))
    .execute();
}

/** The host's latest gathering attempt, or undefined when none was made. */
export async function lastAttempt(db: Db, host: string): Promise<GatherAttempt | undefined> {
  const row = await db.selectFrom('facts_attempts').selectAll().where('host', '=', host).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    host: row.host,
    attemptedAt: row.attempted_at,
    actor: row.actor,
    ok: row.ok === 1,
    durationMs: Number(row.duration_ms),
    error:
      row.error_code === null
        ? undefined
        : { code: row.error_code, message: row.error_message ?? '', hint: row.error_hint ?? undefined },
  };
}

function parseFacts(text: string): HostFacts {
  return fromJsonColumn<HostFacts>(text) as HostFacts;
}
