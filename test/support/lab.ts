/**
 * The test fixture for the rack lab: `useLab()` brings the lab up once for every test file that
 * needs it (a lock file serialises parallel vitest workers) and holds a lease on it while the file
 * runs; the last lease released takes the lab down, unless the lab was already up before the first
 * lease (someone ran `npm run lab:up`) or VIGIE_LAB_KEEP=1 (keep it up between runs for speed).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import { labHostKeys } from '../../lab/keys.js';
import { bringLabUp, type LabDeps, takeLabDown, withLabLock } from '../../lab/lab.js';
import { type LabPaths, labDirFromEnv, labPaths } from '../../lab/paths.js';
import { isAlive } from '../../lab/processes.js';
import { type LabStatus, readLabStatus } from '../../lab/status.js';
import {
  LAB_DATABASE_ACCOUNT,
  LAB_HOSTS,
  LAB_NETWORKS,
  LAB_SSH_USER,
  LAB_WEBSITES,
  type LabHost,
} from '../../lab/topology.js';

/** Why the lab cannot run on this machine, or undefined when it can (root with network namespaces). */
export const labSkipReason: string | undefined = findSkipReason();

function findSkipReason(): string | undefined {
  if (process.platform !== 'linux')
    return `the lab needs Linux network namespaces (this is ${process.platform})`;
  if (process.getuid?.() !== 0)
    return 'the lab needs root to create network namespaces (run the tests as root)';
  if (!fs.existsSync('/proc/self/ns/net')) return 'this kernel has no network namespaces';
  return undefined;
}

if (labSkipReason) console.warn(`[lab] tests that need the rack lab are skipped: ${labSkipReason}.`);

export interface Lab {
  readonly hosts: readonly LabHost[];
  readonly networks: typeof LAB_NETWORKS;
  readonly websites: typeof LAB_WEBSITES;
  readonly database: typeof LAB_DATABASE_ACCOUNT;
  readonly paths: LabPaths;
  /** The lab user on every host, who may sudo without a password. */
  readonly user: string;
  readonly clientKey: string;
  readonly knownHosts: string;
  /** Each host's public key as `ssh-ed25519 BASE64`. */
  readonly hostKeys: Readonly<Record<string, string>>;
  /** `ssh` arguments that log in to a host as the lab user with strict host key checking. */
  sshArgs(host: LabHost): string[];
  /** Waits until no other test file holds the lab, then takes it down (for tests of `down`). */
  takeDownExclusively<T>(then: (status: LabStatus) => Promise<T>): Promise<T>;
  /**
   * Runs `work` with the lab to this file alone: waits until no other test file holds a lease, and
   * keeps new ones from starting until `work` ends. For tests that cut hosts off or break the lab.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
}

const LEASE_OWNER = `${process.pid}-${randomBytes(4).toString('hex')}`;

/** Brings the lab up for this test file (beforeAll) and releases it afterwards (afterAll). */
export function useLab(): Lab {
  const paths = labPaths(labDirFromEnv(process.env));
  const deps: LabDeps = { paths, log: () => {} };
  const lease = path.join(paths.leasesDir, `${LEASE_OWNER}.lease`);
  let hostKeys: Record<string, string> = {};

  beforeAll(async () => {
    if (labSkipReason) return;
    for (;;) {
      await untilNoOtherExclusiveHolder(paths);
      // Checked again under the lock: a file that holds the lab alone may have started meanwhile.
      const leased = await withLabLock(paths.lockFile, async () => {
        if (otherExclusiveHolder(paths)) return false;
        const status = await bringLabUpForTests(deps);
        if (!status.up) throw new Error('The lab did not come up: see `npm run lab:status`.');
        fs.mkdirSync(paths.leasesDir, { recursive: true });
        fs.writeFileSync(lease, String(process.pid));
        return true;
      });
      if (leased) break;
    }
    hostKeys = labHostKeys(paths);
  }, 480_000);

  afterAll(async () => {
    if (labSkipReason) return;
    await withLabLock(paths.lockFile, async () => {
      fs.rmSync(lease, { force: true });
      if (otherLiveLeases(paths, lease).length > 0 || !fixtureOwnsLab(paths)) return;
      await takeLabDown(deps);
    });
  }, 120_000);

  return {
    hosts: LAB_HOSTS,
    networks: LAB_NETWORKS,
    websites: LAB_WEBSITES,
    database: LAB_DATABASE_ACCOUNT,
    paths,
    user: LAB_SSH_USER,
    clientKey: paths.clientKey,
    knownHosts: paths.knownHosts,
    get hostKeys() {
      return hostKeys;
    },
    sshArgs: (host) => [
      '-i',
      paths.clientKey,
      '-o',
      `UserKnownHostsFile=${paths.knownHosts}`,
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=5',
      '-o',
      'LogLevel=ERROR',
      `${LAB_SSH_USER}@${host.address}`,
    ],
    // `then` runs before any other file may bring the lab back: it sees the lab as `down` left it.
    takeDownExclusively: (then) =>
      runExclusively(
        paths,
        lease,
        async () => then(await withLabLock(paths.lockFile, () => takeLabDown(deps))),
        { evenWaiters: true },
      ),
    exclusively: (work) => runExclusively(paths, lease, work),
  };
}

/** The marker of a file holding the lab alone; beside the lock, since `down` deletes the run dir. */
function exclusiveMarker(paths: LabPaths): string {
  return `${paths.lockFile}.exclusive`;
}

/** Where files waiting to hold the lab alone say so: they are blocked, not using the lab. */
function waitingDir(paths: LabPaths): string {
  return `${paths.lockFile}.waiting`;
}

/**
 * `work` runs once no other file uses the lab. Files waiting for the same do not count (they are
 * blocked), unless `evenWaiters`: taking the lab down must wait for them too, or they would find
 * it gone.
 */
async function runExclusively<T>(
  paths: LabPaths,
  ownLease: string,
  work: () => Promise<T>,
  options: { evenWaiters?: boolean } = {},
): Promise<T> {
  const marker = exclusiveMarker(paths);
  const waiting = path.join(waitingDir(paths), String(process.pid));
  fs.mkdirSync(waitingDir(paths), { recursive: true });
  fs.writeFileSync(waiting, '');
  const deadline = Date.now() + 600_000;
  try {
    for (;;) {
      // Taken under the lab lock so that no other file can take a lease between the check and the
      // marker. Leases of files that are themselves waiting do not count: two waiters would otherwise
      // wait for each other forever.
      const taken = await withLabLock(paths.lockFile, async () => {
        const busy = otherLiveLeases(paths, ownLease).filter(
          (lease) => options.evenWaiters === true || !isWaiting(paths, lease),
        );
        if (busy.length > 0 || otherExclusiveHolder(paths)) return false;
        fs.writeFileSync(marker, String(process.pid));
        return true;
      });
      if (taken) break;
      if (Date.now() > deadline) throw new Error('Other test files held the lab for more than 10 minutes.');
      await sleep(500);
    }
  } finally {
    fs.rmSync(waiting, { force: true });
  }
  try {
    return await work();
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

function isWaiting(paths: LabPaths, lease: string): boolean {
  const pid = Number.parseInt(path.basename(lease), 10);
  return fs.existsSync(path.join(waitingDir(paths), String(pid)));
}

async function untilNoOtherExclusiveHolder(paths: LabPaths): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (otherExclusiveHolder(paths) && Date.now() < deadline) await sleep(500);
}

function otherExclusiveHolder(paths: LabPaths): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(exclusiveMarker(paths), 'utf8'), 10);
  } catch {
    return false;
  }
  return Number.isInteger(pid) && pid !== process.pid && isAlive(pid);
}

/** Brings the lab up if needed and records whether the fixture did it (then the last lease takes it down). */
async function bringLabUpForTests(deps: LabDeps): Promise<LabStatus> {
  const wasUp = (await readLabStatus(deps.paths)).up;
  const status = await bringLabUp(deps);
  // The marker lives in run/, which `down` deletes: a lab brought up by hand is never marked.
  if (!wasUp) fs.writeFileSync(ownerMarker(deps.paths), String(process.pid));
  return status;
}

function ownerMarker(paths: LabPaths): string {
  return path.join(paths.runDir, 'fixture-owned');
}

/** Whether the last lease out takes the lab down: the fixture made it, and VIGIE_LAB_KEEP is not set. */
function fixtureOwnsLab(paths: LabPaths): boolean {
  return fs.existsSync(ownerMarker(paths)) && process.env.VIGIE_LAB_KEEP !== '1';
}

function otherLiveLeases(paths: LabPaths, own: string): string[] {
  if (!fs.existsSync(paths.leasesDir)) return [];
  return fs
    .readdirSync(paths.leasesDir)
    .map((name) => path.join(paths.leasesDir, name))
    .filter((file) => file !== own && isAlive(Number.parseInt(path.basename(file), 10)));
}
