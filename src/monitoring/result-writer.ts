/**
 * Writes a batch of monitor decisions in one transaction: incident openings, updates and resolutions
 * (each resolution with its journal entry, each alert through the sink, all in that transaction),
 * the latest states due (see `MonitorCore.takePending`), state changes, and the rollup increments
 * due. Rows go in multi-row statements, so a second of 333 results is a handful of statements.
 */
import { appendJournalEntry } from '../journal/append.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import type { AlertSink } from './alert-sink.js';
import { batchUpsert, type UpsertShape } from './batch-upsert.js';
import type { MonitorCore } from './monitor-core.js';
import type { PendingWrites, RollupDelta } from './pending-writes.js';

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
    const upsert = upserts[deps.store.dialect];
    for (let index = 0; index < states.length; index += CHUNK) {
      await upsert.states.run(trx, states.slice(index, index + CHUNK));
    }
    for (let index = 0; index < pending.stateChanges.length; index += CHUNK) {
      await trx
        .insertInto('check_state_changes')
        .values(pending.stateChanges.slice(index, index + CHUNK))
        .execute();
    }
    const rollups: unknown[][] = [];
    for (const deltas of pending.rollups.values())
      for (const delta of deltas.values()) rollups.push(rollupRow(delta));
    for (let index = 0; index < rollups.length; index += CHUNK) {
      await upsert.rollups.run(trx, rollups.slice(index, index + CHUNK));
    }
  });
}

/** The values of a `check_states` row, in `STATES_SHAPE`'s column order. */
function stateRow(check: NonNullable<ReturnType<MonitorCore['get']>>, now: string): unknown[] {
  const { def, state } = check;
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return [
    def.id,
    def.object,
    def.kind,
    def.host ?? null,
    state.state,
    iso(state.sinceMs),
    state.failStreak,
    state.okStreak,
    state.lastStatus,
    state.lastMessage,
    state.lastLatencyMs,
    iso(state.lastAtMs),
    state.lastMetrics === null ? null : JSON.stringify(state.lastMetrics),
    state.flapping ? 1 : 0,
    state.recentChanges.length === 0 ? '[]' : JSON.stringify(state.recentChanges),
    check.incident?.id ?? null,
    now,
  ];
}

const STATES_SHAPE: UpsertShape = {
  table: 'check_states',
  columns: [
    ['check_id', 'text'],
    ['object', 'text'],
    ['kind', 'text'],
    ['host', 'text'],
    ['state', 'text'],
    ['since', 'text'],
    ['fail_streak', 'integer'],
    ['ok_streak', 'integer'],
    ['last_status', 'text'],
    ['last_message', 'text'],
    ['last_latency_ms', 'integer'],
    ['last_at', 'text'],
    ['last_metrics', 'text'],
    ['flapping', 'integer'],
    ['recent_changes', 'text'],
    ['incident_id', 'text'],
    ['updated_at', 'text'],
  ],
  conflict: ['check_id'],
  set: [
    'object',
    'kind',
    'host',
    'state',
    'since',
    'fail_streak',
    'ok_streak',
    'last_status',
    'last_message',
    'last_latency_ms',
    'last_at',
    'last_metrics',
    'flapping',
    'recent_changes',
    'incident_id',
    'updated_at',
  ].map((column) => `${column} = excluded.${column}`),
};

function rollupsShape(dialect: Store['dialect']): UpsertShape {
  // SQLite's two-argument min()/max() are PostgreSQL's least()/greatest().
  const least = dialect === 'sqlite' ? 'min' : 'least';
  const greatest = dialect === 'sqlite' ? 'max' : 'greatest';
  return {
    table: 'check_rollups',
    columns: [
      ['check_id', 'text'],
      ['resolution', 'text'],
      ['bucket_start', 'text'],
      ['count', 'integer'],
      ['up_count', 'integer'],
      ['degraded_count', 'integer'],
      ['down_count', 'integer'],
      ['latency_sum_ms', 'bigint'],
      ['latency_min_ms', 'integer'],
      ['latency_max_ms', 'integer'],
    ],
    conflict: ['check_id', 'resolution', 'bucket_start'],
    set: [
      ...['count', 'up_count', 'degraded_count', 'down_count', 'latency_sum_ms'].map(
        (column) => `${column} = check_rollups.${column} + excluded.${column}`,
      ),
      `latency_min_ms = ${least}(check_rollups.latency_min_ms, excluded.latency_min_ms)`,
      `latency_max_ms = ${greatest}(check_rollups.latency_max_ms, excluded.latency_max_ms)`,
    ],
  };
}

const upserts = {
  sqlite: {
    states: batchUpsert(STATES_SHAPE, 'sqlite'),
    rollups: batchUpsert(rollupsShape('sqlite'), 'sqlite'),
  },
  postgres: {
    states: batchUpsert(STATES_SHAPE, 'postgres'),
    rollups: batchUpsert(rollupsShape('postgres'), 'postgres'),
  },
} as const;

function rollupRow(delta: RollupDelta): unknown[] {
  return [
    delta.checkId,
    delta.resolution,
    delta.bucketStart,
    delta.count,
    delta.up,
    delta.degraded,
    delta.down,
    delta.latencySum,
    delta.latencyMin,
    delta.latencyMax,
  ];
}
