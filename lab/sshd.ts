/**
 * One OpenSSH server per lab host, started in the host's namespace with its own hostname (UTS
 * namespace), config, host key, pid file and log; it accepts only the lab client key for the lab user.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustRun } from './exec.js';
import type { LabPaths } from './paths.js';
import { stopByPidFile, waitUntil } from './processes.js';
import { canConnect } from './tcp-check.js';
import { LAB_SSH_USER, type LabHost } from './topology.js';

const WITH_HOSTNAME = path.join(path.dirname(fileURLToPath(import.meta.url)), 'with-hostname.sh');

/** The pid file of a host's sshd. */
export function sshdPidFile(paths: LabPaths, host: LabHost): string {
  return path.join(paths.hostRunDir(host.id), 'sshd.pid');
}

function sshdConfig(paths: LabPaths, host: LabHost): string {
  return [
    '# Written by the Vigie lab on every `lab up`; edits are lost.',
    'Port 22',
    'ListenAddress 0.0.0.0',
    `HostKey ${paths.hostKey(host.id)}`,
    `PidFile ${sshdPidFile(paths, host)}`,
    `AuthorizedKeysFile ${paths.authorizedKeys}`,
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

/** Writes the host's sshd config, checks it and starts sshd; resolves once port 22 answers. */
export async function startSshd(paths: LabPaths, host: LabHost): Promise<void> {
  const config = path.join(paths.hostRunDir(host.id), 'sshd_config');
  fs.writeFileSync(config, sshdConfig(paths, host));
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

/** Stops a host's sshd by its pid file. */
export function stopSshd(paths: LabPaths, host: LabHost): Promise<void> {
  return stopByPidFile(host.namespace, sshdPidFile(paths, host));
}
