import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desired } from '../../test/support/inventory-fixtures.js';
import { approveFirstKey, remoteDeps } from '../../test/support/remote-deps.js';
import { freePort, type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { applyInventory } from '../inventory/apply.js';
import { listJournalEntries } from '../journal/list-entries.js';
import { storeSshKey } from '../remote/secrets.js';
import { createSshRunner, type SshRunnerDeps } from '../remote/ssh-runner.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type CollectionOutcome, collectHost, collectHosts } from './collect.js';
import { metricHosts } from './hosts.js';
import { latestMetrics } from './latest.js';
import { startMetricsCollection } from './schedule.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

describe(`metrics collection over SSH against a real sshd on ${TEST_DIALECT}`, () => {
  let sshd: SshdFixture;
  let testStore: TestStore;
  let remote: SshRunnerDeps;
  let deps: CoreDeps;
  let blackHole: net.Server;
  const silentSockets = new Set<net.Socket>();

  const runnerDeps = (connectTimeoutMs = 10_000) => ({
    ...deps,
    runner: createSshRunner(remote, { connectTimeoutMs, commandTimeoutMs: 20_000 }),
  });
  const collect = async (hosts: readonly string[]): Promise<CollectionOutcome[]> => {
    const withRunner = runnerDeps();
    try {
      return await collectHosts(withRunner, hosts, { actor: 'test' });
    } finally {
      await withRunner.runner.close();
    }
  };
  const samples = async (host: string) =>
    Number(
      (
        await testStore.store.db
          .selectFrom('metric_host_samples')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('host', '=', host)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    sshd = await startSshd();
    testStore = await createTestStore();
    remote = remoteDeps(testStore);
    deps = { ...remote, config: testStore.config };
    await storeSshKey(remote, { name: 'test', privateKey: sshd.clientPrivateKey, actor: 'test' });
    // A server that accepts connections and never says a word: an SSH handshake to it hangs.
    blackHole = net.createServer((socket) => void silentSockets.add(socket));
    const blackHolePort = await freePort();
    await new Promise<void>((resolve) => blackHole.listen(blackHolePort, '127.0.0.1', resolve));
    const ssh = { address: '127.0.0.1', port: sshd.port, user: sshd.user, key: 'test' };
    await applyInventory(deps, {
      actor: 'test',
      objects: [
        desired('device', 'hv1', { type: 'hypervisor', ssh }),
        desired('device', 'sw1', { type: 'switch', ssh }),
        desired('vm', 'db03', { hypervisor: 'hv1', ssh }),
        desired('vm', 'ghost', { hypervisor: 'hv1' }),
        desired('vm', 'closed', { hypervisor: 'hv1', ssh: { ...ssh, port: await freePort() } }),
        desired('vm', 'silent', { hypervisor: 'hv1', ssh: { ...ssh, port: blackHolePort } }),
      ],
    });
  }, 60_000);
  afterAll(async () => {
    for (const socket of silentSockets) socket.destroy();
    blackHole?.close();
    await testStore?.cleanup();
    await sshd?.stop();
  });

  it('reads VMs, firewalls, hypervisors and servers; nothing runs before the host key is approved', async () => {
    expect(await metricHosts(deps)).toEqual(['closed', 'db03', 'ghost', 'silent', 'hv1']);
    const first = await collect(['db03', 'hv1']);
    expect(first.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['HOST_KEY_UNAPPROVED', 'HOST_KEY_UNAPPROVED']);
    expect(await samples('db03')).toBe(0);
    await approveFirstKey(remote, 'db03');
    await approveFirstKey(remote, 'hv1');
  }, 30_000);

  it('reads each host once per round, one failing host never stopping the others', async () => {
    const outcomes = await collect(['db03', 'ghost', 'closed', 'hv1']);
    const [db03, ghost, closed, hv1] = outcomes;
    expect(db03?.ok && db03.reading.filesystems.some((fs) => fs.mountpoint === '/')).toBe(true);
    expect(hv1?.ok).toBe(true);
    expect(ghost).toMatchObject({
      ok: false,
      code: 'INVENTORY_INVALID',
      message: 'ghost has no address to reach it over SSH',
    });
    expect(closed).toMatchObject({ ok: false, code: 'REMOTE_FAILED' });
    if (db03?.ok) {
      expect(db03.reading.memoryTotalBytes).toBeGreaterThan(0);
      expect(db03.reading.cpuCount).toBeGreaterThan(0);
      // The script reads /proc/stat twice, one second apart.
      expect(db03.durationMs).toBeGreaterThanOrEqual(900);
    }
    expect(await samples('db03')).toBe(1);

    const latest = await latestMetrics(testStore.store, {
      host: 'ghost',
      thresholds: DEFAULT_THRESHOLDS,
      now: new Date(),
    });
    expect(latest.collection).toMatchObject({
      result: 'failed',
      errorCode: 'INVENTORY_INVALID',
      consecutiveFailures: 1,
    });
    expect(latest.sample).toBeNull();

    // Routine readings stay out of the intervention journal; failed ones are in it.
    const journal = await listJournalEntries(testStore.store.db, { limit: 100 });
    expect(
      journal.filter((entry) => entry.summary.startsWith('metrics: reading') && entry.result === 'ok'),
    ).toEqual([]);
    expect(
      journal.some((entry) => entry.summary === 'metrics: reading on closed' && entry.result === 'failed'),
    ).toBe(true);
  }, 30_000);

  it('stops reading a host whose key changed, records why, and keeps its last readings', async () => {
    await sshd.restart({ newHostKey: true });
    const withRunner = runnerDeps();
    const outcome = await collectHost(withRunner, 'db03', { actor: 'test' });
    await withRunner.runner.close();
    expect(outcome).toMatchObject({ ok: false, code: 'HOST_KEY_MISMATCH' });
    const latest = await latestMetrics(testStore.store, {
      host: 'db03',
      thresholds: DEFAULT_THRESHOLDS,
      now: new Date(),
    });
    expect(latest.collection).toMatchObject({ result: 'failed', errorCode: 'HOST_KEY_MISMATCH' });
    expect(latest.collection?.lastSuccessAt).not.toBeNull();
    expect(latest.sample).not.toBeNull();
    const [entry] = await listJournalEntries(testStore.store.db, { host: 'db03', limit: 1 });
    expect(entry).toMatchObject({ category: 'security', result: 'failed' });
  }, 30_000);

  it('runs on a schedule, spreads hosts, never overlaps a host that hangs, and stops cleanly', async () => {
    // Re-pin db03 and hv1 to the restarted server's key (hv1 presents it too now).
    const { approveHostKey, listHostKeys } = await import('../remote/host-keys.js');
    for (const host of ['db03', 'hv1']) {
      await collect([host]);
      const pending = (await listHostKeys(remote, { host })).find((key) => key.status === 'pending');
      if (pending !== undefined)
        await approveHostKey(
          { store: remote.store, clock: remote.clock, dialect: remote.store.dialect },
          { host, fingerprint: pending.fingerprint, actor: 'test' },
        );
    }
    const before = await samples('db03');
    const startedAt = new Date().toISOString();
    const withRunner = runnerDeps(4_000);
    const schedule = startMetricsCollection(withRunner, { intervalMs: 1_500 });
    await sleep(4_000);
    await schedule.stop();
    await withRunner.runner.close();
    const status = schedule.status();
    expect(status.rounds).toBeGreaterThanOrEqual(3);
    // silent's first reading hangs 4 s in the handshake: its next turns are skipped, not stacked.
    expect(status.skippedBusy).toBeGreaterThanOrEqual(1);
    const read = (await samples('db03')) - before;
    expect(read).toBeGreaterThanOrEqual(2);
    // Five hosts over 1.5 s: db03 is read 0.3 s into a round, hv1 1.2 s into it.
    const firstAt = async (host: string) =>
      Date.parse(
        (
          await testStore.store.db
            .selectFrom('metric_host_samples')
            .select((eb) => eb.fn.min('at').as('at'))
            .where('host', '=', host)
            .where('at', '>=', startedAt)
            .executeTakeFirstOrThrow()
        ).at ?? '',
      );
    expect((await firstAt('hv1')) - (await firstAt('db03'))).toBeGreaterThanOrEqual(700);
    // Stopped means stopped: nothing more is read.
    await sleep(2_000);
    expect((await samples('db03')) - before).toBe(read);
    const silent = await latestMetrics(testStore.store, {
      host: 'silent',
      thresholds: DEFAULT_THRESHOLDS,
      now: new Date(),
    });
    expect(silent.collection).toMatchObject({ result: 'failed' });
  }, 40_000);
});
