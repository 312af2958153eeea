/**
 * One OpenSSH server per lab host, started in the host's namespace with its own hostname (UTS
 * namespace), config, host key, pid file and log; it accepts only the lab client key for the lab user.
 * On the VMs it runs chrooted in the VM's own Debian root (lab/vm-root.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustRun } from './exec.js';
import type { LabPaths } from './paths.js';
import { stopByPidFile, waitUntil } from './processes.js';
import { canConnect } from './tcp-check.js';
import { LAB_SSH_USER, type LabHost } from './topology.js';
import { hostHasOwnRoot, prepareVmRoot, VM_LOG_DIR, VM_RUN_DIR, vmRootCommand } from './vm-root.js';

const WITH_HOSTNAME = path.join(path.dirname(fileURLToPath(import.meta.url)), 'with-hostname.sh');

/** The pid file of a host's sshd. */
export function sshdPidFile(paths: LabPaths, host: LabHost): string {
  return path.join(paths.hostRunDir(host.id), 'sshd.pid');
}

/** Where sshd finds its files: the lab's own paths, or their copies and bind mounts inside a VM's root. */
interface SshdFiles {
  readonly hostKey: string;
  readonly pidFile: string;
  readonly authorizedKeys: string;
}

function sshdConfig(files: SshdFiles): string {
  return [
    '# Written by the Vigie lab on every `lab up`; edits are lost.',
    'Port 22',
    'ListenAddress 0.0.0.0',
    `HostKey ${files.hostKey}`,
    `PidFile ${files.pidFile}`,
    `AuthorizedKeysFile ${files.authorizedKeys}`,
    // The lab directory may live under /tmp ($VIGIE_LAB_DIR), which StrictModes would refuse.
    'StrictModes no',
    `AllowUsers ${LAB_SSH_USER}`,
    'PermitRootLogin no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'X11Forwarding no',
    'PrintMotd no',
    'AcceptEnv LANG LC_*',
    'MaxStartups 100:30:200',
    'LogLevel VERBOSE',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    '',
  ].join('\n');
}

/**
 * Writes the host's sshd config, checks it and starts sshd; resolves once port 22 answers. A VM's sshd
 * runs chrooted in an overlay of `baseRoot`, the cached Debian root, when one is given.
 */
export async function startSshd(paths: LabPaths, host: LabHost, baseRoot?: string): Promise<void> {
  if (baseRoot !== undefined && hostHasOwnRoot(host)) {
    await startVmSshd(paths, host, baseRoot);
    return;
  }
  const config = path.join(paths.hostRunDir(host.id), 'sshd_config');
  fs.writeFileSync(
    config,
    sshdConfig({
      hostKey: paths.hostKey(host.id),
      pidFile: sshdPidFile(paths, host),
      authorizedKeys: paths.authorizedKeys,
    }),
  );
  // sshd's privilege separation directory, shared by every instance.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  await mustRun('/usr/sbin/sshd', ['-t', '-f', config]);
  const log = path.join(paths.hostLogDir(host.id), 'sshd.log');
  await mustRun('ip', [
    'netns',
    'exec',
    host.namespace,
    'unshare',
    '--uts',
    '--',
    '/bin/sh',
    WITH_HOSTNAME,
    host.id,
    '/usr/sbin/sshd',
    '-f',
    config,
    '-E',
    log,
  ]);
  await waitUntil(() => canConnect(host.address, 22, 500), 10_000, `sshd on ${host.id}`);
}

/** A VM's sshd: its config and pid file in the host's run directory, seen inside the root as /run/vigie-lab. */
async function startVmSshd(paths: LabPaths, host: LabHost, baseRoot: string): Promise<void> {
  prepareVmRoot(paths, host);
  fs.writeFileSync(
    path.join(paths.hostRunDir(host.id), 'sshd_config'),
    sshdConfig({
      hostKey: '/etc/ssh/ssh_host_ed25519_key',
      pidFile: `${VM_RUN_DIR}/sshd.pid`,
      authorizedKeys: '/etc/ssh/vigie-lab/authorized_keys',
    }),
  );
  await mustRun(
    'ip',
    vmRootCommand(paths, host, baseRoot, [
      '/usr/sbin/sshd',
      '-f',
      `${VM_RUN_DIR}/sshd_config`,
      '-E',
      `${VM_LOG_DIR}/sshd.log`,
    ]),
    { timeoutMs: 120_000 },
  );
  await waitUntil(() => canConnect(host.address, 22, 500), 10_000, `sshd on ${host.id}`);
}

/** Stops a host's sshd by its pid file. */
export function stopSshd(paths: LabPaths, host: LabHost): Promise<void> {
  return stopByPidFile(host.namespace, sshdPidFile(paths, host));
}
