/**
 * The files OpenSSH's `ssh` needs to reach an sftp destination as strictly as Vigie's own SSH layer:
 * a private config, a known_hosts file holding only the pinned keys, and Vigie's private keys, in a
 * 0700 directory that lives for one restic run. Nothing of the user's own ssh setup is read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PreparedSftp } from '../restic.js';

/** One SSH connection of the chain: the destination host, or a jump host in front of it. */
export interface SshHop {
  /** Inventory id: the known_hosts entry (HostKeyAlias) and the name errors use. */
  readonly name: string;
  /** Where ssh connects (for a hop behind a jump host: as that jump host reaches it). */
  readonly address: string;
  readonly port: number;
  readonly user: string;
  /** The pinned host key: algorithm (`ssh-ed25519`) and base64 wire blob. */
  readonly hostKey: { readonly algorithm: string; readonly blob: string };
  /** The private key Vigie logs in with (OpenSSH or PEM text). */
  readonly privateKey: string;
}

/**
 * Options that make ssh refuse what Vigie's own SSH layer refuses: only the pinned keys, no prompt,
 * no agent, no forwarding, no connection sharing, a dead link noticed within 45 s. They go both in
 * the private config (which jump connections read too) and on the command line.
 */
function strictOptions(dir: string): ReadonlyArray<readonly [string, string]> {
  return [
    ['StrictHostKeyChecking', 'yes'],
    ['UserKnownHostsFile', path.join(dir, 'known_hosts')],
    ['GlobalKnownHostsFile', '/dev/null'],
    ['UpdateHostKeys', 'no'],
    ['CheckHostIP', 'no'],
    ['BatchMode', 'yes'],
    ['IdentitiesOnly', 'yes'],
    ['IdentityAgent', 'none'],
    ['PreferredAuthentications', 'publickey'],
    ['PasswordAuthentication', 'no'],
    ['KbdInteractiveAuthentication', 'no'],
    ['ForwardAgent', 'no'],
    ['ForwardX11', 'no'],
    ['ClearAllForwardings', 'yes'],
    ['ControlMaster', 'no'],
    ['ControlPath', 'none'],
    ['ConnectTimeout', '10'],
    ['ServerAliveInterval', '15'],
    ['ServerAliveCountMax', '3'],
    ['LogLevel', 'ERROR'],
  ];
}

const DIR_PREFIX = 'vigie-sftp-';

/** The alias of hop `index` in the private config (0 is the destination). */
function aliasOf(index: number): string {
  return `vigie-hop-${index}`;
}

/**
 * Writes the private directory for `hops` (destination first, then each jump host outwards) and
 * returns the ssh command for restic's `sftp.command`; `release` removes the directory.
 */
export function prepareSshClientFiles(hops: readonly SshHop[]): PreparedSftp {
  removeLeftovers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  const release = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.chmodSync(dir, 0o700);
    const options = strictOptions(dir);
    const known = hops.map((hop) => `${hop.name} ${hop.hostKey.algorithm} ${hop.hostKey.blob}`);
    writePrivate(path.join(dir, 'known_hosts'), `${known.join('\n')}\n`);
    const blocks = hops.map((hop, index) => {
      const keyFile = path.join(dir, `key-${index}`);
      // OpenSSH refuses a key file without its final newline.
      writePrivate(keyFile, hop.privateKey.endsWith('\n') ? hop.privateKey : `${hop.privateKey}\n`);
      return [
        `Host ${aliasOf(index)}`,
        `  HostName ${hop.address}`,
        `  Port ${hop.port}`,
        `  User ${hop.user}`,
        `  IdentityFile ${keyFile}`,
        `  HostKeyAlias ${hop.name}`,
        ...(index + 1 < hops.length ? [`  ProxyJump ${aliasOf(index + 1)}`] : []),
      ].join('\n');
    });
    const config = path.join(dir, 'ssh_config');
    writePrivate(
      config,
      [...blocks, 'Host *', ...options.map(([name, value]) => `  ${name} ${value}`), ''].join('\n'),
    );
    const log = path.join(dir, 'ssh.log');
    const command = [
      'ssh',
      '-F',
      config,
      '-E',
      log,
      ...options.flatMap(([name, value]) => ['-o', `${name}=${value}`]),
      '-T',
      '-x',
      '-a',
      '-s',
      '--',
      aliasOf(0),
      'sftp',
    ];
    const diagnostics = (): string => {
      try {
        return fs.readFileSync(log, 'utf8');
      } catch {
        return '';
      }
    };
    return { command, diagnostics, release };
  } catch (error) {
    release();
    throw error;
  }
}

function writePrivate(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
}

/**
 * Removes the private directories of Vigie processes that died during a restic run (a SIGKILL gives
 * no chance to clean up), so that a copy of a key never outlives its process for long.
 */
function removeLeftovers(): void {
  const tmp = os.tmpdir();
  let entries: string[];
  try {
    entries = fs.readdirSync(tmp);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of entries) {
    const pid = new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    const dir = path.join(tmp, name);
    try {
      if (uid === undefined || fs.statSync(dir).uid === uid) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process removed it first: nothing left to do.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
