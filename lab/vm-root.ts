/**
 * The lab VMs' own roots: each VM (db03, host03, host04) runs its sshd chrooted in an overlay of the
 * cached Debian root (lab/debian-root.ts), so its dpkg and apt state is its own; the other daemons keep
 * running outside, and /proc inside shows them. Everything is mounted in a private mount namespace
 * (lab/vm-root.sh) that ends with the VM's last process; the upper layer lives under run/HOST/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../src/errors/app-error.js';
import { type RunOptions, type RunResult, runCommand } from './exec.js';
import type { LabPaths } from './paths.js';
import { livePidFromFile } from './processes.js';
import type { LabHost } from './topology.js';

const VM_ROOT_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'vm-root.sh');

/** Inside a VM: the host's run directory (sshd config and pid file) and its log directory. */
export const VM_RUN_DIR = '/run/vigie-lab';
export const VM_LOG_DIR = '/var/log/vigie-lab';

/** Whether a lab host is a VM with its own Debian root (the hypervisors and ECWAN share the machine's). */
export function hostHasOwnRoot(host: LabHost): boolean {
  return host.role === 'database' || host.role === 'web';
}

/**
 * Writes what differs per VM into its (not yet mounted) upper layer: the lab's host key for it, the
 * authorised client key, and its /etc/hosts and resolver (the same as its namespace's).
 */
export function prepareVmRoot(paths: LabPaths, host: LabHost): void {
  const { mount, upper, work } = paths.hostRoot(host.id);
  for (const dir of [mount, upper, work]) fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const etc = path.join(upper, 'etc');
  fs.mkdirSync(path.join(etc, 'ssh/vigie-lab'), { recursive: true, mode: 0o755 });
  fs.copyFileSync(paths.hostKey(host.id), path.join(etc, 'ssh/ssh_host_ed25519_key'));
  fs.chmodSync(path.join(etc, 'ssh/ssh_host_ed25519_key'), 0o600);
  fs.copyFileSync(`${paths.hostKey(host.id)}.pub`, path.join(etc, 'ssh/ssh_host_ed25519_key.pub'));
  fs.copyFileSync(paths.authorizedKeys, path.join(etc, 'ssh/vigie-lab/authorized_keys'));
  fs.chmodSync(path.join(etc, 'ssh/vigie-lab/authorized_keys'), 0o644);
  fs.writeFileSync(path.join(etc, 'hostname'), `${host.id}\n`);
  for (const file of ['hosts', 'resolv.conf']) {
    const fromNamespace = path.join('/etc/netns', host.namespace, file);
    if (fs.existsSync(fromNamespace)) fs.copyFileSync(fromNamespace, path.join(etc, file));
  }
}

/** The command that starts `command` (sshd) chrooted in the VM's root, inside the host's namespace. */
export function vmRootCommand(
  paths: LabPaths,
  host: LabHost,
  baseRoot: string,
  command: readonly string[],
): string[] {
  const root = paths.hostRoot(host.id);
  return [
    'netns',
    'exec',
    host.namespace,
    'unshare',
    '--mount',
    '--propagation',
    'private',
    '--uts',
    '--',
    '/bin/sh',
    VM_ROOT_SCRIPT,
    host.id,
    baseRoot,
    root.upper,
    root.work,
    root.mount,
    paths.hostRunDir(host.id),
    paths.hostLogDir(host.id),
    paths.aptRepoDir,
    ...command,
  ];
}

/** The root directory a process sees (its chroot), or undefined when it is gone. */
export function processRoot(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/root`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Runs a command inside a running VM as root, as if on it (its mount, UTS and network namespaces,
 * its root): for the lab and tests to set up a situation without going through SSH.
 */
export async function runInVm(
  paths: LabPaths,
  host: LabHost,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const pid = livePidFromFile(path.join(paths.hostRunDir(host.id), 'sshd.pid'));
  if (!hostHasOwnRoot(host) || pid === undefined) {
    throw new AppError('CONFLICT', `${host.id} is not a running lab VM with its own root.`, {
      hint: `The VMs with their own root are db03, host03 and host04; bring the lab up first (npm run lab:up).`,
    });
  }
  return runCommand(
    'nsenter',
    ['--target', String(pid), '--mount', '--uts', '--net', '--root', '--wd', '--', ...argv],
    options,
  );
}
