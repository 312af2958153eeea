/**
 * Real local accounts that misbehave the way hosts do, for facts tests through a real sshd: each logs in
 * with a shell that puts a directory of fake programs first on PATH (an `ss` printing binary, a
 * `dpkg-query` cut mid-line, an `uname` that hangs, a `dpkg-query` that kills the SSH session). The
 * accounts have no password, no sudo, and log in only with the sshd fixture's key.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface OddAccount {
  readonly user: string;
  readonly dir: string;
  remove(): void;
}

/** `programs` maps a program name to its sh body; the account is created if missing. */
export function createOddAccount(user: string, programs: Readonly<Record<string, string>>): OddAccount {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${user}-`));
  fs.chmodSync(dir, 0o755);
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { mode: 0o755 });
  for (const [name, body] of Object.entries(programs)) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  const shell = path.join(dir, 'login-shell');
  fs.writeFileSync(shell, `#!/bin/sh\nPATH="${bin}:$PATH"; export PATH\nexec /bin/sh "$@"\n`, {
    mode: 0o755,
  });
  try {
    execFileSync('id', [user], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--create-home', '--shell', shell, user]);
  }
  // `*` unlocks the account for key logins (no PAM in the fixture); the shell is this run's.
  execFileSync('usermod', ['-p', '*', '-s', shell, user]);
  return { user, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A plain account without sudo rights: the facts come without the processes behind ports. */
export function createPlainAccount(user: string): OddAccount {
  return createOddAccount(user, {});
}
