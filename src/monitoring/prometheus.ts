/**
 * Check results in the Prometheus text exposition format (version 0.0.4), for those who already run
 * Prometheus and Grafana: read from the latest-state table, one series per check.
 */
import type { CoreDeps } from '../runtime/deps.js';
import type { MonitorStats } from './monitor.js';
import type { CheckStateName } from './tables.js';

const STATES: readonly CheckStateName[] = ['up', 'degraded', 'down', 'unknown'];

/** The monitor's figures when it runs in this process (it may start after the web app, or not at all). */
export type MonitorStatsSource = () => MonitorStats | undefined;

/** The exposition of every check's latest state, and of the scheduler when this process runs it. */
export async function prometheusExposition(
  deps: Pick<CoreDeps, 'store'>,
  stats?: MonitorStatsSource | undefined,
): Promise<string> {
  const rows = await deps.store.db
    .selectFrom('check_states')
    .select(['check_id', 'object', 'kind', 'host', 'state', 'last_latency_ms', 'last_at'])
    .orderBy('check_id')
    .execute();
  const lines: string[] = [];
  const family = (name: string, type: 'gauge' | 'counter', help: string): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  const labelsOf = (row: (typeof rows)[number]) =>
    labels({ check: row.check_id, kind: row.kind, object: row.object, host: row.host ?? '' });

  family('vigie_check_up', 'gauge', 'Whether the check answers: 1 when up or degraded, 0 when down.');
  for (const row of rows)
    if (row.state !== 'unknown') lines.push(`vigie_check_up${labelsOf(row)} ${row.state === 'down' ? 0 : 1}`);
  family('vigie_check_state', 'gauge', 'The check state as a state set: 1 for the current state.');
  for (const row of rows)
    for (const state of STATES)
      lines.push(
        `vigie_check_state${labels({ check: row.check_id, kind: row.kind, object: row.object, host: row.host ?? '', state })} ${row.state === state ? 1 : 0}`,
      );
  family('vigie_check_latency_seconds', 'gauge', 'Latency of the latest result.');
  for (const row of rows)
    if (row.last_latency_ms !== null)
      lines.push(`vigie_check_latency_seconds${labelsOf(row)} ${Number(row.last_latency_ms) / 1000}`);
  family('vigie_check_last_run_timestamp_seconds', 'gauge', 'When the latest result came, in Unix seconds.');
  for (const row of rows)
    if (row.last_at !== null)
      lines.push(`vigie_check_last_run_timestamp_seconds${labelsOf(row)} ${Date.parse(row.last_at) / 1000}`);

  const current = stats?.();
  if (current !== undefined) {
    const sample = (name: string, type: 'gauge' | 'counter', help: string, value: number): void => {
      family(name, type, help);
      lines.push(`${name} ${value}`);
    };
    sample('vigie_scheduler_checks', 'gauge', 'Checks the scheduler runs.', current.checks);
    sample('vigie_scheduler_running', 'gauge', 'Checks running now.', current.running);
    sample('vigie_scheduler_waiting', 'gauge', 'Checks due and waiting for a free slot.', current.waiting);
    sample('vigie_scheduler_runs_total', 'counter', 'Check runs started.', current.runs);
    sample(
      'vigie_scheduler_skipped_total',
      'counter',
      'Slots skipped because the previous run had not finished.',
      current.skipped,
    );
    sample(
      'vigie_scheduler_missed_total',
      'counter',
      'Slots that passed while the process could not run anything (busy or suspended).',
      current.missed,
    );
    family('vigie_scheduler_lateness_seconds', 'gauge', 'Lateness of check starts over the latest samples.');
    for (const [quantile, ms] of [
      ['0.5', current.lateness.p50Ms],
      ['0.99', current.lateness.p99Ms],
      ['1', current.lateness.maxMs],
    ] as const)
      lines.push(`vigie_scheduler_lateness_seconds${labels({ quantile })} ${ms / 1000}`);
    sample(
      'vigie_monitor_check_problems',
      'gauge',
      'Invalid checks entries of the inventory, not run.',
      current.problems,
    );
    sample(
      'vigie_monitor_flush_seconds',
      'gauge',
      'Duration of the latest write of results.',
      current.lastFlushMs / 1000,
    );
    sample(
      'vigie_monitor_flush_failures_total',
      'counter',
      'Writes of results that failed (retried).',
      current.flushFailures,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `{a="1",b="x"}` with values escaped as the format requires (backslash, quote, newline). */
function labels(values: Record<string, string>): string {
  const parts = Object.entries(values).map(
    ([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return `{${parts.join(',')}}`;
}
