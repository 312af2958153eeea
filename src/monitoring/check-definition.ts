/** A check as the monitor runs it: derived from one inventory object, with its probe options parsed. */
import type { ProbeSpecBase } from '../probes/probe.js';

export interface CheckPolicy {
  readonly intervalMs: number;
  /** Failed results tolerated before DOWN. */
  readonly retries: number;
  /** UP results in a row needed to recover. */
  readonly recoveries: number;
}

export interface CheckDefinition {
  /** Stable: `<object kind>/<object key>/<check name>`, e.g. `website/intranet/http`. */
  readonly id: string;
  /** `website/intranet`. */
  readonly object: string;
  /** The object's name for people (`Intranet`, `ECWAN`). */
  readonly objectName: string;
  /** The check name within the object (`http`, `tls`, `ping`, `smtp`...). */
  readonly name: string;
  /** The probe kind (`http`, `tcp`...). */
  readonly kind: string;
  /** The probe's options, parsed by its schema (durations in ms). */
  readonly spec: ProbeSpecBase;
  readonly policy: CheckPolicy;
  /** The inventory host (VM or device id) the target runs on: per-host concurrency, maintenance, topology. */
  readonly host: string | undefined;
  /** The object's tags and its host's. */
  readonly tags: readonly string[];
  /** Checks that must be reachable for this one to mean anything (the host, its hypervisor, the firewall). */
  readonly parents: readonly string[];
  /** Where the object is declared, `file:line:column`. */
  readonly source: string;
}

/** One problem in the `checks:` of an object, located. */
export interface CheckProblem {
  /** `website/intranet`. */
  readonly object: string;
  /** `websites.yaml:40:5`. */
  readonly source: string;
  /** Field path inside the object, `checks.http.url`. */
  readonly path: string;
  readonly message: string;
}

export const DEFAULT_POLICY: CheckPolicy = { intervalMs: 60_000, retries: 1, recoveries: 1 };

/** `website/intranet/http` → its three parts, or undefined. */
export function parseCheckId(id: string): { kind: string; key: string; name: string } | undefined {
  const [kind, key, name, ...rest] = id.split('/');
  if (kind === undefined || key === undefined || name === undefined || rest.length > 0) return undefined;
  if (kind === '' || key === '' || name === '') return undefined;
  return { kind, key, name };
}
