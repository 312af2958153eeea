/**
 * Every check kind by name. Adding a kind is one file exporting a `Probe` and one line here; the
 * scheduler and the inventory find kinds only through this registry.
 */
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { backupProbe } from './backup.js';
import { dnsProbe } from './dns.js';
import { hostMetricsProbe } from './host-metrics.js';
import { httpProbe } from './http.js';
import { mysqlProbe } from './mysql.js';
import { pingProbe } from './ping.js';
import { postgresProbe } from './postgres.js';
import type { Probe, ProbeDeps, ProbeResult, ProbeSpecBase } from './probe.js';
import { sshProbe } from './ssh.js';
import { tcpProbe } from './tcp.js';
import { tlsProbe } from './tls.js';

// biome-ignore lint/suspicious/noExplicitAny: each entry has its own Spec type; callers narrow through `specSchema`.
type AnyProbe = Probe<any>;

const PROBES: readonly AnyProbe[] = [
  tcpProbe,
  httpProbe,
  tlsProbe,
  dnsProbe,
  pingProbe,
  postgresProbe,
  mysqlProbe,
  sshProbe,
  hostMetricsProbe,
  backupProbe,
];

/** The kinds of check Vigie knows, in the order documented. */
export function probeKinds(): readonly string[] {
  return PROBES.map((probe) => probe.kind);
}

/** The probe for `kind`, or BAD_INPUT naming the kinds that exist. */
export function findProbe(kind: string): Probe<ProbeSpecBase> {
  const probe = PROBES.find((candidate) => candidate.kind === kind);
  if (probe === undefined) {
    throw new AppError('BAD_INPUT', `Unknown check kind ${JSON.stringify(kind)}`, {
      hint: `Use one of: ${probeKinds().join(', ')}.`,
      details: { kind, known: probeKinds() },
    });
  }
  return probe;
}

/** A check ready to run: its probe and its options, parsed. */
export interface PreparedCheck {
  readonly probe: Probe<ProbeSpecBase>;
  readonly spec: ProbeSpecBase;
}

/** Validates `options` for `kind`; a bad option is BAD_INPUT with each problem's path and message. */
export function prepareCheck(kind: string, options: unknown): PreparedCheck {
  const probe = findProbe(kind);
  const parsed = probe.specSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    throw new AppError(
      'BAD_INPUT',
      `Invalid ${kind} check: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`,
      { hint: 'See docs/checks.md for the options of each kind.', details: { kind, problems } },
    );
  }
  return { probe, spec: parsed.data };
}

/** Runs a prepared check once. */
export function runCheck(deps: ProbeDeps, check: PreparedCheck, signal: AbortSignal): Promise<ProbeResult> {
  return check.probe.run(deps, check.spec, signal);
}

/** The JSON Schema of a kind's options, for editors and the inventory's schema. */
export function probeOptionsJsonSchema(kind: string): unknown {
  return z.toJSONSchema(findProbe(kind).specSchema, { io: 'input', unrepresentable: 'any' });
}
