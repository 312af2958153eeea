/**
 * Links each check to the checks that must be reachable for it to mean anything: a website's checks
 * to its host's ping, a host's other checks to its own ping, a host's ping to the pings of its
 * hypervisor and gateway firewall. A host without a ping (or SSH) check passes its parents on.
 */
import type { CheckDefinition } from './check-definition.js';
import type { InventoryObjectInput, Topology } from './topology.js';

/** The checks that tell whether a host is reachable, in order of preference. */
const REACHABILITY_NAMES = ['ping', 'ssh'];

export function wireParents(checks: readonly CheckDefinition[], topology: Topology): CheckDefinition[] {
  const byObject = new Map<string, CheckDefinition[]>();
  for (const check of checks) byObject.set(check.object, [...(byObject.get(check.object) ?? []), check]);

  const reachabilityCheckOf = (host: InventoryObjectInput): CheckDefinition | undefined => {
    const own = byObject.get(`${host.kind}/${host.key}`) ?? [];
    for (const name of REACHABILITY_NAMES) {
      const found = own.find((check) => check.name === name);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const memo = new Map<string, string[]>();
  /** The checks that say `host` is reachable: its own, or (without one) its parents'. */
  const reach = (host: InventoryObjectInput, visiting: ReadonlySet<string>): string[] => {
    const id = `${host.kind}/${host.key}`;
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return [];
    const own = reachabilityCheckOf(host);
    const result = own !== undefined ? [own.id] : above(host, new Set([...visiting, id]));
    memo.set(id, result);
    return result;
  };
  const above = (host: InventoryObjectInput, visiting: ReadonlySet<string>): string[] => [
    ...new Set(topology.parentHostsOf(host).flatMap((parent) => reach(parent, visiting))),
  ];

  return checks.map((check) => {
    const [kind = '', key = ''] = check.object.split('/');
    const object = topology.get(kind, key);
    const host = object === undefined ? undefined : topology.hostOf(object);
    if (host === undefined) return check;
    const isHost = object === host;
    const parents =
      isHost && reachabilityCheckOf(host)?.id === check.id
        ? above(host, new Set([check.object]))
        : reach(host, new Set());
    return { ...check, parents: parents.filter((parent) => parent !== check.id) };
  });
}
