import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/vigie.mjs');

describe(`the vigie binary runs a remote command on ${TEST_DIALECT}`, () => {
  let sshd: SshdFixture;
  let environment: TestEnvironment;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/remote/commands.js'))) {
      throw new Error('dist/ is missing the remote commands: run `npm run build:server` first.');
    }
    sshd = await startSshd();
    environment = await createTestEnvironment();
  });
  afterAll(async () => {
    await environment?.cleanup();
    await sshd?.stop();
  });

  const vigie = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, ...args], { env: environment.env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });

  it('stores a key, refuses the unapproved host, then runs once approved', async () => {
    const keyFile = path.join(environment.dataDir, 'client_key');
    fs.writeFileSync(keyFile, sshd.clientPrivateKey, { mode: 0o600 });
    expect((await vigie('secret', 'set-ssh-key', 'default', '--file', keyFile)).code).toBe(0);
    const target = ['--address', sshd.host, '--port', String(sshd.port), '--user', sshd.user];
    const refused = await vigie('remote', 'run', 'lab1', ...target, '--', 'uname', '-s');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /error: The SSH host key of lab1 .* is not approved yet: SHA256:\S+ is pending/,
    );
    expect((await vigie('hostkey', 'approve', 'lab1')).code).toBe(0);
    const ran = await vigie('remote', 'run', 'lab1', ...target, '--', 'uname', '-s');
    expect(ran).toMatchObject({ code: 0, stdout: 'Linux\n' });
    const journal = await vigie('journal', 'list', '--host', 'lab1');
    expect(journal.stdout).toMatch(/ok {5}operation \[lab1\] uname on lab1/);
  });
});
