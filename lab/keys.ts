/**
 * The lab's identities: the `vigie-lab` system user every host accepts (sudo without password), the
 * lab client key authorised for it, one ed25519 host key per host, and the known_hosts file that
 * pins them. Generated once and kept across `down`, so host keys stay stable between runs.
 */
import fs from 'node:fs';
import { mustRun, runCommand } from './exec.js';
import type { LabPaths } from './paths.js';
import { LAB_HOSTS, LAB_SSH_USER } from './topology.js';

const SUDOERS_FILE = '/etc/sudoers.d/vigie-lab';

/** Creates the lab user and its sudo rule if missing (the hosts share the machine's /etc). */
export async function ensureLabUser(): Promise<void> {
  const exists = await runCommand('id', ['-u', LAB_SSH_USER]);
  if (exists.code !== 0) {
    await mustRun('useradd', [
      '--system',
      '--create-home',
      '--home-dir',
      `/home/${LAB_SSH_USER}`,
      '--shell',
      '/bin/bash',
      LAB_SSH_USER,
    ]);
  }
  // "*" instead of useradd's "!": no password login, but sshd (without PAM) no longer sees a locked account.
  await mustRun('usermod', ['-p', '*', LAB_SSH_USER]);
  const rule = `${LAB_SSH_USER} ALL=(ALL:ALL) NOPASSWD: ALL\n`;
  if (!fs.existsSync(SUDOERS_FILE) || fs.readFileSync(SUDOERS_FILE, 'utf8') !== rule) {
    fs.writeFileSync(SUDOERS_FILE, rule, { mode: 0o440 });
  }
}

/** Removes the lab user, its home and its sudo rule (`lab purge`). */
export async function removeLabUser(): Promise<void> {
  fs.rmSync(SUDOERS_FILE, { force: true });
  const exists = await runCommand('id', ['-u', LAB_SSH_USER]);
  if (exists.code === 0) await mustRun('userdel', ['--remove', LAB_SSH_USER]);
}

async function ensureKey(file: string, comment: string): Promise<void> {
  if (fs.existsSync(file) && fs.existsSync(`${file}.pub`)) return;
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/** Generates the client key and every host key if missing, then writes authorized_keys and known_hosts. */
export async function ensureKeys(paths: LabPaths): Promise<void> {
  // Readable by all: sshd reads authorized_keys as the lab user; private keys are 0600 inside it.
  fs.mkdirSync(paths.keysDir, { recursive: true });
  fs.chmodSync(paths.keysDir, 0o755);
  await ensureKey(paths.clientKey, 'vigie-lab-client');
  fs.writeFileSync(paths.authorizedKeys, fs.readFileSync(`${paths.clientKey}.pub`, 'utf8'), { mode: 0o644 });
  const knownHosts: string[] = [];
  for (const host of LAB_HOSTS) {
    fs.mkdirSync(paths.hostKeyDir(host.id), { recursive: true, mode: 0o700 });
    await ensureKey(paths.hostKey(host.id), `vigie-lab-${host.id}`);
    const [type, key] = fs
      .readFileSync(`${paths.hostKey(host.id)}.pub`, 'utf8')
      .trim()
      .split(/\s+/);
    const names = [host.id, ...host.interfaces.map((nic) => nic.address)];
    knownHosts.push(`${names.join(',')} ${type} ${key}`);
  }
  fs.writeFileSync(paths.knownHosts, `${knownHosts.join('\n')}\n`, { mode: 0o644 });
}

/** The public host key of each lab host, as `TYPE BASE64` (what a pinning store records). */
export function labHostKeys(paths: LabPaths): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const host of LAB_HOSTS) {
    const [type, key] = fs
      .readFileSync(`${paths.hostKey(host.id)}.pub`, 'utf8')
      .trim()
      .split(/\s+/);
    keys[host.id] = `${type} ${key}`;
  }
  return keys;
}
