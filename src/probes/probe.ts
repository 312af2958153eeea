/**
 * The contract between the check scheduler and one kind of check (tcp, http, tls...): a zod schema for
 * its options and a `run` that meets the target once, inside the outbound allowlist, and says what it saw.
 */
import type { ZodType } from 'zod';
import type { OutboundPolicy } from '../net/outbound-policy.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';

/** What a probe needs from its process: where it may connect, and the time (for certificate expiry). */
export interface ProbeDeps {
  readonly outbound: OutboundPolicy;
  readonly clock: Clock;
  /** Read access for kinds that judge what Vigie stored (host_metrics); absent, they answer UNKNOWN. */
  readonly store?: Store | undefined;
  /** How often `vigie serve` collects host metrics (VIGIE_METRICS_INTERVAL): when a sample is stale. */
  readonly metricsIntervalMs?: number | undefined;
}

/** `unknown`: the probe could not judge (no recent data), which says nothing of the target's health. */
export type ProbeStatus = 'up' | 'down' | 'degraded' | 'unknown';

/** One observation of a target. A probe reports failures here; it never throws for a target's fault. */
export interface ProbeResult {
  readonly status: ProbeStatus;
  /** From the start of the attempt to its verdict, in milliseconds. */
  readonly latencyMs: number;
  /** For people: what was seen, e.g. `HTTP 503 from https://x (expected 200)`. */
  readonly message: string;
  /** Numbers worth charting, in snake_case with their unit: `days_to_expiry`, `replication_lag_s`. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Structured facts for the check's history page; never secrets. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Options every kind shares, after parsing. */
export interface ProbeSpecBase {
  /** The whole attempt's budget, in milliseconds. */
  readonly timeout: number;
}

/** One kind of check. Adding a kind is one file exporting one of these, plus one line in the registry. */
export interface Probe<Spec extends ProbeSpecBase = ProbeSpecBase> {
  readonly kind: string;
  /** Validates and normalises the options as written in the inventory (durations become milliseconds). */
  readonly specSchema: ZodType<Spec>;
  /**
   * Meets the target once. Resolves within `spec.timeout` (plus a few milliseconds) or soon after
   * `signal` aborts, with every socket and child process it opened closed.
   */
  run(deps: ProbeDeps, spec: Spec, signal: AbortSignal): Promise<ProbeResult>;
}
