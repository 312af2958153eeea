/**
 * A real OpenSSH server for tests: `/usr/sbin/sshd -D -e` on 127.0.0.1 with a free port, its own host
 * key and one authorised client key, all in a temporary directory. `restart({ newHostKey: true })`
 * brings it back with another host key, to test pinning.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface SshdFixture {
  readonly host: string;
  port: number;
  readonly user: string;
  readonly dir: string;
  /** The authorised client private key (OpenSSH PEM). */
  readonly clientPrivateKey: string;
  /** The server's current host public key line (`ssh-ed25519 AAAA...`). */
  hostPublicKey: string;
  /** Stops and starts again on the same port, with a new host key if asked. */
  restart(options?: { newHostKey?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export interface SshdOptions {
  /** Log in as this local account, created without sudo rights if missing (default: the current user). */
  readonly user?: string;
  /** Serve the sftp subsystem (OpenSSH's internal-sftp), for restic's sftp backend (default: off). */
  readonly sftp?: boolean;
}

/** Starts sshd; the caller must `stop()` it. */
export async function startSshd(options: SshdOptions = {}): Promise<SshdFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-sshd-'));
  // sshd reads authorized_keys as the user logging in.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  keygen(path.join(dir, 'client_key'));
  fs.copyFileSync(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
  fs.chmodSync(path.join(dir, 'authorized_keys'), 0o644);
  keygen(path.join(dir, 'host_key'));
  const user = options.user ?? os.userInfo().username;
  if (options.user !== undefined) ensureUser(options.user);
  const port = await freePort();
  let child: ChildProcess | undefined;

  const writeConfig = (): string => {
    const file = path.join(dir, 'sshd_config');
    fs.writeFileSync(
      file,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${path.join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'UsePAM no',
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        'MaxSessions 50',
        'MaxStartups 100',
        ...(options.sftp ? ['Subsystem sftp internal-sftp'] : []),
        process.env.VIGIE_SSHD_DEBUG ? 'LogLevel DEBUG3' : 'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    return file;
  };

  const start = async (): Promise<void> => {
    const config = writeConfig();
    const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      if (process.env.VIGIE_SSHD_DEBUG) process.stderr.write(chunk);
      stderr += chunk.toString();
    });
    child = proc;
    await waitForPort(port, () => (proc.exitCode === null ? undefined : `sshd exited: ${stderr}`));
  };

  const stopChild = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };

  await start();
  const fixture: SshdFixture = {
    host: '127.0.0.1',
    port,
    user,
    dir,
    clientPrivateKey: fs.readFileSync(path.join(dir, 'client_key'), 'utf8'),
    hostPublicKey: fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim(),
    restart: async (options = {}) => {
      await stopChild();
      if (options.newHostKey) {
        fs.rmSync(path.join(dir, 'host_key'));
        fs.rmSync(path.join(dir, 'host_key.pub'));
        keygen(path.join(dir, 'host_key'));
        fixture.hostPublicKey = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim();
      }
      await start();
    },
    stop: async () => {
      await stopChild();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** A local account without password nor sudo rights; `*` unlocks it for key logins (no PAM here). */
function ensureUser(name: string): void {
  try {
    execFileSync('id', [name], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', name]);
  }
  execFileSync('usermod', ['-p', '*', name]);
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'vigie-test', '-f', file]);
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, failure: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const problem = failure();
    if (problem !== undefined) throw new Error(problem);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port} within 10 s`);
}
