/** Incidents for people: list them, acknowledge one (who, with a comment), audited and alerted. */
import { z } from 'zod';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import type { CoreDeps } from '../runtime/deps.js';
import { fromJsonColumn } from '../store/json.js';
import { type AlertSink, incidentAlert } from './alert-sink.js';
import { findByIdPrefix } from './id-prefix.js';
import { toOpenIncident } from './monitor-store.js';
import type { IncidentSeverity, IncidentsTable } from './tables.js';

export const INCIDENT_FILTERS = ['open', 'resolved', 'all'] as const;
export type IncidentFilter = (typeof INCIDENT_FILTERS)[number];

export interface IncidentView {
  readonly id: string;
  readonly checkId: string;
  readonly object: string;
  readonly objectName: string;
  readonly host: string | null;
  readonly tags: string[];
  readonly severity: IncidentSeverity;
  readonly status: 'open' | 'acknowledged' | 'resolved';
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly durationMs: number;
  readonly message: string;
  readonly lastMessage: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly ackComment: string | null;
  /** `ECWAN` when the incident is shown as "unreachable because of ECWAN". */
  readonly unreachableBecauseOf: string | null;
  readonly suppressedBy: string | null;
  readonly heldByMaintenance: string | null;
  readonly alerted: boolean;
  readonly flapping: boolean;
}

export const ackInputSchema = z.strictObject({
  comment: z.string().trim().min(1).max(2000).describe('what is being done about it'),
});

export async function listIncidents(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  options: {
    filter?: IncidentFilter | undefined;
    checkId?: string | undefined;
    limit?: number | undefined;
  } = {},
): Promise<IncidentView[]> {
  let query = deps.store.db.selectFrom('incidents').selectAll();
  if (options.filter === 'open' || options.filter === undefined)
    query = query.where('resolved_at', 'is', null);
  if (options.filter === 'resolved') query = query.where('resolved_at', 'is not', null);
  if (options.checkId !== undefined) query = query.where('check_id', '=', options.checkId);
  const rows = await query
    .orderBy('opened_at', 'desc')
    .limit(options.limit ?? 200)
    .execute();
  const nowMs = deps.clock.now().getTime();
  return rows.map((row) => toIncidentView(row, nowMs));
}

/**
 * Records who acknowledged an open incident and why; the alert `incident_acknowledged` stops the
 * escalation (when an alert went out). Acknowledging again replaces the comment.
 */
export async function acknowledgeIncident(
  deps: Pick<CoreDeps, 'store' | 'clock'> & { readonly alerts: AlertSink },
  input: { readonly id: string; readonly actor: string; readonly comment: string },
): Promise<IncidentView> {
  const comment = input.comment.trim();
  if (comment === '' || comment.length > 2000) {
    throw new AppError('BAD_INPUT', 'An acknowledgement needs a comment of 1 to 2000 characters', {
      hint: 'Say what is being done about it, e.g. --comment "nginx restarted, watching".',
      details: { field: 'comment' },
    });
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const row = await deps.store.transaction(async (trx) => {
    const before = await findByIdPrefix(trx, 'incidents', input.id, 'incident');
    if (before.resolved_at !== null) {
      throw new AppError(
        'CONFLICT',
        `The incident ${before.id} is already resolved (at ${before.resolved_at})`,
        {
          hint: 'Only open incidents can be acknowledged.',
        },
      );
    }
    const after: IncidentsTable = {
      ...before,
      acknowledged_at: at,
      acknowledged_by: input.actor,
      ack_comment: comment,
      updated_at: at,
    };
    await trx
      .updateTable('incidents')
      .set({ acknowledged_at: at, acknowledged_by: input.actor, ack_comment: comment, updated_at: at })
      .where('id', '=', before.id)
      .execute();
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor: input.actor,
      action: 'incident.acknowledge',
      targetKind: 'incident',
      targetKey: before.id,
      before: { acknowledged_by: before.acknowledged_by, ack_comment: before.ack_comment },
      after: { acknowledged_by: input.actor, ack_comment: comment, check_id: before.check_id },
    });
    if (Number(before.alerted) === 1) {
      await deps.alerts.enqueue(
        trx,
        incidentAlert('incident_acknowledged', toOpenIncident(after), at, {
          acknowledgedBy: input.actor,
          comment,
        }),
      );
    }
    return after;
  });
  return toIncidentView(row, now.getTime());
}

function toIncidentView(row: IncidentsTable, nowMs: number): IncidentView {
  const end = row.resolved_at === null ? nowMs : Date.parse(row.resolved_at);
  return {
    id: row.id,
    checkId: row.check_id,
    object: row.object,
    objectName: row.object_name,
    host: row.host,
    tags: fromJsonColumn<string[]>(row.tags) ?? [],
    severity: row.severity,
    status: row.resolved_at !== null ? 'resolved' : row.acknowledged_at !== null ? 'acknowledged' : 'open',
    openedAt: row.opened_at,
    resolvedAt: row.resolved_at,
    durationMs: Math.max(0, end - Date.parse(row.opened_at)),
    message: row.message,
    lastMessage: row.last_message,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    ackComment: row.ack_comment,
    unreachableBecauseOf: row.suppressed_label,
    suppressedBy: row.suppressed_by,
    heldByMaintenance: row.held_by,
    alerted: Number(row.alerted) === 1,
    flapping: Number(row.flapping) === 1,
  };
}
