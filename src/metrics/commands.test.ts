import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/support/cli-io.js';
import { desired, GiB } from '../../test/support/inventory-fixtures.js';
import { seedMetrics } from '../../test/support/metrics-samples.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';
import { main } from '../cli/main.js';
import { applyInventory } from '../inventory/apply.js';
import { createLogger } from '../log/logger.js';
import { openStore } from '../store/store.js';
import { systemClock } from '../time/clock.js';

describe(`vigie metrics commands on ${TEST_DIALECT}`, () => {
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
      const deps = {
        config: environment.config,
        store,
        clock: systemClock,
        logger: createLogger({ logLevel: 'silent' }),
      };
      const ssh = { address: '127.0.0.1', port: sshd.port, user: sshd.user, key: 'ops' };
      await applyInventory(deps, {
        actor: 'cli:tester',
        objects: [
          desired('device', 'hv1', { type: 'hypervisor', ssh }),
          desired('vm', 'db03', { hypervisor: 'hv1', ssh }),
          desired('vm', 'archive', { hypervisor: 'hv1' }),
        ],
      });
      // A week of history for archive, whose /data fills 5 GiB a day.
      await seedMetrics(store, {
        host: 'archive',
        end: new Date(),
        days: 7,
        stepMinutes: 30,
        filesystems: [
          { mountpoint: '/data', capacityBytes: 500 * GiB, usedAt: (d) => 300 * GiB + d * 5 * GiB },
        ],
      });
    } finally {
      await store.close();
    }
    const keyFile = path.join(environment.dataDir, 'ops_key');
    fs.writeFileSync(keyFile, sshd.clientPrivateKey, { mode: 0o600 });
    expect((await vigie('secret', 'set-ssh-key', 'ops', '--file', keyFile)).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await environment?.cleanup();
    await sshd?.stop();
  });

  it('collects every host now and prints one line per host, exit 3 when some could not be read', async () => {
    await vigie('metrics', 'collect', 'db03');
    expect((await vigie('hostkey', 'approve', 'db03')).code).toBe(0);
    expect((await vigie('metrics', 'collect', 'hv1')).code).toBe(3);
    expect((await vigie('hostkey', 'approve', 'hv1')).code).toBe(0);

    const round = await vigie('metrics', 'collect');
    expect(round.code).toBe(3);
    const lines = round.stdout.split('\n');
    expect(lines[0]).toMatch(/^host\s+result\s+cpu\s+load\s+memory\s+swap\s+filesystems$/);
    expect(lines.find((line) => line.startsWith('db03'))).toMatch(
      /^db03\s+ok\s+\d+%\s+[\d.]+ \/ \d+ cores\s+\d+% of [\d.]+GiB.*\/ \d+%/,
    );
    expect(lines.find((line) => line.startsWith('hv1'))).toMatch(/^hv1\s+ok\s/);
    expect(lines.find((line) => line.startsWith('archive'))).toMatch(
      /^archive\s+FAILED\s+INVENTORY_INVALID: archive has no address to reach it over SSH$/,
    );
    expect(round.stderr).toBe('1 of 3 hosts could not be read.');

    const one = await vigie('metrics', 'collect', 'db03', '--json');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual([expect.objectContaining({ host: 'db03', ok: true })]);

    const unknown = await vigie('metrics', 'collect', 'nowhere');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No VM or device named nowhere in the inventory');
  }, 60_000);

  it("shows a host's latest readings and forecasts, and ranks every filesystem", async () => {
    const shown = await vigie('metrics', 'show', 'db03');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^last reading .* \(\d+ ms\)$/m);
    expect(shown.stdout).toMatch(/^cpu\s+\d+% of \d+ cores$/m);
    expect(shown.stdout).toMatch(/^ {2}\/\s+.*not enough data yet \(2 samples over 0(\.\d+)? days\)$/m);

    const archive = await vigie('metrics', 'show', 'archive', '--json');
    const latest = JSON.parse(archive.stdout);
    expect(latest.collection).toMatchObject({ result: 'failed', errorCode: 'INVENTORY_INVALID' });
    expect(latest.filesystems[0]).toMatchObject({ mountpoint: '/data', forecast: { status: 'filling' } });

    const ranked = await vigie('metrics', 'forecast');
    expect(ranked.code).toBe(0);
    const [header, first] = ranked.stdout.split('\n');
    expect(header).toMatch(/^host\s+mountpoint\s+used\s+size\s+level\s+forecast$/);
    // 335 GiB of 500 at +5 GiB a day: 33 days, past the 30-day warning.
    expect(first).toMatch(
      /^archive\s+\/data\s+67%\s+500GiB\s+ok\s+full in 3[23](\.\d)? days \(.*\), \+5(\.0)?GiB\/day, r² 1, high confidence/,
    );

    const json = JSON.parse((await vigie('metrics', 'forecast', '--json')).stdout);
    expect(json[0]).toMatchObject({ host: 'archive', mountpoint: '/data' });
  }, 30_000);
});
