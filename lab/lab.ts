/**
 * The lab's commands: `up` (idempotent: a healthy lab is kept, a half-made one is torn down and
 * rebuilt), `down` (nothing left: no namespace, process, interface or runtime file; the lab prefix
 * unreachable again), `status`, `cut` and `restore` a host, and `purge` (also keys, data and the user).
 */
import fs from 'node:fs';
import { AppError } from '../src/errors/app-error.js';
import { resetLabAptRepo } from './apt-repo.js';
import { startMariadb, startPostgres, stopMariadb, stopPostgres } from './databases.js';
import { ensureDebianRoot, removeDebianRoots } from './debian-root.js';
import { loadEdgeFirewall, loadHostFirewalls } from './firewall.js';
import { ensureKeys, ensureLabUser, labHostKeys, removeLabUser } from './keys.js';
import { withLabLock } from './lock.js';
import {
  blockLabPrefix,
  buildNetwork,
  existingLabNamespaces,
  removeNetwork,
  setHostLink,
} from './network.js';
import { ensurePackages } from './packages.js';
import type { LabPaths } from './paths.js';
import { killNamespaceProcesses } from './processes.js';
import { startSshd, stopSshd } from './sshd.js';
import {
  formatLabStatus,
  type LabStatus,
  readLabStatus,
  removeLabUpMarker,
  writeLabUpMarker,
} from './status.js';
import { hostRuns, LAB_HOSTS, labHost } from './topology.js';
import { startWeb, stopWeb } from './web.js';

export interface LabDeps {
  readonly paths: LabPaths;
  /** Where progress lines for people go. */
  readonly log: (line: string) => void;
}

function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new AppError('FORBIDDEN', 'The lab needs root: it creates network namespaces, links and routes.', {
      hint: 'Run it as root (sudo npm run lab:up).',
    });
  }
}

/** Brings the lab up (or keeps it if it is already healthy) and returns its status. */
export function labUp(deps: LabDeps): Promise<LabStatus> {
  requireRoot();
  return withLabLock(deps.paths.lockFile, () => bringLabUp(deps));
}

/** `labUp` for a caller that already holds the lab lock (the test fixture). */
export async function bringLabUp(deps: LabDeps): Promise<LabStatus> {
  const before = await readLabStatus(deps.paths);
  if (before.up && before.strayNamespaces.length === 0) {
    deps.log('The lab is already up.');
    // A lab kept up from an older version gets the hosts' own firewalls (an atomic replace otherwise).
    await loadHostFirewalls();
    if (!fs.existsSync(deps.paths.upMarker)) writeLabUpMarker(deps.paths);
    return before;
  }
  if (!before.absent) {
    deps.log('Tearing down a half-made lab first.');
    await teardown(deps);
  }
  const started = Date.now();
  await ensurePackages(deps.log);
  await ensureLabUser();
  await ensureKeys(deps.paths);
  // Built once (about a minute), then cached across `down`s; every VM runs in an overlay of it.
  const vmBaseRoot = await ensureDebianRoot(deps.paths.cacheDir, deps.log);
  prepareRuntimeDirs(deps.paths);
  try {
    await resetLabAptRepo(deps.paths);
    await buildNetwork();
    await loadEdgeFirewall(labHost('ecwan').namespace);
    await loadHostFirewalls();
    await startDaemons(deps, vmBaseRoot);
  } catch (error) {
    deps.log(
      'The lab did not come up; tearing down what was made. Logs are kept under log/ until the next up.',
    );
    await teardown(deps, { keepLogs: true });
    throw error;
  }
  writeLabUpMarker(deps.paths);
  const status = await readLabStatus(deps.paths);
  deps.log(`The lab came up in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return status;
}

function prepareRuntimeDirs(paths: LabPaths): void {
  fs.rmSync(paths.logDir, { recursive: true, force: true });
  for (const host of LAB_HOSTS) {
    fs.mkdirSync(paths.hostRunDir(host.id), { recursive: true, mode: 0o755 });
    fs.mkdirSync(paths.hostLogDir(host.id), { recursive: true, mode: 0o755 });
  }
  fs.mkdirSync(paths.leasesDir, { recursive: true, mode: 0o755 });
}

async function startDaemons(deps: LabDeps, vmBaseRoot: string): Promise<void> {
  // Independent daemons start side by side; each host's own start order does not matter.
  await Promise.all(
    LAB_HOSTS.map(async (host) => {
      await startSshd(deps.paths, host, vmBaseRoot);
      if (hostRuns(host, 'postgresql')) await startPostgres(deps.paths, host);
      if (hostRuns(host, 'mariadb')) await startMariadb(deps.paths, host);
      if (hostRuns(host, 'nginx')) await startWeb(deps.paths, host);
    }),
  );
}

/** Stops every lab daemon, removes the network and the runtime files, and makes the lab prefix unreachable. */
export function labDown(deps: LabDeps): Promise<LabStatus> {
  requireRoot();
  return withLabLock(deps.paths.lockFile, async () => {
    await teardown(deps);
    return readLabStatus(deps.paths);
  });
}

/** `labDown` for a caller that already holds the lab lock (the test fixture). */
export async function takeLabDown(deps: LabDeps): Promise<LabStatus> {
  await teardown(deps);
  return readLabStatus(deps.paths);
}

async function teardown(deps: LabDeps, options: { keepLogs?: boolean } = {}): Promise<void> {
  removeLabUpMarker(deps.paths);
  const namespaces = await existingLabNamespaces();
  const present = LAB_HOSTS.filter((host) => namespaces.includes(host.namespace));
  // Clean shutdowns first, so the databases' data directories stay consistent for the next up.
  await Promise.all(
    present.map(async (host) => {
      if (hostRuns(host, 'nginx')) await stopWeb(deps.paths, host);
      if (hostRuns(host, 'postgresql')) await stopPostgres(deps.paths, host);
      if (hostRuns(host, 'mariadb')) await stopMariadb(deps.paths, host);
      await stopSshd(deps.paths, host);
    }),
  );
  // Then whatever is left in a lab namespace (ssh sessions, strays from a crash).
  for (const namespace of namespaces) await killNamespaceProcesses(namespace);
  await removeNetwork(namespaces);
  // The lease directory lives in run/, so leases go with it: nobody can hold a lab that is gone.
  fs.rmSync(deps.paths.runDir, { recursive: true, force: true });
  if (!options.keepLogs) fs.rmSync(deps.paths.logDir, { recursive: true, force: true });
}

/** The lab's state now. */
export function labStatus(deps: LabDeps): Promise<LabStatus> {
  return readLabStatus(deps.paths);
}

/** Cuts a host off (its links go down), or restores it. */
export function labSetHostLink(deps: LabDeps, input: { host: string; state: 'up' | 'down' }): Promise<void> {
  requireRoot();
  const host = labHost(input.host);
  return withLabLock(deps.paths.lockFile, async () => {
    const namespaces = await existingLabNamespaces();
    if (!namespaces.includes(host.namespace) || !namespaces.includes('vigie-ecwan')) {
      throw new AppError('CONFLICT', 'The lab is not up.', { hint: 'Run `npm run lab:up` first.' });
    }
    await setHostLink(host, input.state);
  });
}

/**
 * Gives a host a new SSH host key and restarts its sshd: what a reinstalled (or impersonated) server
 * looks like from Vigie's side. Returns the new public key as `TYPE BASE64`.
 */
export function labReplaceHostKey(deps: LabDeps, hostId: string): Promise<string> {
  requireRoot();
  const host = labHost(hostId);
  return withLabLock(deps.paths.lockFile, async () => {
    if (!(await readLabStatus(deps.paths)).up) {
      throw new AppError('CONFLICT', 'The lab is not up.', { hint: 'Run `npm run lab:up` first.' });
    }
    fs.rmSync(deps.paths.hostKey(host.id), { force: true });
    fs.rmSync(`${deps.paths.hostKey(host.id)}.pub`, { force: true });
    // Makes the missing key and rewrites known_hosts with it.
    await ensureKeys(deps.paths);
    await stopSshd(deps.paths, host);
    await startSshd(deps.paths, host, await ensureDebianRoot(deps.paths.cacheDir, deps.log));
    const key = labHostKeys(deps.paths)[host.id];
    if (key === undefined) throw new AppError('INTERNAL', `No host key for ${host.id} after replacing it.`);
    return key;
  });
}

/** Tears the lab down and removes everything it ever made: keys, data directories, the lab user, the cached VM root. */
export async function labPurge(deps: LabDeps): Promise<void> {
  await labDown(deps);
  await removeLabUser();
  fs.rmSync(deps.paths.dir, { recursive: true, force: true });
  removeDebianRoots(deps.paths.cacheDir);
  await blockLabPrefix();
}

export { formatLabStatus, withLabLock };
