import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/support/cli-io.js';
import { desired } from '../../test/support/inventory-fixtures.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';
import { main } from '../cli/main.js';
import { applyInventory } from '../inventory/apply.js';
import { createLogger } from '../log/logger.js';
import { openStore } from '../store/store.js';
import { systemClock } from '../time/clock.js';

describe(`remote, hostkey, secret and journal commands on ${TEST_DIALECT}`, () => {
  let sshd: SshdFixture;
  let environment: TestEnvironment;

  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, environment.env);
    return { code, stdout: io.stdout.join(''), stderr: io.stderr.join('\n') };
  };

  beforeAll(async () => {
    sshd = await startSshd();
    environment = await createTestEnvironment();
    const store = await openStore(environment.config);
    try {
      const ssh = { port: sshd.port, user: sshd.user, key: 'ops' };
      await applyInventory(
        {
          config: environment.config,
          store,
          clock: systemClock,
          logger: createLogger({ logLevel: 'silent' }),
        },
        {
          actor: 'cli:tester',
          objects: [
            desired('device', 'ecwan', {
              name: 'ECWAN',
              type: 'firewall',
              ssh: { ...ssh, address: '127.0.0.1' },
            }),
            desired('vm', 'db03', {
              interfaces: [{ name: 'eth0', address: '127.0.0.1/8', network: 'lan' }],
              ssh: { ...ssh, jump: 'ecwan' },
            }),
          ],
        },
      );
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await environment?.cleanup();
    await sshd?.stop();
  });

  it('stores a key, pins host keys through a jump host, runs argv literally, and journals it all', async () => {
    const keyFile = path.join(environment.dataDir, 'ops_key');
    fs.writeFileSync(keyFile, sshd.clientPrivateKey, { mode: 0o600 });
    const stored = await vigie('secret', 'set-ssh-key', 'ops', '--file', keyFile);
    expect(stored.code).toBe(0);
    expect(stored.stdout).toMatch(/^stored SSH key ops \(SHA256:/);
    const listed = await vigie('secret', 'list');
    expect(listed.stdout).toContain('ops');
    expect(listed.stdout).not.toContain('PRIVATE KEY');
    expect(fs.statSync(path.join(environment.dataDir, 'master.key')).mode & 0o777).toBe(0o600);

    const marker = path.join(environment.dataDir, 'pwned');
    const argv = ['printf', '%s\\n', `$(touch ${marker})`, '; echo injected'];
    const first = await vigie('remote', 'run', 'db03', '--', ...argv);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('The SSH host key of ecwan (127.0.0.1:');
    expect(first.stderr).toContain('hint: Compare with');
    expect((await vigie('hostkey', 'approve', 'ecwan')).stdout).toMatch(/^approved ecwan key SHA256:/);

    const second = await vigie('remote', 'run', 'db03', '--', ...argv);
    expect(second.stderr).toContain('The SSH host key of db03');
    const keys = await vigie('hostkey', 'list', '--json');
    expect(JSON.parse(keys.stdout)).toEqual([
      expect.objectContaining({ host: 'db03', status: 'pending' }),
      expect.objectContaining({ host: 'ecwan', status: 'approved' }),
    ]);
    expect((await vigie('hostkey', 'approve', 'db03')).code).toBe(0);

    const ran = await vigie('remote', 'run', 'db03', '--', ...argv);
    expect(ran).toMatchObject({ code: 0, stdout: `$(touch ${marker})\n; echo injected\n` });
    expect(fs.existsSync(marker)).toBe(false);

    const failing = await vigie('remote', 'run', 'db03', '--', 'sh', '-c', 'exit 7');
    expect(failing.code).toBe(7);

    const journal = await vigie('journal', 'list', '--host', 'db03', '--json');
    const entries = JSON.parse(journal.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((entry) => entry.result)).toEqual(['failed', 'ok', 'failed', 'failed']);
    expect(entries[1]).toMatchObject({ category: 'operation', summary: 'printf on db03', hosts: ['db03'] });
    expect(String(entries[1]?.actor)).toMatch(/^cli:/);
    expect(String(entries[1]?.detail)).toContain('via ecwan');
    const text = await vigie('journal', 'list', '--since', '2000-01-01');
    expect(text.stdout).toContain('FAILED operation [db03] sh on db03');
  });

  it('names a host that is not in the inventory', async () => {
    const result = await vigie('remote', 'run', 'nowhere', '--', 'true');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No VM or device named nowhere in the inventory');
  });
});
