/**
 * Writes a batch of monitor decisions in one transaction: incident openings, updates and resolutions
 * (each resolution with its journal entry, each alert through the sink, all in that transaction),
 * the latest state of every check that ran, its state changes, and rollup increments. Rows go in
 * multi-row statements, so a second of 333 results is a handful of statements.
 */
import { type Kysely, sql } from 'kysely';
import { appendJournalEntry } from '../journal/append.js';
import type { Database } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import type { AlertSink } from './alert-sink.js';
import type { MonitorCore } from './monitor-core.js';
import type { PendingWrites } from './pending-writes.js';
import type { CheckStatesTable } from './tables.js';

export interface WriterDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly alerts: AlertSink;
}

/** Rows per multi-row statement: well under SQLite's 32,766 bound parameters. */
const CHUNK = 400;

export async function writePending(
  deps: WriterDeps,
  core: MonitorCore,
  pending: PendingWrites,
): Promise<void> {
  if (pending.empty) return;
  const now = deps.clock.now().toISOString();
  const states = [...pending.states].flatMap((id) => {
    const check = core.get(id);
    return check === undefined ? [] : [stateRow(check, now)];
  });
  await deps.store.transaction(async (trx) => {
    for (const effect of pending.incidents) {
      if (effect.kind === 'open') {
        await trx
          .insertInto('incidents')
          .values(effect.row)
          .onConflict((conflict) => conflict.column('check_id').where('resolved_at', 'is', null).doNothing())
          .execute();
      } else if (effect.kind === 'update') {
        await trx.updateTable('incidents').set(effect.set).where('id', '=', effect.id).execute();
      } else if (effect.kind === 'resolve') {
        const row = await trx
          .updateTable('incidents')
          .set({ resolved_at: effect.at, last_message: effect.lastMessage, updated_at: effect.at })
          .where('id', '=', effect.id)
          .where('resolved_at', 'is', null)
          .returning(['acknowledged_by', 'ack_comment'])
          .executeTakeFirst();
        if (row === undefined) continue;
        const ack =
          row.acknowledged_by === null
            ? []
            : [`Acknowledged by ${row.acknowledged_by}: ${row.ack_comment ?? ''}`];
        await appendJournalEntry({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
          ...effect.journal,
          detail: [effect.journal.detail, ...ack].filter(Boolean).join('\n'),
        });
      } else {
        await deps.alerts.enqueue(trx, effect.event);
      }
    }
    for (let index = 0; index < states.length; index += CHUNK) {
      await upsertStates(trx, states.slice(index, index + CHUNK));
    }
    for (let index = 0; index < pending.stateChanges.length; index += CHUNK) {
      await trx
        .insertInto('check_state_changes')
        .values(pending.stateChanges.slice(index, index + CHUNK))
        .execute();
    }
    const rollups = [...pending.rollups.values()];
    for (let index = 0; index < rollups.length; index += CHUNK) {
      await addRollups(trx, rollups.slice(index, index + CHUNK), deps.store.dialect);
    }
  });
}

function stateRow(check: NonNullable<ReturnType<MonitorCore['get']>>, now: string): CheckStatesTable {
  const { def, state } = check;
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    check_id: def.id,
    object: def.object,
    kind: def.kind,
    host: def.host ?? null,
    state: state.state,
    since: iso(state.sinceMs),
    fail_streak: state.failStreak,
    ok_streak: state.okStreak,
    last_status: state.lastStatus,
    last_message: state.lastMessage,
    last_latency_ms: state.lastLatencyMs,
    last_at: iso(state.lastAtMs),
    last_metrics: state.lastMetrics === null ? null : JSON.stringify(state.lastMetrics),
    flapping: state.flapping ? 1 : 0,
    recent_changes: JSON.stringify(state.recentChanges),
    incident_id: check.incident?.id ?? null,
    updated_at: now,
  };
}

async function upsertStates(trx: Kysely<Database>, rows: CheckStatesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('check_states')
    .values(rows)
    .onConflict((conflict) =>
      conflict.column('check_id').doUpdateSet((eb) => ({
        object: eb.ref('excluded.object'),
        kind: eb.ref('excluded.kind'),
        host: eb.ref('excluded.host'),
        state: eb.ref('excluded.state'),
        since: eb.ref('excluded.since'),
        fail_streak: eb.ref('excluded.fail_streak'),
        ok_streak: eb.ref('excluded.ok_streak'),
        last_status: eb.ref('excluded.last_status'),
        last_message: eb.ref('excluded.last_message'),
        last_latency_ms: eb.ref('excluded.last_latency_ms'),
        last_at: eb.ref('excluded.last_at'),
        last_metrics: eb.ref('excluded.last_metrics'),
        flapping: eb.ref('excluded.flapping'),
        recent_changes: eb.ref('excluded.recent_changes'),
        incident_id: eb.ref('excluded.incident_id'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

async function addRollups(
  trx: Kysely<Database>,
  deltas: PendingWrites['rollups'] extends Map<string, infer D> ? D[] : never,
  dialect: Store['dialect'],
): Promise<void> {
  if (deltas.length === 0) return;
  // SQLite's two-argument min()/max() are PostgreSQL's least()/greatest().
  const least = dialect === 'sqlite' ? sql.raw('min') : sql.raw('least');
  const greatest = dialect === 'sqlite' ? sql.raw('max') : sql.raw('greatest');
  await trx
    .insertInto('check_rollups')
    .values(
      deltas.map((delta) => ({
        check_id: delta.checkId,
        resolution: delta.resolution,
        bucket_start: delta.bucketStart,
        count: delta.count,
        up_count: delta.up,
        degraded_count: delta.degraded,
        down_count: delta.down,
        latency_sum_ms: delta.latencySum,
        latency_min_ms: delta.latencyMin,
        latency_max_ms: delta.latencyMax,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['check_id', 'resolution', 'bucket_start']).doUpdateSet({
        count: sql`check_rollups.count + excluded.count`,
        up_count: sql`check_rollups.up_count + excluded.up_count`,
        degraded_count: sql`check_rollups.degraded_count + excluded.degraded_count`,
        down_count: sql`check_rollups.down_count + excluded.down_count`,
        latency_sum_ms: sql`check_rollups.latency_sum_ms + excluded.latency_sum_ms`,
        latency_min_ms: sql`${least}(check_rollups.latency_min_ms, excluded.latency_min_ms)`,
        latency_max_ms: sql`${greatest}(check_rollups.latency_max_ms, excluded.latency_max_ms)`,
      }),
    )
    .execute();
}
