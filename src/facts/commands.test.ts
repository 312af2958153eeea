/**
 * `vigie facts`, `facts show` and `facts history` through the CLI's entry point against a real sshd:
 * one line per host, errors with their hint on stderr, exit 1 when a host failed, JSON on request.
 */
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

describe(`vigie facts on ${TEST_DIALECT}`, () => {
  let sshd: SshdFixture;
  let environment: TestEnvironment;

  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, environment.env);
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };

  beforeAll(async () => {
    sshd = await startSshd();
    environment = await createTestEnvironment();
    const store = await openStore(environment.config);
    try {
      const ssh = { address: '127.0.0.1', port: sshd.port, user: sshd.user, key: 'ops' };
      const vm = (key: string, spec: Record<string, unknown>) =>
        desired('vm', key, { hypervisor: 'virtualwan03', vcpu: 2, memory: 1024 ** 3, disks: [], ...spec });
      await applyInventory(
        {
          config: environment.config,
          store,
          clock: systemClock,
          logger: createLogger({ logLevel: 'silent' }),
        },
        { actor: 'cli:tester', objects: [vm('db03', { ssh }), vm('host04', { ssh: { ...ssh, port: 1 } })] },
      );
    } finally {
      await store.close();
    }
    const keyFile = path.join(environment.dataDir, 'ops_key');
    fs.writeFileSync(keyFile, sshd.clientPrivateKey, { mode: 0o600 });
    expect((await vigie('secret', 'set-ssh-key', 'ops', '--file', keyFile)).code).toBe(0);
  });
  afterAll(async () => {
    await environment?.cleanup();
    await sshd?.stop();
  });

  it('gathers every host, prints one line each, and exits 1 naming the host that failed', async () => {
    const first = await vigie('facts', 'db03');
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('db03           FAILED HOST_KEY_UNAPPROVED:');
    expect(first.stderr).toContain('    hint: ');
    expect((await vigie('hostkey', 'approve', 'db03')).code).toBe(0);

    const all = await vigie('facts');
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(
      /^db03 +ok {5}.+, kernel \S+, \d+ CPU, [\d.]+[KMGT]iB RAM, \/ \d+% used, \d+ ports?, \d+ packages, (no reboot needed|REBOOT REQUIRED) \(\d+\.\d s\)$/m,
    );
    expect(all.stderr).toMatch(/^host04 +FAILED REMOTE_FAILED: Cannot reach host04 at 127\.0\.0\.1:1/m);
    expect(all.stdout).toMatch(/^1 of 2 hosts gathered in \d+\.\d s$/m);

    const json = await vigie('facts', 'db03', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.hosts[0]).toMatchObject({ host: 'db03', ok: true, facts: { host: 'db03' } });
    expect(typeof report.durationMs).toBe('number');
  });

  it('shows the latest snapshot in full and the history', async () => {
    const show = await vigie('facts', 'show', 'db03');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^db03, gathered \d{2}\/\d{2}\/\d{4}/);
    expect(show.stdout).toMatch(/^filesystems$/m);
    expect(show.stdout).toMatch(
      new RegExp(`^  ${sshd.port}/tcp +127\\.0\\.0\\.1 +sshd \\(pid \\d+\\)$`, 'm'),
    );
    const json = JSON.parse((await vigie('facts', 'show', 'db03', '--json')).stdout);
    expect(json.packages.length).toBeGreaterThan(50);

    const history = await vigie('facts', 'history', 'db03');
    expect(history.code).toBe(0);
    // Two gatherings succeeded on db03: the whole rack, then db03 alone for its JSON report.
    expect(history.stdout.split('\n')).toHaveLength(2);

    const never = await vigie('facts', 'show', 'host04');
    expect(never.code).toBe(1);
    expect(never.stderr).toContain(
      'No facts of host04 were ever gathered (the last attempt failed: Cannot reach host04',
    );
    expect(never.stderr).toContain('vigie facts host04');
  });
});
