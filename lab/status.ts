/**
 * What the lab has running now, read from the machine itself (namespaces, links, pid files, ECWAN's
 * firewall, the root route), so that `status` and `up` see a lab half-made by a crash.
 */
import fs from 'node:fs';
import path from 'node:path';
import { databasePidFiles } from './databases.js';
import { runCommand } from './exec.js';
import { EDGE_TABLE } from './firewall.js';
import {
  existingLabNamespaces,
  hostLinkIsUp,
  labNamespaceEtcDirs,
  labPrefixRoute,
  rootLabInterfaces,
} from './network.js';
import { phpFpmBinary } from './packages.js';
import type { LabPaths } from './paths.js';
import { livePidFromFile, namespacePids } from './processes.js';
import { sshdPidFile } from './sshd.js';
import { hostRuns, LAB_HOSTS, type LabHost, type LabHostId, type LabServiceKind } from './topology.js';
import { hostHasOwnRoot, processRoot } from './vm-root.js';
import { webPidFiles } from './web.js';

export interface LabServiceStatus {
  readonly kind: LabServiceKind;
  readonly running: boolean;
}

export interface LabHostStatus {
  readonly id: LabHostId;
  readonly namespace: string;
  readonly address: string;
  readonly namespaceExists: boolean;
  readonly linkUp: boolean;
  readonly services: readonly LabServiceStatus[];
  /** The root directory its sshd runs in: `/` (the machine's), or the VM's own Debian root. */
  readonly root: string | undefined;
  /** The VMs run in their own Debian root (lab/vm-root.ts); the others share the machine's. */
  readonly ownRoot: boolean;
}

export interface LabStatus {
  /** Every namespace, daemon and the firewall are there (links may be cut). */
  readonly up: boolean;
  /** Nothing of the lab is left: no namespace, no lab interface in the root namespace. */
  readonly absent: boolean;
  readonly hosts: readonly LabHostStatus[];
  /** Lab namespaces that the topology does not know (from an older lab): `down` removes them. */
  readonly strayNamespaces: readonly string[];
  readonly rootInterfaces: readonly string[];
  readonly route: string;
}

/** The pid file of each daemon the lab starts on a host (nftables has none: it is checked apart). */
export function daemonPidFiles(paths: LabPaths, host: LabHost): Partial<Record<LabServiceKind, string>> {
  const files: Partial<Record<LabServiceKind, string>> = { openssh: sshdPidFile(paths, host) };
  if (hostRuns(host, 'postgresql') || hostRuns(host, 'mariadb'))
    Object.assign(files, databasePidFiles(paths, host));
  if (hostRuns(host, 'nginx')) {
    const web = webPidFiles(paths, host);
    files.nginx = web.nginx;
    if (phpFpmBinary()) files['php-fpm'] = web['php-fpm'];
  }
  return files;
}

async function serviceStatus(paths: LabPaths, host: LabHost, exists: boolean): Promise<LabServiceStatus[]> {
  const pids = exists ? await namespacePids(host.namespace) : [];
  const files = daemonPidFiles(paths, host);
  const statuses: LabServiceStatus[] = [];
  for (const service of host.services) {
    if (service.kind === 'nftables') {
      const table = exists
        ? await runCommand('ip', [
            'netns',
            'exec',
            host.namespace,
            'nft',
            'list',
            'table',
            'inet',
            EDGE_TABLE,
          ])
        : undefined;
      statuses.push({ kind: 'nftables', running: table?.code === 0 });
      continue;
    }
    const file = files[service.kind];
    if (file === undefined) continue;
    const pid = livePidFromFile(file);
    statuses.push({ kind: service.kind, running: pid !== undefined && pids.includes(pid) });
  }
  return statuses;
}

/**
 * Writes the marker that says the lab is up (once every daemon runs): Vigie's outbound allowlist
 * admits the lab prefix while it exists (`lab` entry, src/net/lab-marker.ts).
 */
export function writeLabUpMarker(paths: LabPaths, now = new Date()): void {
  fs.mkdirSync(path.dirname(paths.upMarker), { recursive: true, mode: 0o755 });
  fs.writeFileSync(paths.upMarker, `up since ${now.toISOString()}\n`, { mode: 0o644 });
}

/** Removes the marker first thing on the way down, so that Vigie stops connecting before the lab goes. */
export function removeLabUpMarker(paths: LabPaths): void {
  fs.rmSync(paths.upMarker, { force: true });
}

function sshdRoot(paths: LabPaths, host: LabHost): string | undefined {
  const pid = livePidFromFile(sshdPidFile(paths, host));
  return pid === undefined ? undefined : processRoot(pid);
}

/** Reads the lab's state from the machine. */
export async function readLabStatus(paths: LabPaths): Promise<LabStatus> {
  const namespaces = await existingLabNamespaces();
  const hosts: LabHostStatus[] = [];
  for (const host of LAB_HOSTS) {
    const exists = namespaces.includes(host.namespace);
    const edgeExists = namespaces.includes('vigie-ecwan');
    hosts.push({
      id: host.id,
      namespace: host.namespace,
      address: host.address,
      namespaceExists: exists,
      linkUp: exists && edgeExists && (await hostLinkIsUp(host)),
      services: await serviceStatus(paths, host, exists),
      root: sshdRoot(paths, host),
      ownRoot: hostHasOwnRoot(host),
    });
  }
  const known = new Set(LAB_HOSTS.map((host) => host.namespace));
  const strayNamespaces = namespaces.filter((name) => !known.has(name));
  const rootInterfaces = await rootLabInterfaces();
  return {
    up: hosts.every(
      (host) =>
        host.namespaceExists &&
        host.services.every((service) => service.running) &&
        (!host.ownRoot || host.root === paths.hostRoot(host.id).mount),
    ),
    absent: namespaces.length === 0 && rootInterfaces.length === 0 && labNamespaceEtcDirs().length === 0,
    hosts,
    strayNamespaces,
    rootInterfaces,
    route: await labPrefixRoute(),
  };
}

/** The status as lines for people: one per host with its address, link and services. */
export function formatLabStatus(status: LabStatus): string[] {
  const lines = [
    status.up
      ? 'The lab is up.'
      : status.absent
        ? 'The lab is down.'
        : 'The lab is half made: run `npm run lab:up` or `npm run lab:down`.',
  ];
  for (const host of status.hosts) {
    const services = host.services.map(
      (service) => `${service.kind} ${service.running ? 'running' : 'STOPPED'}`,
    );
    const link = !host.namespaceExists ? 'no namespace' : host.linkUp ? 'link up' : 'CUT';
    const addresses =
      LAB_HOSTS.find((candidate) => candidate.id === host.id)?.interfaces.map((nic) => nic.address) ?? [];
    const root =
      !host.ownRoot || host.root === undefined
        ? ''
        : host.root === '/'
          ? ', NOT IN ITS OWN ROOT'
          : ', own Debian root';
    lines.push(
      `  ${host.id.padEnd(13)} ${addresses.join(', ').padEnd(26)} ${link.padEnd(12)} ${services.join(', ')}${root}`,
    );
  }
  lines.push(`  route ${status.route || '(none for the lab prefix)'}`);
  return lines;
}
