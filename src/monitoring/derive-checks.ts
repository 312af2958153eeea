/**
 * Turns inventory objects into the checks the monitor runs: the baseline checks of each object,
 * tuned by `check_defaults` (for all, then by tag) and by the object's own `checks:` section, each
 * validated by its kind's probe schema. Pure: the same objects always give the same checks and ids.
 */
import type { z } from 'zod';
import { findProbe, probeKinds } from '../probes/registry.js';
import { type BaselineCheck, baselineChecks } from './baseline-checks.js';
import {
  type CheckDefinition,
  type CheckPolicy,
  type CheckProblem,
  DEFAULT_POLICY,
} from './check-definition.js';
import {
  type CheckDefaults,
  type CheckOverride,
  type CheckOverrides,
  checkDefaultsSchema,
  checkOverridesSchema,
  NON_PROBE_FIELDS,
} from './check-overrides.js';
import { wireParents } from './check-parents.js';
import { displayNameOf, type InventoryObjectInput, reachAddressOf, Topology, tagsOf } from './topology.js';

export interface DerivedChecks {
  readonly checks: CheckDefinition[];
  /** Bad `checks:` entries, each located; the other checks are still derived. */
  readonly problems: CheckProblem[];
}

interface Layer {
  readonly overrides: CheckOverrides;
  /** Field path of the section, for messages: `checks` or `check_defaults.by_tag.web`. */
  readonly path: string;
}

interface Draft {
  name: string;
  kind: string;
  options: Record<string, unknown>;
  policy: CheckPolicy;
  disabled: boolean;
  /** Where its options were last written, for located errors. */
  path: string;
  /** `connect_to` as last written: `host` or an address. */
  connectTo: string | undefined;
}

/** The checks of `objects`, with `defaults` (the inventory's `check_defaults`) applied. */
export function deriveChecks(
  objects: readonly InventoryObjectInput[],
  defaults: unknown = {},
): DerivedChecks {
  const problems: CheckProblem[] = [];
  const parsedDefaults = checkDefaultsSchema.safeParse(defaults ?? {});
  const checkDefaults: CheckDefaults = parsedDefaults.success ? parsedDefaults.data : {};
  if (!parsedDefaults.success) {
    problems.push(
      ...issuesAt(parsedDefaults.error, { object: 'check_defaults', source: '' }, 'check_defaults'),
    );
  }
  const topology = new Topology(objects);
  const basePolicy = policyWith(DEFAULT_POLICY, checkDefaults);
  const checks: CheckDefinition[] = [];
  for (const object of objects) {
    const objectId = `${object.kind}/${object.key}`;
    const where = { object: objectId, source: object.source };
    const host = topology.hostOf(object);
    const tags = tagsOf(object, host);
    const layers: Layer[] = tags.flatMap((tag) => {
      const overrides = checkDefaults.by_tag?.[tag];
      return overrides === undefined ? [] : [{ overrides, path: `check_defaults.by_tag.${tag}` }];
    });
    if (object.spec.checks !== undefined) {
      const own = checkOverridesSchema.safeParse(object.spec.checks);
      if (own.success) layers.push({ overrides: own.data, path: 'checks' });
      else problems.push(...issuesAt(own.error, where, 'checks'));
    }
    const drafts = new Map<string, Draft>(
      baselineChecks(object, topology).map((baseline) => [baseline.name, draftOf(baseline, basePolicy)]),
    );
    for (const layer of layers) {
      for (const [name, override] of Object.entries(layer.overrides)) {
        // A tag tunes the checks its objects have; it adds one only when it names a kind.
        const byTag = layer.path !== 'checks';
        if (byTag && override.kind === undefined && !drafts.has(name)) continue;
        const problem = applyOverride(drafts, name, override, `${layer.path}.${name}`, host);
        if (problem !== undefined) problems.push({ ...where, ...problem });
      }
    }
    for (const draft of drafts.values()) {
      if (draft.disabled) continue;
      const redirected = connectedTo(draft, host);
      if ('problem' in redirected) {
        problems.push({ ...where, path: `${draft.path}.connect_to`, message: redirected.problem });
        continue;
      }
      const parsed = findProbe(draft.kind).specSchema.safeParse(redirected.options);
      if (!parsed.success) {
        problems.push(...issuesAt(parsed.error, where, draft.path));
        continue;
      }
      checks.push({
        id: `${objectId}/${draft.name}`,
        object: objectId,
        objectName: displayNameOf(object),
        name: draft.name,
        kind: draft.kind,
        spec: parsed.data,
        policy: draft.policy,
        host: host?.key,
        tags,
        parents: [],
        source: object.source,
      });
    }
  }
  return { checks: wireParents(checks, topology), problems };
}

function draftOf(baseline: BaselineCheck, policy: CheckPolicy): Draft {
  return {
    name: baseline.name,
    kind: baseline.kind,
    options: { ...baseline.options },
    policy: baseline.intervalMs === undefined ? policy : { ...policy, intervalMs: baseline.intervalMs },
    disabled: false,
    path: `checks.${baseline.name}`,
    connectTo: undefined,
  };
}

/** Applies one override to the drafts; returns a problem (without its object) when it cannot. */
function applyOverride(
  drafts: Map<string, Draft>,
  name: string,
  override: CheckOverride,
  path: string,
  host: InventoryObjectInput | undefined,
): Omit<CheckProblem, 'object' | 'source'> | undefined {
  let draft = drafts.get(name);
  if (draft === undefined) {
    const kind = override.kind ?? name;
    if (!probeKinds().includes(kind)) {
      return {
        path: override.kind === undefined ? path : `${path}.kind`,
        message:
          override.kind === undefined
            ? `There is no derived check named ${name}: add kind: (${probeKinds().join(', ')}) to declare one`
            : `Unknown check kind ${JSON.stringify(kind)}; use one of ${probeKinds().join(', ')}`,
      };
    }
    // A check added on a host, or on an object that sits on one, targets that host unless told.
    const address = host === undefined ? undefined : reachAddressOf(host);
    const options =
      kind === 'host_metrics'
        ? host === undefined
          ? {}
          : { hostId: host.key }
        : kind !== 'http' && kind !== 'dns' && address !== undefined
          ? { host: address }
          : {};
    draft = { name, kind, options, policy: DEFAULT_POLICY, disabled: false, path, connectTo: undefined };
    drafts.set(name, draft);
  } else if (override.kind !== undefined && override.kind !== draft.kind) {
    return {
      path: `${path}.kind`,
      message: `The ${name} check is a ${draft.kind} check; its kind cannot change`,
    };
  }
  const probeOptions = Object.fromEntries(
    Object.entries(override).filter(([field]) => !NON_PROBE_FIELDS.includes(field)),
  );
  draft.options = { ...draft.options, ...probeOptions, ...(override.expect ?? {}) };
  if (override.path !== undefined) {
    if (draft.kind !== 'http' || typeof draft.options.url !== 'string') {
      return { path: `${path}.path`, message: 'path applies to an http check only' };
    }
    const url = new URL(draft.options.url);
    draft.options.url = `${url.origin}${override.path}`;
  }
  draft.policy = policyWith(draft.policy, override);
  if (override.disabled !== undefined) draft.disabled = override.disabled;
  if (override.connect_to !== undefined) draft.connectTo = override.connect_to;
  draft.path = path;
  return undefined;
}

/**
 * The draft's options with `connect_to` applied: an http check's URL gets the address and a Host
 * header with the name; a tls check connects to the address with the name as `serverName`.
 */
function connectedTo(
  draft: Draft,
  host: InventoryObjectInput | undefined,
): { options: Record<string, unknown> } | { problem: string } {
  if (draft.connectTo === undefined) return { options: draft.options };
  const address = draft.connectTo === 'host' && host !== undefined ? reachAddressOf(host) : draft.connectTo;
  if (address === undefined || address === 'host') {
    return {
      problem: 'connect_to: host needs an object on a host with an address; write an address instead',
    };
  }
  const literal = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  if (draft.kind === 'http' && typeof draft.options.url === 'string') {
    const url = new URL(draft.options.url);
    const headers = (draft.options.headers ?? {}) as Record<string, string>;
    const named = url.host;
    url.hostname = literal;
    return { options: { ...draft.options, url: url.href, headers: { host: named, ...headers } } };
  }
  if (draft.kind === 'tls' && typeof draft.options.host === 'string') {
    const serverName = draft.options.serverName ?? draft.options.host;
    return { options: { ...draft.options, host: address, serverName } };
  }
  return { problem: `connect_to applies to http and tls checks, not to ${draft.kind} checks` };
}

function policyWith(
  policy: CheckPolicy,
  fields: { interval?: number | undefined; retries?: number | undefined; recoveries?: number | undefined },
): CheckPolicy {
  return {
    intervalMs: fields.interval ?? policy.intervalMs,
    retries: fields.retries ?? policy.retries,
    recoveries: fields.recoveries ?? policy.recoveries,
  };
}

function issuesAt(
  error: z.ZodError,
  where: { object: string; source: string },
  prefix: string,
): CheckProblem[] {
  return error.issues.map((issue) => ({
    ...where,
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** `website/intranet (websites.yaml:40:5) checks.http.url: Write a full http:// or https:// URL`. */
export function formatCheckProblem(problem: CheckProblem): string {
  const located = problem.source === '' ? problem.object : `${problem.object} (${problem.source})`;
  return `${located} ${problem.path}: ${problem.message}`;
}
