/**
 * The Debian root the lab's VMs run in: debootstrap (minbase plus what sshd, sudo, apt, ss, ip and ps
 * need) from the machine's own mirror and release, built once, atomically (temp dir + rename), and
 * cached under /var/cache/vigie-lab by release and by a hash of what goes into it. Each VM gets an
 * overlay of it (lab/vm-root.ts), so the cached base is never written after it is built.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../src/errors/app-error.js';
import { mustRun } from './exec.js';
import { isAlive } from './processes.js';
import { LAB_SSH_USER } from './topology.js';

/** What a VM root holds on top of debootstrap's minbase. */
export const DEBIAN_ROOT_PACKAGES: readonly string[] = ['openssh-server', 'sudo', 'iproute2', 'procps'];

/**
 * Bumped when the setup done after debootstrap changes (user, sudoers, apt sources), so that a cached
 * root made by an older lab is not reused.
 */
const ROOT_SETUP_VERSION = 2;

/** Where the VMs see the lab's apt repository (a read-only bind mount of `paths.aptRepoDir`). */
export const VM_APT_REPO_MOUNT = '/srv/vigie-lab-apt';

/** The marker written last into a finished root: a root without it is never used. */
const COMPLETE_MARKER = 'etc/vigie-lab-root.json';

export interface DebianRootSpec {
  /** The machine's release codename: `bookworm`. */
  readonly release: string;
  /** Its version number as /etc/os-release says: `12`. */
  readonly version: string;
  readonly mirror: string;
  readonly architecture: string;
  readonly packages: readonly string[];
}

/** The release, mirror and architecture of this machine: the VM roots are the same Debian. */
export async function machineDebianRootSpec(): Promise<DebianRootSpec> {
  const osRelease = readOsRelease();
  const release = osRelease.VERSION_CODENAME;
  if (osRelease.ID !== 'debian' || release === undefined || release === '') {
    throw new AppError(
      'INTERNAL',
      'The lab builds its VM roots from Debian, and this machine is not Debian.',
      {
        hint: 'Run the lab on Debian 12 (bookworm): the lab VMs are debootstrapped from the machine’s own mirror.',
        details: { id: osRelease.ID, codename: release },
      },
    );
  }
  const architecture = (await mustRun('dpkg', ['--print-architecture'])).trim();
  return {
    release,
    version: osRelease.VERSION_ID ?? '',
    mirror: machineMirror(release),
    architecture,
    packages: DEBIAN_ROOT_PACKAGES,
  };
}

function readOsRelease(): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of fs.readFileSync('/etc/os-release', 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match?.[1] !== undefined) fields[match[1]] = (match[2] ?? '').replace(/^"(.*)"$/, '$1');
  }
  return fields;
}

/**
 * The Debian mirror this machine's apt uses for its release (deb822 `.sources` first, then
 * sources.list); the public one when none names it.
 */
export function machineMirror(release: string, aptDir = '/etc/apt'): string {
  const sourcesDir = path.join(aptDir, 'sources.list.d');
  const files = fs.existsSync(sourcesDir)
    ? fs
        .readdirSync(sourcesDir)
        .filter((name) => name.endsWith('.sources'))
        .sort()
    : [];
  for (const file of files) {
    for (const stanza of fs.readFileSync(path.join(sourcesDir, file), 'utf8').split(/\n\s*\n/)) {
      const field = (name: string) =>
        new RegExp(`^${name}:\\s*(.+)$`, 'im')
          .exec(stanza.replace(/^#.*$/gm, ''))?.[1]
          ?.trim()
          .split(/\s+/) ?? [];
      if (field('Types').includes('deb') && field('Suites').includes(release)) {
        const uri = field('URIs')[0];
        if (uri !== undefined) return uri;
      }
    }
  }
  const list = path.join(aptDir, 'sources.list');
  if (fs.existsSync(list)) {
    for (const line of fs.readFileSync(list, 'utf8').split('\n')) {
      const words = line
        .replace(/\[[^\]]*\]/, '')
        .trim()
        .split(/\s+/);
      if (words[0] === 'deb' && words[2] === release && words[1] !== undefined) return words[1];
    }
  }
  return 'http://deb.debian.org/debian';
}

/** The cache directory of the root this spec makes: release and a hash of everything that goes in. */
export function debianRootDir(cacheDir: string, spec: DebianRootSpec): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        release: spec.release,
        architecture: spec.architecture,
        packages: [...spec.packages].sort(),
        setup: ROOT_SETUP_VERSION,
      }),
    )
    .digest('hex')
    .slice(0, 12);
  return path.join(cacheDir, `debian-root-${spec.release}-${hash}`);
}

/** Whether a finished root is cached at `dir`. */
export function debianRootIsReady(dir: string): boolean {
  return fs.existsSync(path.join(dir, COMPLETE_MARKER));
}

/**
 * The cached root for this machine, built first if missing (about a minute from a nearby mirror).
 * Callers hold the lab lock, so two builds of one root never race in one lab; a leftover temporary
 * build of a dead process is removed.
 */
export async function ensureDebianRoot(cacheDir: string, log: (line: string) => void): Promise<string> {
  const spec = await machineDebianRootSpec();
  const dir = debianRootDir(cacheDir, spec);
  if (debianRootIsReady(dir)) return dir;
  fs.mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
  removeDeadBuilds(cacheDir);
  const temp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  log(
    `Building the VMs' Debian root (${spec.release}, ${spec.architecture}) from ${spec.mirror}; it is cached in ${dir}.`,
  );
  const started = Date.now();
  try {
    await mustRun(
      'debootstrap',
      [
        '--variant=minbase',
        `--include=${spec.packages.join(',')}`,
        `--arch=${spec.architecture}`,
        spec.release,
        temp,
        spec.mirror,
      ],
      { timeoutMs: 900_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
    );
    await setUpRoot(temp, spec);
    fs.renameSync(temp, dir);
    // Roots made by an older lab are never used again (the lab is down while its root is built).
    for (const name of fs.readdirSync(cacheDir)) {
      const other = path.join(cacheDir, name);
      if (name.startsWith('debian-root-') && other !== dir && !name.includes('.tmp-')) {
        fs.rmSync(other, { recursive: true, force: true });
      }
    }
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  log(`The Debian root was built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return dir;
}

/** After debootstrap: the lab user with sudo, no host keys of its own, apt pointed at the lab repository only. */
async function setUpRoot(root: string, spec: DebianRootSpec): Promise<void> {
  await mustRun('chroot', [
    root,
    'useradd',
    '--system',
    '--create-home',
    '--home-dir',
    `/home/${LAB_SSH_USER}`,
    '--shell',
    '/bin/bash',
    LAB_SSH_USER,
  ]);
  // "*" rather than "!": no password, but sshd (without PAM) must not see a locked account.
  await mustRun('chroot', [root, 'usermod', '-p', '*', LAB_SSH_USER]);
  fs.writeFileSync(
    path.join(root, 'etc/sudoers.d', LAB_SSH_USER),
    `${LAB_SSH_USER} ALL=(ALL:ALL) NOPASSWD: ALL\n`,
    { mode: 0o440 },
  );
  // Each VM gets the lab's host key for it at `up`; the keys made by openssh-server's postinst go.
  for (const name of fs.readdirSync(path.join(root, 'etc/ssh'))) {
    if (name.startsWith('ssh_host_')) fs.rmSync(path.join(root, 'etc/ssh', name));
  }
  // Nothing inside a VM starts daemons on its own (Debian's switch for maintainer scripts).
  fs.writeFileSync(path.join(root, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  // The live mirror changes every day: a VM's apt knows only the lab's own repository.
  fs.rmSync(path.join(root, 'etc/apt/sources.list'), { force: true });
  fs.writeFileSync(
    path.join(root, 'etc/apt/sources.list.d/vigie-lab.list'),
    [
      '# The lab repository (lab/apt-repo.ts): deterministic and offline. copy: rather than file: so',
      '# that, as with a real mirror, a newly published version is seen only after `apt-get update`.',
      `deb [trusted=yes] copy:${VM_APT_REPO_MOUNT}/debian ${spec.release} main`,
      `deb [trusted=yes] copy:${VM_APT_REPO_MOUNT}/debian-security ${spec.release}-security main`,
      '',
    ].join('\n'),
  );
  fs.mkdirSync(path.join(root, VM_APT_REPO_MOUNT), { recursive: true });
  await mustRun('chroot', [root, 'apt-get', 'clean']);
  fs.rmSync(path.join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'var/lib/apt/lists/partial'), { recursive: true });
  fs.writeFileSync(
    path.join(root, COMPLETE_MARKER),
    `${JSON.stringify({ ...spec, setup: ROOT_SETUP_VERSION, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
}

function removeDeadBuilds(cacheDir: string): void {
  for (const name of fs.readdirSync(cacheDir)) {
    const pid = /\.tmp-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) {
      fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
    }
  }
}

/** Removes every cached root (`lab purge`). */
export function removeDebianRoots(cacheDir: string): void {
  if (!fs.existsSync(cacheDir)) return;
  for (const name of fs.readdirSync(cacheDir)) {
    if (name.startsWith('debian-root-'))
      fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
}
