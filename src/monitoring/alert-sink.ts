/**
 * Where monitoring hands its alert events: the alerting domain's outbox, inside the transaction that
 * changes the incident (`outboxAlertSink`, or the monitor's own in `start-monitoring.ts`).
 */
import type { Kysely } from 'kysely';
import { enqueueAlert } from '../alerting/enqueue.js';
import type { AlertEvent, AlertEventKind, AlertSeverity } from '../alerting/model.js';
import { storedAlertingConfig } from '../alerting/stored-config.js';
import type { Logger } from '../log/logger.js';
import type { CoreDeps } from '../runtime/deps.js';
import type { Database } from '../store/database.js';
import { formatDuration } from './format.js';

export interface AlertSink {
  enqueue(trx: Kysely<Database>, event: AlertEvent): Promise<unknown>;
}

/**
 * A sink into the alerting outbox with the applied inventory's `alerting:` section, read inside the
 * incident's transaction (for one-off changes: an acknowledgement from the API or the command line).
 */
export function outboxAlertSink(deps: Pick<CoreDeps, 'store' | 'clock' | 'logger'>): AlertSink {
  return {
    enqueue: async (trx, event) => {
      const alerting = await storedAlertingConfig({ store: { ...deps.store, db: trx } });
      return enqueueAlert(
        { alerting, clock: deps.clock, logger: deps.logger, store: deps.store },
        trx,
        event,
      );
    },
  };
}

/** A sink that writes each event to the process log (info), for a process started without alerting. */
export function logAlertSink(logger: Logger): AlertSink {
  return {
    enqueue: async (_trx, event) => {
      logger.info({ alert: event }, `alert ${event.kind}: ${event.title}`);
    },
  };
}

/** A sink that prints each event's title on a line (the foreground `vigie monitor`), then passes it on. */
export function printingAlertSink(print: (line: string) => void, next: AlertSink): AlertSink {
  return {
    enqueue: async (trx, event) => {
      print(`alert: ${event.title}`);
      return next.enqueue(trx, event);
    },
  };
}

/** What an alert event says about an incident. */
export interface IncidentFacts {
  readonly id: string;
  readonly checkId: string;
  readonly object: string;
  readonly objectName: string;
  readonly host: string | null;
  readonly tags: readonly string[];
  readonly severity: AlertSeverity;
  readonly openedAt: string;
  readonly message: string;
}

const STATE_WORD: Record<string, string> = { critical: 'DOWN', warning: 'DEGRADED' };

/** The event for `kind` on `incident`, at `at`; ids are deterministic so a retried write adds nothing. */
export function incidentAlert(
  kind: Extract<AlertEventKind, 'incident_opened' | 'incident_acknowledged' | 'incident_resolved'>,
  incident: IncidentFacts,
  at: string,
  extra: { acknowledgedBy?: string; comment?: string; resolvedMessage?: string } = {},
): AlertEvent {
  const checkName = incident.checkId.split('/').at(-1) ?? incident.checkId;
  const what = `${incident.objectName} ${checkName}`;
  const durationMs = Math.max(0, Date.parse(at) - Date.parse(incident.openedAt));
  const title =
    kind === 'incident_resolved'
      ? `RESOLVED: ${what} (after ${formatDuration(durationMs)})`
      : kind === 'incident_acknowledged'
        ? `ACK: ${what} by ${extra.acknowledgedBy ?? 'someone'}`
        : `${STATE_WORD[incident.severity] ?? 'DOWN'}: ${what}`;
  const lines = [
    `${incident.checkId} since ${incident.openedAt}`,
    incident.message,
    ...(extra.resolvedMessage === undefined ? [] : [`Now: ${extra.resolvedMessage}`]),
    ...(extra.comment === undefined ? [] : [`Comment: ${extra.comment}`]),
  ];
  return {
    eventId: `${incident.id}:${kind.replace('incident_', '')}${kind === 'incident_acknowledged' ? `:${at}` : ''}`,
    kind,
    incidentId: incident.id,
    severity: kind === 'incident_resolved' ? 'info' : incident.severity,
    at,
    title,
    message: lines.join('\n'),
    subject: {
      checkId: incident.checkId,
      object: incident.object,
      host: incident.host ?? undefined,
      tags: incident.tags,
      customer: undefined,
    },
    url: undefined,
    ...(kind === 'incident_opened' ? {} : { durationMs }),
    ...(extra.acknowledgedBy === undefined ? {} : { acknowledgedBy: extra.acknowledgedBy }),
    ...(extra.comment === undefined ? {} : { comment: extra.comment }),
  };
}
