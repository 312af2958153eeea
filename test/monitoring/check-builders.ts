/** Builders for monitoring tests: check definitions with real probe options, and an alert sink that records. */
import type { Kysely } from 'kysely';
import type { AlertEvent } from '../../src/alerting/model.js';
import type { AlertSink } from '../../src/monitoring/alert-sink.js';
import type { CheckDefinition, CheckPolicy } from '../../src/monitoring/check-definition.js';
import { findProbe } from '../../src/probes/registry.js';
import type { Database } from '../../src/store/database.js';

export interface CheckOptions {
  readonly host?: string;
  readonly parents?: readonly string[];
  readonly tags?: readonly string[];
  readonly policy?: Partial<CheckPolicy>;
  readonly objectName?: string;
  /** Probe kind and options; a TCP check of 127.0.0.1:9 unless told. */
  readonly kind?: string;
  readonly options?: Record<string, unknown>;
}

/** A check `kind/key/name` as `deriveChecks` would give it. */
export function checkDef(id: string, options: CheckOptions = {}): CheckDefinition {
  const [kind = '', key = '', name = ''] = id.split('/');
  const probeKind = options.kind ?? 'tcp';
  return {
    id,
    object: `${kind}/${key}`,
    objectName: options.objectName ?? key,
    name,
    kind: probeKind,
    spec: findProbe(probeKind).specSchema.parse(options.options ?? { host: '127.0.0.1', port: 9 }),
    policy: { intervalMs: 1000, retries: 0, recoveries: 1, ...options.policy },
    host: options.host,
    tags: options.tags ?? [],
    parents: options.parents ?? [],
    source: `${kind}s.yaml:1:3`,
  };
}

export interface RecordingSink extends AlertSink {
  readonly events: AlertEvent[];
  /** `kind title` of each event, for compact assertions. */
  summary(): string[];
}

/** Records the events it is given; refuses a call outside a transaction, as the outbox would need one. */
export function recordingSink(): RecordingSink {
  const events: AlertEvent[] = [];
  return {
    events,
    enqueue: async (trx: Kysely<Database>, event: AlertEvent) => {
      if (!trx.isTransaction) throw new Error('alerts must be enqueued inside the incident transaction');
      events.push(event);
    },
    summary: () => events.map((event) => `${event.kind} ${event.title}`),
  };
}

export const up = (message = 'answered') => ({ status: 'up' as const, latencyMs: 5, message });
export const down = (message = 'connection refused') => ({ status: 'down' as const, latencyMs: 5, message });
