/**
 * The lab's network: one namespace per host, veth pairs from each host to a bridge per network inside
 * ECWAN's namespace, the uplink between the root namespace (the provider side) and ECWAN, and the
 * root route for the lab prefix: through ECWAN while the lab is up, unreachable while it is down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../src/errors/app-error.js';
import { mustRun, runCommand } from './exec.js';
import { waitUntil } from './processes.js';
import {
  LAB_HOSTS,
  LAB_NAME_PREFIX,
  LAB_NETWORKS,
  LAB_PREFIX,
  type LabHost,
  labHost,
  labNetwork,
  PROVIDER_UPLINK,
} from './topology.js';

const EDGE = labHost('ecwan');

/** Lab namespaces that exist now (any `vigie-*` namespace, including leftovers of a crash). */
export async function existingLabNamespaces(): Promise<string[]> {
  const result = await runCommand('ip', ['netns', 'list']);
  if (result.code !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name.startsWith(LAB_NAME_PREFIX));
}

/** The lab's directories under /etc/netns (there only while the lab is up). */
export function labNamespaceEtcDirs(): string[] {
  if (!fs.existsSync(NETNS_ETC)) return [];
  return fs.readdirSync(NETNS_ETC).filter((name) => name.startsWith(LAB_NAME_PREFIX));
}

/** Lab interfaces left in the root namespace. */
export async function rootLabInterfaces(): Promise<string[]> {
  const result = await mustRun('ip', ['-o', 'link', 'show']);
  return result
    .split('\n')
    .map((line) => line.split(':')[1]?.trim().split('@')[0] ?? '')
    .filter((name) => name.startsWith(LAB_NAME_PREFIX));
}

function ipIn(namespace: string, args: readonly string[]): Promise<string> {
  return mustRun('ip', ['-n', namespace, ...args]);
}

function sysctlIn(namespace: string, setting: string): Promise<string> {
  return mustRun('ip', ['netns', 'exec', namespace, 'sysctl', '-q', '-w', setting]);
}

/** `ip netns exec` binds the files of /etc/netns/NAME over /etc: each host's own hosts and resolver. */
const NETNS_ETC = '/etc/netns';

function hostsFile(): string {
  const lines = ['127.0.0.1 localhost', '::1 localhost'];
  for (const host of LAB_HOSTS) {
    for (const nic of host.interfaces)
      lines.push(`${nic.address} ${nic.address === host.address ? `${host.id} ` : ''}${host.id}-${nic.name}`);
  }
  return `# Written by the Vigie lab; removed by lab down.\n${lines.join('\n')}\n`;
}

/** Gives each lab host its own /etc/hosts (its name resolves, so sudo does not wait for DNS) and no resolver. */
function writeNamespaceEtc(host: LabHost): void {
  const dir = path.join(NETNS_ETC, host.namespace);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'hosts'), hostsFile());
  // No nameserver: lookups fail at once instead of leaving the lab.
  fs.writeFileSync(
    path.join(dir, 'resolv.conf'),
    '# The Vigie lab has no DNS server.\noptions timeout:1 attempts:1\n',
  );
}

/** Creates every namespace, link, bridge, address and route of the lab (on a clean machine). */
export async function buildNetwork(): Promise<void> {
  for (const host of LAB_HOSTS) {
    writeNamespaceEtc(host);
    await mustRun('ip', ['netns', 'add', host.namespace]);
    await ipIn(host.namespace, ['link', 'set', 'lo', 'up']);
  }
  for (const network of LAB_NETWORKS) {
    if (!network.bridge) continue;
    const [, length] = network.prefix.split('/');
    await ipIn(EDGE.namespace, ['link', 'add', network.bridge, 'type', 'bridge']);
    await ipIn(EDGE.namespace, ['addr', 'add', `${network.gateway}/${length}`, 'dev', network.bridge]);
    await ipIn(EDGE.namespace, ['link', 'set', network.bridge, 'up']);
  }
  await buildUplink();
  for (const host of LAB_HOSTS) {
    if (host.id !== EDGE.id) await linkHost(host);
  }
  // Forwarding is per namespace: ECWAN routes, the root namespace and the other hosts do not.
  await sysctlIn(EDGE.namespace, 'net.ipv4.ip_forward=1');
  await routeLabPrefixThroughEdge();
}

async function buildUplink(): Promise<void> {
  const [wan] = EDGE.interfaces;
  if (!wan) return;
  await mustRun('ip', [
    'link',
    'add',
    PROVIDER_UPLINK.interface,
    'type',
    'veth',
    'peer',
    'name',
    wan.name,
    'netns',
    EDGE.namespace,
  ]);
  await mustRun('ip', [
    'addr',
    'add',
    `${PROVIDER_UPLINK.address}/${PROVIDER_UPLINK.prefixLength}`,
    'dev',
    PROVIDER_UPLINK.interface,
  ]);
  await mustRun('ip', ['link', 'set', PROVIDER_UPLINK.interface, 'up']);
  await ipIn(EDGE.namespace, ['addr', 'add', `${wan.address}/${wan.prefixLength}`, 'dev', wan.name]);
  await ipIn(EDGE.namespace, ['link', 'set', wan.name, 'up']);
}

async function linkHost(host: LabHost): Promise<void> {
  for (const nic of host.interfaces) {
    const bridge = labNetwork(nic.network).bridge;
    if (!bridge) continue;
    await ipIn(EDGE.namespace, [
      'link',
      'add',
      nic.peer,
      'type',
      'veth',
      'peer',
      'name',
      nic.name,
      'netns',
      host.namespace,
    ]);
    await ipIn(EDGE.namespace, ['link', 'set', nic.peer, 'master', bridge]);
    await ipIn(EDGE.namespace, ['link', 'set', nic.peer, 'up']);
    await ipIn(host.namespace, ['addr', 'add', `${nic.address}/${nic.prefixLength}`, 'dev', nic.name]);
    await ipIn(host.namespace, ['link', 'set', nic.name, 'up']);
  }
  if (host.defaultGateway)
    await ipIn(host.namespace, ['route', 'add', 'default', 'via', host.defaultGateway]);
}

/**
 * A second, less preferred unreachable route kept while the lab is up: when the uplink goes down
 * (ECWAN cut), the kernel flushes the route through it, and this one keeps lab traffic off the
 * default route.
 */
const GUARD_METRIC = '65535';

/** While the lab is up, the provider side reaches the lab prefix through ECWAN's uplink only. */
async function routeLabPrefixThroughEdge(): Promise<void> {
  await mustRun('ip', ['route', 'replace', 'unreachable', LAB_PREFIX, 'metric', GUARD_METRIC]);
  await mustRun('ip', [
    'route',
    'replace',
    LAB_PREFIX,
    'via',
    EDGE.address,
    'dev',
    PROVIDER_UPLINK.interface,
  ]);
}

/** While the lab is down, the lab prefix is unreachable: nothing goes towards it outside the lab. */
export async function blockLabPrefix(): Promise<void> {
  await mustRun('ip', ['route', 'replace', 'unreachable', LAB_PREFIX]);
  const guard = await runCommand('ip', ['route', 'del', 'unreachable', LAB_PREFIX, 'metric', GUARD_METRIC]);
  // Exit 2 means there was no guard route: the lab was not up.
  if (guard.code !== 0 && guard.code !== 2) {
    throw new AppError('INTERNAL', 'The lab could not delete its guard route for the lab prefix.', {
      details: { stderr: guard.stderr.trim() },
    });
  }
}

/** The root namespace's route for the lab prefix, as `ip route` prints it (empty if none). */
export async function labPrefixRoute(): Promise<string> {
  return (await mustRun('ip', ['route', 'show', 'exact', LAB_PREFIX])).trim();
}

/** Deletes every lab namespace (which destroys their veths and bridges) and the uplink. */
export async function removeNetwork(namespaces: readonly string[]): Promise<void> {
  for (const namespace of namespaces) await mustRun('ip', ['netns', 'del', namespace]);
  for (const name of labNamespaceEtcDirs())
    fs.rmSync(path.join(NETNS_ETC, name), { recursive: true, force: true });
  // The kernel destroys a deleted namespace's veths in the background: a peer may vanish on its own.
  for (const name of await rootLabInterfaces()) {
    const result = await runCommand('ip', ['link', 'del', name]);
    if (result.code !== 0 && !result.stderr.includes('Cannot find device')) {
      throw new AppError('INTERNAL', `The lab could not delete its interface ${name}.`, {
        details: { stderr: result.stderr.trim() },
      });
    }
  }
  await waitUntil(async () => (await rootLabInterfaces()).length === 0, 10_000, 'the lab interfaces to go');
  await blockLabPrefix();
}

/** Cuts a host off the rack (its links go down); for ECWAN, the whole rack is cut from the provider. */
export async function setHostLink(host: LabHost, state: 'up' | 'down'): Promise<void> {
  if (host.id === EDGE.id) {
    await mustRun('ip', ['link', 'set', PROVIDER_UPLINK.interface, state]);
    // Taking the uplink down flushed the route through it.
    if (state === 'up') await routeLabPrefixThroughEdge();
    return;
  }
  for (const nic of host.interfaces) await ipIn(EDGE.namespace, ['link', 'set', nic.peer, state]);
}

/** Whether a host's links are up (for ECWAN, the uplink). */
export async function hostLinkIsUp(host: LabHost): Promise<boolean> {
  const names = host.id === EDGE.id ? [PROVIDER_UPLINK.interface] : host.interfaces.map((nic) => nic.peer);
  for (const name of names) {
    const args =
      host.id === EDGE.id ? ['-o', 'link', 'show', name] : ['-n', EDGE.namespace, '-o', 'link', 'show', name];
    const result = await runCommand('ip', args);
    if (result.code !== 0 || !/[<,]UP[,>]/.test(result.stdout)) return false;
  }
  return true;
}
