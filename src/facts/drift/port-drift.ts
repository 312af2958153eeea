/** Port drift: reachable listeners no service declares, and declared ports nobody listens on. */
import type { ServiceSpec } from '../../inventory/schema/service.js';
import type { DriftFinding, HostFacts } from '../model.js';
import {
  type DeclaredHost,
  hostName,
  type InventoryEntry,
  sourceFile,
  sourceLine,
} from './drift-inventory.js';
import { isEphemeralUdp, type ReachablePort, reachablePorts } from './listener-policy.js';
import { kindsOfProcess } from './service-processes.js';

type Service = InventoryEntry<ServiceSpec>;

/** A port as YAML declares it in `ports:`: `443`, or `"500/udp"`. */
export function portText(protocol: 'tcp' | 'udp', port: number): string {
  return protocol === 'tcp' ? String(port) : `"${port}/udp"`;
}

/** Listeners reachable from other machines that no service of the host declares. */
export function undeclaredPorts(
  host: DeclaredHost,
  services: readonly Service[],
  facts: HostFacts,
): DriftFinding[] {
  const declared = new Set(
    services.flatMap((service) => (service.spec.ports ?? []).map((p) => `${p.port}/${p.protocol}`)),
  );
  return reachablePorts(facts.listening)
    .filter((listener) => !declared.has(`${listener.port}/${listener.protocol}`))
    .map((listener) => undeclaredPort(host, services, listener));
}

function undeclaredPort(
  host: DeclaredHost,
  services: readonly Service[],
  listener: ReachablePort,
): DriftFinding {
  const { protocol, port } = listener;
  const kinds = new Set(listener.processes.flatMap(kindsOfProcess));
  const owner = services.find((service) => kinds.has(service.spec.kind));
  const process = listener.processes.length > 0 ? listener.processes.join(', ') : undefined;
  const who =
    process === undefined ? 'a process Vigie could not name' : `${process}${pidText(listener.pids)}`;
  const where = listener.addresses.map((address) => socketText(address, port)).join(', ');
  const servicesFile = services[0] === undefined ? 'services.yaml' : sourceFile(services[0].source);
  const stop = `stop ${process ?? 'the process'}${pidText(listener.pids)} listening on ${where}`;
  const action =
    owner === undefined
      ? `Declare ${portText(protocol, port)} in the ports of a service of ${host.key} in ${servicesFile}` +
        `${process === undefined ? '' : ` (add a service for ${process} if none fits)`}, or ${stop}.`
      : `Add ${portText(protocol, port)} to the ports of ${owner.key} (${sourceLine(owner.source)}), or ${stop}.`;
  return {
    host: host.key,
    kind: 'undeclared_port',
    severity: isEphemeralUdp(protocol, port) ? 'info' : 'warning',
    object: owner === undefined ? { kind: host.kind, key: host.key } : { kind: 'service', key: owner.key },
    message: `${port}/${protocol} is listening on ${where} (${who}), but no service of ${hostName(host)} declares it.`,
    action,
    details: {
      protocol,
      port,
      addresses: listener.addresses,
      processes: listener.processes,
      pids: listener.pids,
      service: owner?.key ?? null,
      // Where to add the port when a declared service fits; otherwise no one line is the place.
      source: owner?.source ?? null,
    },
  };
}

/**
 * Declared ports nothing listens on from the network. Services already reported as not running are
 * left out (`skip`): their closed ports say the same thing again.
 */
export function closedPorts(
  host: DeclaredHost,
  services: readonly Service[],
  facts: HostFacts,
  skip: ReadonlySet<string>,
): DriftFinding[] {
  const reachable = new Set(reachablePorts(facts.listening).map((p) => `${p.port}/${p.protocol}`));
  const findings: DriftFinding[] = [];
  for (const service of services) {
    if (skip.has(service.key)) continue;
    for (const { port, protocol } of service.spec.ports ?? []) {
      if (reachable.has(`${port}/${protocol}`)) continue;
      // Reachable sockets were ruled out above: what is left on this port listens on loopback or link-local.
      const local = facts.listening.filter((socket) => socket.port === port && socket.protocol === protocol);
      findings.push(
        closedPort(
          host,
          service,
          protocol,
          port,
          local.map((socket) => socket.address),
        ),
      );
    }
  }
  return findings;
}

function closedPort(
  host: DeclaredHost,
  service: Service,
  protocol: 'tcp' | 'udp',
  port: number,
  localAddresses: readonly string[],
): DriftFinding {
  const at = sourceLine(service.source);
  const localOnly = localAddresses.length > 0;
  const message = localOnly
    ? `${service.key} declares ${port}/${protocol}, but on ${hostName(host)} it listens only on ${localAddresses.map((a) => socketText(a, port)).join(', ')}, out of reach of other machines.`
    : `${service.key} declares ${port}/${protocol}, but nothing listens on it on ${hostName(host)}.`;
  const action = localOnly
    ? `Make ${service.spec.kind} listen on the host's address, or remove ${portText(protocol, port)} from the ports of ${service.key} (${at}) if it should stay local.`
    : `Start ${service.key} or fix its configuration so that it listens on ${port}/${protocol}, or remove ${portText(protocol, port)} from the ports of ${service.key} (${at}) if it no longer should.`;
  return {
    host: host.key,
    kind: 'declared_port_closed',
    severity: 'warning',
    object: { kind: 'service', key: service.key },
    message,
    action,
    details: { service: service.key, protocol, port, localAddresses, source: service.source },
  };
}

function pidText(pids: readonly number[]): string {
  return pids.length === 0 ? '' : ` (pid ${pids.join(', ')})`;
}

/** `0.0.0.0:8081`, `[::]:8081`, `*:8081`. */
function socketText(address: string, port: number): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
}
