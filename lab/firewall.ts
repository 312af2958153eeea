/**
 * The lab's nftables rulesets, generated from the topology. ECWAN's: SSH from the provider side to
 * every host, HTTP(S) to the web hosts, PostgreSQL and MariaDB to DB03 from the web hosts and the
 * provider side, ping for the probes; everything else crossing or reaching ECWAN is dropped. Every
 * other host has its own input policy in its namespace, as a real server would: SSH from the
 * provider and ECWAN only, its services from those who should reach them, ping; the rest dropped.
 */
import { mustRun } from './exec.js';
import {
  hostRuns,
  LAB_HOSTS,
  LAB_NETWORKS,
  type LabHost,
  type LabService,
  labHost,
  PROVIDER_UPLINK,
} from './topology.js';

/** The name of the lab's nftables table inside ECWAN's namespace. */
export const EDGE_TABLE = 'vigie_edge';

/** The name of each other host's own nftables table, inside its namespace. */
export const HOST_TABLE = 'vigie_host';

function set(addresses: readonly string[]): string {
  return `{ ${addresses.join(', ')} }`;
}

/** The ruleset loaded into ECWAN, as `nft -f` reads it. */
export function edgeRuleset(): string {
  const edge = labHost('ecwan');
  const [wan] = edge.interfaces;
  const uplink = wan?.name ?? 'wan0';
  const internalHosts = LAB_HOSTS.filter((host) => host.id !== edge.id);
  const sshTargets = internalHosts.flatMap((host) => host.interfaces.map((nic) => nic.address));
  const webHosts = LAB_HOSTS.filter((host) => hostRuns(host, 'nginx'));
  const webAddresses = webHosts.flatMap((host) => host.interfaces.map((nic) => nic.address));
  const databaseHosts = LAB_HOSTS.filter((host) => hostRuns(host, 'postgresql') || hostRuns(host, 'mariadb'));
  const databaseAddresses = databaseHosts.flatMap((host) => host.interfaces.map((nic) => nic.address));
  const databaseClients = [PROVIDER_UPLINK.address, ...webAddresses];
  return [
    `table inet ${EDGE_TABLE} {`,
    '  chain input {',
    '    type filter hook input priority filter; policy drop;',
    '    iif "lo" accept',
    '    ct state established,related accept',
    '    ct state invalid drop',
    '    icmp type echo-request accept',
    `    ip saddr ${PROVIDER_UPLINK.address} tcp dport 22 accept`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy drop;',
    '    ct state established,related accept',
    '    ct state invalid drop',
    `    iifname "${uplink}" icmp type echo-request accept`,
    `    iifname "${uplink}" ip daddr ${set(sshTargets)} tcp dport 22 accept`,
    `    iifname "${uplink}" ip daddr ${set(webAddresses)} tcp dport { 80, 443 } accept`,
    `    ip saddr ${set(databaseClients)} ip daddr ${set(databaseAddresses)} tcp dport { 3306, 5432 } accept`,
    '  }',
    '  chain output {',
    '    type filter hook output priority filter; policy accept;',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Who may reach a service's ports on its host: `undefined` for anyone. */
function serviceSources(host: LabHost, service: LabService): readonly string[] | undefined {
  switch (service.kind) {
    case 'nginx':
      return undefined;
    case 'postgresql':
    case 'mariadb': {
      // The application servers on the host's own networks (the data network), and the provider.
      const own = new Set(host.interfaces.map((nic) => nic.network));
      const prefixes = LAB_NETWORKS.filter((network) => own.has(network.id)).map((network) => network.prefix);
      return [...prefixes, PROVIDER_UPLINK.address];
    }
    default:
      // SSH (and anything else declared later): the provider side and ECWAN, the way in for operators.
      return [PROVIDER_UPLINK.address, ...edgeAddresses()];
  }
}

/** ECWAN's addresses: its uplink, and the gateway it is on each internal network. */
function edgeAddresses(): string[] {
  const edge = labHost('ecwan');
  const gateways = LAB_NETWORKS.filter((network) => network.bridge !== undefined).map(
    (network) => network.gateway,
  );
  return [...edge.interfaces.map((nic) => nic.address), ...gateways];
}

/**
 * A host's own input policy, as `nft -f` reads it: default drop; established traffic, loopback and
 * ping; each declared service's TCP ports from the sources that should reach them. Loading it
 * replaces the table in one transaction, so a running lab is never left open or shut.
 */
export function hostRuleset(host: LabHost): string {
  const accepts = host.services
    .filter((service) => service.ports.length > 0)
    .map((service) => {
      const sources = serviceSources(host, service);
      const from = sources === undefined ? '' : `ip saddr ${set(sources)} `;
      return `    ${from}tcp dport ${set(service.ports.map(String))} accept comment "${service.kind}"`;
    });
  return [
    `table inet ${HOST_TABLE}`,
    `delete table inet ${HOST_TABLE}`,
    `table inet ${HOST_TABLE} {`,
    '  chain input {',
    '    type filter hook input priority filter; policy drop;',
    '    iif "lo" accept',
    '    ct state established,related accept',
    '    ct state invalid drop',
    '    icmp type echo-request accept',
    // IPv6 neighbour discovery, so that link-local traffic on the lab's links keeps working.
    '    icmpv6 type { echo-request, nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept',
    ...accepts,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Loads every host's own input policy (all but ECWAN, which has the edge ruleset), replacing earlier ones. */
export async function loadHostFirewalls(): Promise<void> {
  await Promise.all(
    LAB_HOSTS.filter((host) => host.role !== 'edge').map((host) =>
      mustRun('ip', ['netns', 'exec', host.namespace, 'nft', '-f', '-'], { input: hostRuleset(host) }),
    ),
  );
}

/** Loads the edge ruleset into ECWAN's namespace, replacing any earlier one. */
export async function loadEdgeFirewall(namespace: string): Promise<void> {
  await mustRun('ip', ['netns', 'exec', namespace, 'nft', 'flush', 'ruleset']);
  await mustRun('ip', ['netns', 'exec', namespace, 'nft', '-f', '-'], { input: edgeRuleset() });
}

/** The ruleset ECWAN has now, as `nft list ruleset` prints it. */
export function listEdgeFirewall(namespace: string): Promise<string> {
  return mustRun('ip', ['netns', 'exec', namespace, 'nft', 'list', 'ruleset']);
}
