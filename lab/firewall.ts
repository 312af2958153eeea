/**
 * ECWAN's nftables ruleset, generated from the topology: SSH from the provider side to every host,
 * HTTP(S) to the web hosts, PostgreSQL and MariaDB to DB03 from the web hosts and the provider side,
 * ping for the probes; everything else crossing or reaching ECWAN is dropped.
 */
import { mustRun } from './exec.js';
import { hostRuns, LAB_HOSTS, labHost, PROVIDER_UPLINK } from './topology.js';

/** The name of the lab's nftables table inside ECWAN's namespace. */
export const EDGE_TABLE = 'vigie_edge';

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
    '    tcp dport 22 accept',
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

/** Loads the edge ruleset into ECWAN's namespace, replacing any earlier one. */
export async function loadEdgeFirewall(namespace: string): Promise<void> {
  await mustRun('ip', ['netns', 'exec', namespace, 'nft', 'flush', 'ruleset']);
  await mustRun('ip', ['netns', 'exec', namespace, 'nft', '-f', '-'], { input: edgeRuleset() });
}

/** The ruleset ECWAN has now, as `nft list ruleset` prints it. */
export function listEdgeFirewall(namespace: string): Promise<string> {
  return mustRun('ip', ['netns', 'exec', namespace, 'nft', 'list', 'ruleset']);
}
