/**
 * Host metrics against the rack lab: every lab host (ECWAN, both hypervisors, DB03, Host03, Host04) is
 * read over SSH as the lab user, after its host key was checked against the lab's own and approved.
 * The lab's hosts are network namespaces sharing this machine's kernel and disk, so their readings
 * must match this machine's: the same cores, the same memory, the same root filesystem, which grows
 * when a file is written to it between two rounds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_SSH_USER } from '../../lab/topology.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { collectHosts } from '../../src/metrics/collect.js';
import { metricHosts } from '../../src/metrics/hosts.js';
import { approveHostKey, listHostKeys } from '../../src/remote/host-keys.js';
import { fingerprintOfBlob, storeSshKey } from '../../src/remote/secrets.js';
import { createSshRunner } from '../../src/remote/ssh-runner.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { desired } from '../support/inventory-fixtures.js';
import { labSkipReason, useLab } from '../support/lab.js';
import { remoteDeps } from '../support/remote-deps.js';
import { createTestStore, TEST_DIALECT } from '../support/test-store.js';

const MiB = 1024 ** 2;

function meminfoTotal(): number {
  const line = fs
    .readFileSync('/proc/meminfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('MemTotal:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1]) * 1024;
}

describe.skipIf(labSkipReason !== undefined)(`host metrics in the rack lab (${TEST_DIALECT})`, () => {
  const lab = useLab();

  it('reads every lab host, with readings that match the machine they share', async () => {
    const testStore = await createTestStore();
    const remote = remoteDeps(testStore, ['198.18.0.0/16']);
    const deps: CoreDeps = { ...remote, config: testStore.config };
    const runner = createSshRunner(remote, { commandTimeoutMs: 30_000 });
    const filler = path.join(os.tmpdir(), `vigie-metrics-lab-${process.pid}`);
    try {
      await storeSshKey(remote, {
        name: 'lab',
        privateKey: fs.readFileSync(lab.clientKey, 'utf8'),
        actor: 'test',
      });
      const ssh = (address: string) => ({ address, user: LAB_SSH_USER, key: 'lab' });
      await applyInventory(deps, {
        actor: 'test',
        objects: lab.hosts.map((host) =>
          host.role === 'edge'
            ? desired('device', host.id, { type: 'firewall', ssh: ssh(host.address) })
            : host.role === 'hypervisor'
              ? desired('device', host.id, { type: 'hypervisor', ssh: ssh(host.address) })
              : desired('vm', host.id, { hypervisor: 'virtualwan03', ssh: ssh(host.address) }),
        ),
      });
      const hosts = await metricHosts(deps);
      expect([...hosts].sort()).toEqual(lab.hosts.map((host) => host.id).sort());

      // First contact: nothing runs, each key waits; approve it only if it is the lab's key for that host.
      const first = await collectHosts({ ...deps, runner }, hosts, { actor: 'test' });
      expect(first.map((o) => (o.ok ? 'ok' : o.code))).toEqual(hosts.map(() => 'HOST_KEY_UNAPPROVED'));
      for (const host of hosts) {
        const [pending] = await listHostKeys(remote, { host });
        const expected = fingerprintOfBlob(Buffer.from(lab.hostKeys[host]?.split(' ')[1] ?? '', 'base64'));
        expect(pending?.fingerprint).toBe(expected);
        await approveHostKey(
          { store: remote.store, clock: remote.clock, dialect: remote.store.dialect },
          { host, fingerprint: expected, actor: 'test' },
        );
      }

      const round = await collectHosts({ ...deps, runner }, hosts, { actor: 'test' });
      const rootOf = (outcome: (typeof round)[number]) =>
        outcome.ok ? outcome.reading.filesystems.find((fs) => fs.mountpoint === '/') : undefined;
      for (const outcome of round) {
        if (!outcome.ok) throw new Error(`${outcome.host}: ${outcome.code} ${outcome.message}`);
        const { reading } = outcome;
        expect(reading.cpuCount, outcome.host).toBe(os.cpus().length);
        expect(reading.cpuPercent).toBeGreaterThanOrEqual(0);
        expect(reading.cpuPercent).toBeLessThanOrEqual(100);
        expect(reading.memoryTotalBytes, outcome.host).toBe(meminfoTotal());
        expect(reading.memoryUsedBytes).toBeGreaterThan(0);
        expect(reading.memoryUsedBytes).toBeLessThan(reading.memoryTotalBytes);
        expect(reading.load1).toBeGreaterThanOrEqual(0);
        expect(rootOf(outcome)?.sizeBytes, outcome.host).toBe(
          fs.statfsSync('/').blocks * fs.statfsSync('/').bsize,
        );
      }

      // Write 512 MiB to the shared root filesystem: the next round sees it on every host.
      const before = rootOf(round.find((o) => o.host === 'db03') as (typeof round)[number])?.usedBytes ?? 0;
      const handle = fs.openSync(filler, 'w');
      const chunk = Buffer.alloc(16 * MiB, 1);
      for (let i = 0; i < 32; i += 1) fs.writeSync(handle, chunk);
      fs.fsyncSync(handle);
      fs.closeSync(handle);
      const second = await collectHosts({ ...deps, runner }, ['db03'], { actor: 'test' });
      const after = rootOf(second[0] as (typeof round)[number])?.usedBytes ?? 0;
      expect(after - before).toBeGreaterThan(256 * MiB);
    } finally {
      fs.rmSync(filler, { force: true });
      await runner.close();
      await testStore.cleanup();
    }
  }, 180_000);
});
