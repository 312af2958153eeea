import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sftpCommandLine } from '../restic.js';
import { prepareSshClientFiles, type SshHop } from './ssh-client-files.js';

const hop = (name: string, address: string): SshHop => ({
  name,
  address,
  port: 2222,
  user: 'sauvegarde',
  hostKey: { algorithm: 'ssh-ed25519', blob: 'AAAAC3NzaC1lZDI1NTE5AAAAIE' },
  privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\nkey of ${name}\n-----END OPENSSH PRIVATE KEY-----`,
});

describe('the ssh client files of an sftp destination', () => {
  it('writes only the pinned keys, Vigie’s keys and a strict config, privately, and removes them', () => {
    const prepared = prepareSshClientFiles([hop('backup02', '10.0.0.2'), hop('edge', '192.0.2.1')]);
    const config = prepared.command[prepared.command.indexOf('-F') + 1] ?? '';
    const dir = path.dirname(config);
    try {
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      for (const file of fs.readdirSync(dir))
        expect(fs.statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(path.join(dir, 'known_hosts'), 'utf8')).toBe(
        'backup02 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE\nedge ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE\n',
      );
      expect(fs.readFileSync(path.join(dir, 'key-1'), 'utf8')).toMatch(/key of edge\n-----END .*\n$/);
      const text = fs.readFileSync(config, 'utf8');
      // The destination goes through the jump host, each checked against its own pinned key.
      expect(text).toMatch(
        /Host vigie-hop-0\n {2}HostName 10\.0\.0\.2\n.*HostKeyAlias backup02\n {2}ProxyJump vigie-hop-1\n/s,
      );
      expect(text).toMatch(/Host vigie-hop-1\n {2}HostName 192\.0\.2\.1\n/);
      expect(text).toContain('  StrictHostKeyChecking yes\n');
      expect(prepared.command).toEqual(
        expect.arrayContaining([
          'StrictHostKeyChecking=yes',
          `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`,
          'GlobalKnownHostsFile=/dev/null',
          'BatchMode=yes',
          'IdentitiesOnly=yes',
        ]),
      );
      expect(prepared.command.slice(-4)).toEqual(['-s', '--', 'vigie-hop-0', 'sftp']);
      // What restic receives splits back into exactly these arguments.
      expect(sftpCommandLine(prepared.command).split(' ')).toEqual(prepared.command);
    } finally {
      prepared.release();
    }
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('refuses an argument restic would split or unquote', () => {
    expect(() => sftpCommandLine(['ssh', '/tmp/a b'])).toThrow(/space, quote or backslash/);
    expect(() => sftpCommandLine(['ssh', "-oProxyCommand='x'"])).toThrow(/refused/);
    expect(() => sftpCommandLine(['ssh', 'a\\b'])).toThrow(/refused/);
    expect(() => sftpCommandLine(['ssh', ''])).toThrow(/empty/);
  });
});
