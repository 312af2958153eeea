/**
 * The lab's commands: `up` (idempotent: a healthy lab is kept, a half-made one is torn down and
 * rebuilt), `down` (nothing left: no namespace, process, interface or runtime file; the lab prefix
 * unreachable again), `status`, `cut` and `restore` a host, and `purge` (also keys, data and the user).
 */
import fs from 'node:fs';
import { AppError } from '../src/errors/app-error.js';
import { startMariadb, startPostgres, stopMariadb, stopPostgres } from './databases.js';
import { loadEdgeFirewall } from './firewall.js';
import { ensureKeys, ensureLabUser, removeLabUser } from './keys.js';
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
import { formatLabStatus, type LabStatus, readLabStatus } from './status.js';
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
  prepareRuntimeDirs(deps.paths);
  try {
    await buildNetwork();
    await loadEdgeFirewall(labHost('ecwan').namespace);
    await startDaemons(deps);
  } catch (error) {
    deps.log(
      'The lab did not come up; tearing down what was made. Logs are kept under log/ until the next up.',
    );
    await teardown(deps, { keepLogs: true });
    throw error;
  }
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

async function startDaemons(deps: LabDeps): Promise<void> {
  // Independent daemons start side by side; each host's own start order does not matter.
  await Promise.all(
    LAB_HOSTS.map(async (host) => {
      await startSshd(deps.paths, host);
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

/** Tears the lab down and removes everything it ever made: keys, data directories, the lab user. */
export async function labPurge(deps: LabDeps): Promise<void> {
  await labDown(deps);
  await removeLabUser();
  fs.rmSync(deps.paths.dir, { recursive: true, force: true });
  await blockLabPrefix();
}

export { formatLabStatus, withLabLock };
