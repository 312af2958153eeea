/**
 * The monitor's decisions, in memory: each result moves its check's state; a confirmed DOWN or
 * DEGRADED opens an incident, UP resolves it (unless the check is flapping: one incident then
 * covers the flapping); an incident's alert is suppressed while a parent is unreachable, held while
 * a maintenance window covers the check, and released at the first result after neither holds.
 * Everything decided is queued in `PendingWrites`; `ResultWriter` stores it.
 */
import { randomUUID } from 'node:crypto';
import type { ProbeResult } from '../probes/probe.js';
import { type IncidentFacts, incidentAlert } from './alert-sink.js';
import type { CheckDefinition } from './check-definition.js';
import { applyResult, type CheckState, INITIAL_STATE } from './check-state.js';
import { formatDuration } from './format.js';
import { activeOccurrence, type MaintenanceWindow, windowCovers } from './maintenance-window.js';
import { DEFAULT_ROLLUP_TIMING, PendingWrites, RollupBuffer, type RollupTiming } from './pending-writes.js';
import type { IncidentSeverity } from './tables.js';

/** An open incident as the monitor keeps it. */
export interface OpenIncident extends IncidentFacts {
  severity: IncidentSeverity;
  alerted: boolean;
  suppressedBy: string | null;
  suppressedLabel: string | null;
  heldBy: string | null;
  flapping: boolean;
  lastMessage: string;
  /**
   * A parent has not answered since this check began failing: its alert waits (in memory only) so
   * that a child whose failure is seen first is not alerted when its parent is the cause.
   */
  awaitingParent?: boolean;
}

export interface RuntimeCheck {
  def: CheckDefinition;
  state: CheckState;
  incident: OpenIncident | undefined;
}

/**
 * True when the stored row may lag this result without a restart deciding anything differently: the
 * check was UP with an UP last result and stays so, its flapping and flap window unchanged (only the
 * time, latency, message and `okStreak` move, which no decision of an UP check reads).
 */
function isRoutine(before: CheckState, after: CheckState): boolean {
  return (
    after.state === 'up' &&
    before.state === 'up' &&
    after.lastStatus === 'up' &&
    before.lastStatus === 'up' &&
    after.flapping === before.flapping &&
    after.recentChanges === before.recentChanges
  );
}

/** The longest an alert waits for a parent check to answer (see `awaitingParent`). */
const MAX_PARENT_WAIT_MS = 30_000;

/** The actor written in the journal for incidents. */
export const MONITOR_ACTOR = 'job:monitoring';

/**
 * How long a check's latest state may wait before it is written when nothing in it matters for a
 * restart (an UP result after UP results: only the time, latency and message moved).
 */
export const DEFAULT_STATE_REFRESH_MS = 60_000;

export interface MonitorCoreOptions {
  readonly stateRefreshMs?: number | undefined;
  readonly hourSliceMs?: RollupTiming['hourSliceMs'] | undefined;
}

export class MonitorCore {
  readonly #checks = new Map<string, RuntimeCheck>();
  #windows: readonly MaintenanceWindow[] = [];
  #pending = new PendingWrites();
  readonly #rollups: RollupBuffer;
  readonly #stateRefreshMs: number;
  /**
   * Checks whose latest state was not written because it only refreshed its time, latency and
   * message, with the instant of the first such result: in that order, so the due ones come first.
   */
  readonly #routine = new Map<string, number>();
  /** Checks new to this core with no result yet: their first one is written at once (the row shows they run). */
  readonly #firstResult = new Set<string>();

  constructor(options: MonitorCoreOptions = {}) {
    this.#rollups = new RollupBuffer({
      hourSliceMs: options.hourSliceMs ?? DEFAULT_ROLLUP_TIMING.hourSliceMs,
    });
    this.#stateRefreshMs = options.stateRefreshMs ?? DEFAULT_STATE_REFRESH_MS;
  }

  /** Sets the checks, keeping the state of those already known; `restored` seeds new ones (after a restart). */
  setChecks(
    defs: readonly CheckDefinition[],
    restored: ReadonlyMap<string, { state: CheckState; incident: OpenIncident | undefined }> = new Map(),
  ): void {
    const ids = new Set(defs.map((def) => def.id));
    for (const id of this.#checks.keys())
      if (!ids.has(id)) {
        this.#checks.delete(id);
        this.#routine.delete(id);
        this.#firstResult.delete(id);
      }
    for (const def of defs) {
      const known = this.#checks.get(def.id);
      if (known !== undefined) known.def = def;
      else {
        const seed = restored.get(def.id);
        this.#checks.set(def.id, { def, state: seed?.state ?? INITIAL_STATE, incident: seed?.incident });
        this.#firstResult.add(def.id);
      }
    }
  }

  setWindows(windows: readonly MaintenanceWindow[]): void {
    this.#windows = windows;
  }

  get(id: string): RuntimeCheck | undefined {
    return this.#checks.get(id);
  }

  /**
   * The writes decided so far; the core starts a new batch. Given the time, only what is due then:
   * routine latest states waiting `stateRefreshMs`, and rollup increments whose slice of time has
   * not ended, stay for a later batch. Without it, everything (an explicit flush, a stop).
   */
  takePending(nowMs?: number): PendingWrites {
    const pending = this.#pending;
    this.#pending = new PendingWrites();
    const all = nowMs === undefined;
    const dueBefore = all ? Number.POSITIVE_INFINITY : nowMs - this.#stateRefreshMs;
    for (const [id, sinceMs] of this.#routine) {
      if (sinceMs > dueBefore) break;
      pending.states.add(id);
      this.#routine.delete(id);
    }
    this.#rollups.takeDue(pending.rollups, all ? 'all' : nowMs);
    return pending;
  }

  /** Puts back a batch that could not be written. */
  restorePending(failed: PendingWrites): void {
    this.#pending.restore(failed);
  }

  /** Takes one result of check `id`, observed at `atMs`. */
  record(id: string, result: ProbeResult, atMs: number): void {
    const check = this.#checks.get(id);
    if (check === undefined) return;
    const before = check.state;
    const step = applyResult(before, result, check.def.policy, atMs);
    check.state = step.next;
    const pending = this.#pending;
    const first = this.#firstResult.size > 0 && this.#firstResult.delete(id);
    if (!first && isRoutine(before, step.next) && check.incident === undefined) {
      // Written within `stateRefreshMs`; the first waiting result's instant decides when.
      if (!pending.states.has(id) && !this.#routine.has(id)) this.#routine.set(id, atMs);
    } else {
      pending.states.add(id);
      this.#routine.delete(id);
    }
    // An UNKNOWN result (no data to judge) is neither up nor down: history charts leave it out.
    if (result.status !== 'unknown') this.#rollups.add(id, atMs, result.status, step.next.lastLatencyMs ?? 0);
    // Only a state change or an open incident writes the instant: most results need no string.
    const at = step.change === undefined && check.incident === undefined ? '' : new Date(atMs).toISOString();
    if (step.change !== undefined) {
      pending.stateChanges.push({
        check_id: id,
        at,
        from_state: step.change.from,
        to_state: step.change.to,
        message: result.message,
      });
    }
    const to = step.next.state;
    const incident = check.incident;
    if (step.change !== undefined && (to === 'down' || to === 'degraded')) {
      const severity: IncidentSeverity = to === 'down' ? 'critical' : 'warning';
      if (incident === undefined) this.#open(check, severity, result.message, at, atMs);
      else if (incident.severity !== severity) {
        incident.severity = severity;
        pending.incidents.push({ kind: 'update', id: incident.id, set: { severity, updated_at: at } });
      }
    } else if (incident !== undefined && to === 'up') {
      if (!step.next.flapping) {
        this.#resolve(check, incident, result.message, at);
        return;
      }
      if (!incident.flapping) {
        incident.flapping = true;
        pending.incidents.push({ kind: 'update', id: incident.id, set: { flapping: 1, updated_at: at } });
      }
    }
    const open = check.incident;
    if (open === undefined) return;
    if (open.lastMessage !== result.message) {
      open.lastMessage = result.message;
      pending.incidents.push({
        kind: 'update',
        id: open.id,
        set: { last_message: result.message, updated_at: at },
      });
    }
    if (!open.alerted) this.#reconsider(check, open, at, atMs);
  }

  /** The highest parent (by topology) that is unreachable now, or undefined. */
  unreachableCause(def: CheckDefinition, seen: Set<string> = new Set([def.id])): RuntimeCheck | undefined {
    for (const parentId of def.parents) {
      if (seen.has(parentId)) continue;
      seen.add(parentId);
      const parent = this.#checks.get(parentId);
      if (parent === undefined) continue;
      const failing = parent.state.state === 'down' || parent.state.lastStatus === 'down';
      if (failing) return this.unreachableCause(parent.def, seen) ?? parent;
    }
    return undefined;
  }

  /** The maintenance window covering the check at `atMs`, or undefined. */
  activeWindow(def: CheckDefinition, atMs: number): MaintenanceWindow | undefined {
    return this.#windows.find(
      (window) => windowCovers(window, def) && activeOccurrence(window, atMs) !== undefined,
    );
  }

  #open(check: RuntimeCheck, severity: IncidentSeverity, message: string, at: string, atMs: number): void {
    const def = check.def;
    const incident: OpenIncident = {
      id: randomUUID(),
      checkId: def.id,
      object: def.object,
      objectName: def.objectName,
      host: def.host ?? null,
      tags: def.tags,
      severity,
      openedAt: at,
      message,
      lastMessage: message,
      alerted: false,
      suppressedBy: null,
      suppressedLabel: null,
      heldBy: null,
      flapping: check.state.flapping,
    };
    check.incident = incident;
    this.#decideHold(check, incident, atMs);
    incident.alerted = incident.suppressedBy === null && incident.heldBy === null && !incident.awaitingParent;
    this.#pending.incidents.push({
      kind: 'open',
      row: {
        id: incident.id,
        check_id: def.id,
        object: def.object,
        object_name: def.objectName,
        host: incident.host,
        tags: JSON.stringify(def.tags),
        severity,
        opened_at: at,
        message,
        last_message: message,
        acknowledged_at: null,
        acknowledged_by: null,
        ack_comment: null,
        resolved_at: null,
        suppressed_by: incident.suppressedBy,
        suppressed_label: incident.suppressedLabel,
        held_by: incident.heldBy,
        alerted: incident.alerted ? 1 : 0,
        flapping: incident.flapping ? 1 : 0,
        updated_at: at,
      },
    });
    if (incident.alerted)
      this.#pending.incidents.push({ kind: 'alert', event: incidentAlert('incident_opened', incident, at) });
  }

  /** Sets who suppresses or holds the incident's alert right now; true when that changed. */
  #decideHold(check: RuntimeCheck, incident: OpenIncident, atMs: number): boolean {
    const cause = this.unreachableCause(check.def);
    const window = cause === undefined ? this.activeWindow(check.def, atMs) : undefined;
    const suppressedBy = cause?.def.id ?? null;
    const heldBy = window?.id ?? null;
    const changed = suppressedBy !== incident.suppressedBy || heldBy !== incident.heldBy;
    incident.suppressedBy = suppressedBy;
    incident.suppressedLabel = cause?.def.objectName ?? null;
    incident.heldBy = heldBy;
    incident.awaitingParent = cause === undefined && this.#parentUnconfirmed(check, incident, atMs);
    return changed;
  }

  /**
   * True while a parent has no result since this check's failures began (and not for longer than the
   * parent's interval plus its timeout): checks run in different phases, so a host's websites can
   * fail before the host's own ping has run once since the cut.
   */
  #parentUnconfirmed(check: RuntimeCheck, incident: OpenIncident, atMs: number): boolean {
    const policy = check.def.policy;
    const failingSinceMs = Date.parse(incident.openedAt) - policy.retries * policy.intervalMs;
    return check.def.parents.some((parentId) => {
      const parent = this.#checks.get(parentId);
      if (parent === undefined) return false;
      const timeout = (parent.def.spec as { timeout?: unknown }).timeout;
      const patienceMs = Math.min(
        parent.def.policy.intervalMs + (typeof timeout === 'number' ? timeout : 10_000) + 1000,
        MAX_PARENT_WAIT_MS,
      );
      if (atMs - Date.parse(incident.openedAt) > patienceMs) return false;
      return parent.state.lastAtMs === null || parent.state.lastAtMs < failingSinceMs;
    });
  }

  /** For an incident not alerted yet: still suppressed or held? If neither, its alert goes out now. */
  #reconsider(check: RuntimeCheck, incident: OpenIncident, at: string, atMs: number): void {
    const changed = this.#decideHold(check, incident, atMs);
    const release = incident.suppressedBy === null && incident.heldBy === null && !incident.awaitingParent;
    if (!changed && !release) return;
    if (release) incident.alerted = true;
    this.#pending.incidents.push({
      kind: 'update',
      id: incident.id,
      set: {
        suppressed_by: incident.suppressedBy,
        suppressed_label: incident.suppressedLabel,
        held_by: incident.heldBy,
        alerted: incident.alerted ? 1 : 0,
        updated_at: at,
      },
    });
    if (release)
      this.#pending.incidents.push({ kind: 'alert', event: incidentAlert('incident_opened', incident, at) });
  }

  #resolve(check: RuntimeCheck, incident: OpenIncident, message: string, at: string): void {
    check.incident = undefined;
    const durationMs = Date.parse(at) - Date.parse(incident.openedAt);
    const state = incident.severity === 'critical' ? 'DOWN' : 'DEGRADED';
    const notes = [
      incident.message,
      `Back up: ${message}`,
      ...(incident.suppressedLabel === null ? [] : [`Unreachable because of ${incident.suppressedLabel}.`]),
      ...(incident.heldBy === null ? [] : ['During a maintenance window: no alert was sent.']),
      ...(incident.flapping ? ['The check was flapping.'] : []),
    ];
    this.#pending.incidents.push({
      kind: 'resolve',
      id: incident.id,
      at,
      lastMessage: message,
      journal: {
        startedAt: new Date(incident.openedAt),
        endedAt: new Date(at),
        actor: MONITOR_ACTOR,
        category: 'incident',
        hosts: incident.host === null ? [] : [incident.host],
        summary: `${state} for ${formatDuration(durationMs)}: ${check.def.objectName} ${check.def.name} (${check.def.id})`,
        detail: notes.join('\n'),
        result: 'ok',
      },
    });
    if (incident.alerted) {
      this.#pending.incidents.push({
        kind: 'alert',
        event: incidentAlert('incident_resolved', incident, at, { resolvedMessage: message }),
      });
    }
  }
}
