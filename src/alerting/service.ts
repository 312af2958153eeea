/**
 * Alerting's doors for the rest of Vigie. How monitoring (src/monitoring) uses them:
 *
 * 1. In the transaction that opens, acknowledges or resolves an incident, call
 *    `enqueueAlert(deps, trx, event)` with a deterministic `eventId` (e.g. `${incidentId}:opened`).
 *    It routes the event and stores one delivery per (event, channel); a second call with the same
 *    event id stores nothing. Openings start the route's follow-up schedule; acknowledgements and
 *    resolutions stop it (and also reach the channels escalated to).
 * 2. On its scheduler tick (every ~30 s), call `enqueueDueFollowUps(deps, now, { held })`: it enqueues
 *    the reminders (route `repeat_interval`) and escalations (route `escalation[].after`, counted from
 *    the opening) of incidents still open and unacknowledged. `held(followUp)` returns true for an
 *    incident under a maintenance window: that follow-up stays due and is offered again next tick.
 *    (Or `dueFollowUps` + `enqueueFollowUp(deps, trx, followUp, freshEvent)` to refresh the texts.)
 *    Do not enqueue `incident_reminder` / `incident_escalated` events of your own as well.
 * 3. The process that serves (`vigie serve`) runs `startAlertDelivery(deps)` and stops it on shutdown
 *    after the schedulers have stopped (`await worker.stop()` finishes the sends in flight).
 *
 * `deps.alerting` is the validated `alerting:` configuration (`loadAlertingConfig`); delivery also
 * needs the outbound policy and the secret box (`DeliveryDeps`).
 */
export { DEFAULT_BACKOFF } from './backoff.js';
export { type DeliveryDeps, type DeliveryOptions, deliverDue } from './delivery.js';
export { type AlertDeliveryWorker, startAlertDelivery } from './delivery-worker.js';
export { type EnqueueDeps, type EnqueuedDelivery, enqueueAlert } from './enqueue.js';
export { dueFollowUps, enqueueDueFollowUps, enqueueFollowUp, type FollowUp } from './follow-ups.js';
export type { AlertEvent, AlertEventKind, AlertSeverity } from './model.js';
export { listOutbox } from './outbox.js';
export { type AlertingConfig, loadAlertingConfig } from './schema.js';
export { enqueueTestAlert } from './test-alert.js';
