/**
 * `gatherFacts` against real OpenSSH servers and real local accounts, on the dialect under test: a good
 * host, a host without sudo, one answering garbage, one that hangs, one whose session dies mid-way, a
 * wrong key, an unapproved key, a changed key and a closed port, all in one gathering. Each faulty host
 * gets its own located error; the others complete, are stored with history, and everything is journaled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOddAccount, createPlainAccount, type OddAccount } from '../../test/facts/odd-accounts.js';
import { desired } from '../../test/support/inventory-fixtures.js';
import { approveFirstKey, remoteDeps } from '../../test/support/remote-deps.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { loadConfig } from '../config/config.js';
import { applyInventory } from '../inventory/apply.js';
import { listJournalEntries } from '../journal/list-entries.js';
import type { SshRunner } from '../remote/remote-host.js';
import { storeSshKey } from '../remote/secrets.js';
import { createSshRunner, type SshRunnerDeps } from '../remote/ssh-runner.js';
import { type FactsDeps, type GatherReport, gatherFacts, type HostGatherResult } from './gather.js';
import { factsHistory, lastAttempt, latestFacts, latestFactsForAll } from './store.js';

const BINARY = "printf '\\000\\377\\376\\033[2J\\211PNG\\r\\n\\032\\n'";

describe(`gathering facts over SSH on ${TEST_DIALECT}`, () => {
  let sshd: SshdFixture;
  let edge: SshdFixture;
  let testStore: TestStore;
  let runnerDeps: SshRunnerDeps;
  let runner: SshRunner;
  let deps: FactsDeps;
  const accounts: OddAccount[] = [];

  const result = (report: GatherReport, host: string): HostGatherResult => {
    const found = report.hosts.find((entry) => entry.host === host);
    if (found === undefined) throw new Error(`no result for ${host}`);
    return found;
  };
  const errorOf = (report: GatherReport, host: string) => {
    const found = result(report, host);
    if (found.ok) throw new Error(`${host} was expected to fail`);
    return found.error;
  };
  const factsOf = (report: GatherReport, host: string) => {
    const found = result(report, host);
    if (!found.ok) throw new Error(`${host} failed: ${found.error.code} ${found.error.message}`);
    return found.facts;
  };

  beforeAll(async () => {
    sshd = await startSshd();
    edge = await startSshd();
    const plain = createPlainAccount('vigie-facts-plain');
    const garbage = createOddAccount('vigie-facts-garbage', {
      ss: `${BINARY}; ${BINARY}; echo; echo 'tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*'`,
      'dpkg-query':
        "printf 'ii \\tbash\\t5.2.15-2+b7\\tamd64\\nii \\tcoreutils\\t9.1-1\\tamd64\\nii \\tlibc6\\t2.3'",
    });
    const slow = createOddAccount('vigie-facts-slow', { uname: 'sleep 30' });
    // The session's own processes die under it, sshd's included, halfway through the output.
    const dies = createOddAccount('vigie-facts-dies', {
      'dpkg-query': 'printf \'ii \\tbash\\t5.2\\tamd64\\n\'; [ "$(id -u)" = 0 ] || kill -KILL -1',
    });
    accounts.push(plain, garbage, slow, dies);

    testStore = await createTestStore();
    runnerDeps = remoteDeps(testStore);
    runner = createSshRunner(runnerDeps, { commandTimeoutMs: 20_000 });
    deps = { ...runnerDeps, config: loadConfig(testStore.env), runner };
    await storeSshKey(runnerDeps, { name: 'ops', privateKey: sshd.clientPrivateKey, actor: 'test' });
    await storeSshKey(runnerDeps, { name: 'edge', privateKey: edge.clientPrivateKey, actor: 'test' });
    const ssh = (user: string, key = 'ops', port = sshd.port) => ({ address: '127.0.0.1', port, user, key });
    const vm = (key: string, spec: Record<string, unknown>) =>
      desired('vm', key, { hypervisor: 'virtualwan03', vcpu: 2, memory: 1024 ** 3, disks: [], ...spec });
    await applyInventory(deps, {
      actor: 'cli:tester',
      objects: [
        vm('db03', { ssh: ssh(sshd.user) }),
        vm('host03', { ssh: ssh(plain.user) }),
        vm('host04', { ssh: ssh(garbage.user) }),
        vm('web05', { ssh: ssh(slow.user) }),
        vm('web06', { ssh: ssh(dies.user) }),
        // The edge server's key is not authorised on the first server.
        vm('db04', { ssh: ssh(sshd.user, 'edge') }),
        desired('device', 'ecwan', { type: 'firewall', ssh: ssh(edge.user, 'edge', edge.port) }),
        desired('device', 'virtualwan03', { type: 'hypervisor', ssh: ssh(sshd.user) }),
        desired('device', 'virtualwan04', { type: 'hypervisor', ssh: ssh(sshd.user, 'ops', 1) }),
        // A switch has an address but no shell: 'all' leaves it out.
        desired('device', 'sw-core', { type: 'switch', management_address: '127.0.0.1' }),
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await runner?.close();
    await testStore?.cleanup();
    await sshd?.stop();
    await edge?.stop();
    for (const account of accounts) account.remove();
  });

  it('stops at first contact on every host until its key is approved', async () => {
    const report = await gatherFacts(deps, 'all', { actor: 'cli:tester' });
    expect(report.hosts.map((entry) => entry.host)).toEqual([
      'db03',
      'db04',
      'host03',
      'host04',
      'web05',
      'web06',
      'ecwan',
      'virtualwan03',
      'virtualwan04',
    ]);
    for (const host of ['db03', 'db04', 'host03', 'host04', 'web05', 'web06', 'ecwan', 'virtualwan03'])
      expect(errorOf(report, host).code, host).toBe('HOST_KEY_UNAPPROVED');
    expect(errorOf(report, 'virtualwan04')).toMatchObject({ code: 'REMOTE_FAILED' });
    expect(errorOf(report, 'virtualwan04').message).toMatch(/^Cannot reach virtualwan04 at 127\.0\.0\.1:1/);
    for (const host of ['db03', 'db04', 'host03', 'host04', 'web05', 'web06', 'ecwan'])
      await approveFirstKey(runnerDeps, host);
  });

  it('gives each faulty host its own clear error while the others complete', async () => {
    // ECWAN is reinstalled meanwhile: it now presents another key.
    await edge.restart({ newHostKey: true });
    const started = Date.now();
    const report = await gatherFacts(deps, 'all', { actor: 'cli:tester', timeoutMs: 3_000 });
    // The hung host costs its time limit once, not the sum of everyone's waits.
    expect(Date.now() - started).toBeLessThan(15_000);

    const db03 = factsOf(report, 'db03');
    expect(db03.problems).toEqual([]);
    expect(db03.os.id).toMatch(/^[a-z]+$/);
    expect(db03.cpu.cores).toBeGreaterThan(0);
    expect(db03.memory.totalBytes).toBeGreaterThan(0);
    expect(db03.packages.length).toBeGreaterThan(50);
    expect(db03.filesystems.some((fs) => fs.mountpoint === '/')).toBe(true);
    // As root, the sshd fixture's own socket is seen with its process.
    expect(db03.listening).toContainEqual(
      expect.objectContaining({ protocol: 'tcp', address: '127.0.0.1', port: sshd.port, process: 'sshd' }),
    );

    const host03 = factsOf(report, 'host03');
    expect(host03.listening.some((socket) => socket.port === sshd.port)).toBe(true);
    expect(host03.listening.every((socket) => socket.process === undefined)).toBe(true);
    expect(host03.problems).toEqual([
      {
        section: 'listening',
        message: expect.stringMatching(
          /^the processes behind the ports are unknown: the SSH user is not root and sudo -n was refused \("sudo: /,
        ),
      },
    ]);

    const host04 = factsOf(report, 'host04');
    expect(host04.listening).toEqual([
      { protocol: 'tcp', address: '0.0.0.0', port: 22, process: undefined, pid: undefined },
    ]);
    expect(host04.packages.map((p) => p.name)).toEqual(['bash', 'coreutils']);
    expect(host04.problems.map((p) => p.section)).toEqual(['listening', 'listening', 'packages']);
    expect(host04.problems[0]?.message).toBe('4 lines not understood, the first: "????[2J?PNG"');
    expect(host04.problems[2]?.message).toBe('1 line not understood, the first: "ii ?libc6?2.3"');
    expect(host04.os).toEqual(db03.os);

    expect(errorOf(report, 'web05')).toMatchObject({
      code: 'REMOTE_FAILED',
      message: 'facts: gather on web05 did not finish within 3000 ms and was killed',
    });
    const web06 = errorOf(report, 'web06');
    expect(web06.code).toBe('REMOTE_FAILED');
    // The session dies inside the dpkg section: what sshd had not yet forwarded of it is lost with the
    // session, so the last section that arrived whole is dpkg's or the one before it (netns).
    expect(web06.message).toMatch(/^The facts of web06 were cut short after the "(netns|dpkg)" section \(/);
    expect(errorOf(report, 'db04')).toMatchObject({
      code: 'REMOTE_FAILED',
      message: `SSH login to db04 (127.0.0.1:${sshd.port}) as ${sshd.user} was refused`,
    });
    expect(errorOf(report, 'ecwan').code).toBe('HOST_KEY_MISMATCH');
    expect(errorOf(report, 'ecwan').message).toMatch(/^The SSH host key of ecwan .* changed/);
    expect(errorOf(report, 'virtualwan03').code).toBe('HOST_KEY_UNAPPROVED');
    expect(errorOf(report, 'virtualwan04').hint).toContain('is its SSH address and port');

    // Stored: a snapshot for each host read, the last attempt (with its error) for every host.
    expect((await latestFacts(testStore.store.db, 'host04'))?.problems).toHaveLength(3);
    expect(await latestFacts(testStore.store.db, 'web05')).toBeUndefined();
    expect(await lastAttempt(testStore.store.db, 'web05')).toMatchObject({
      ok: false,
      actor: 'cli:tester',
      error: {
        code: 'REMOTE_FAILED',
        message: 'facts: gather on web05 did not finish within 3000 ms and was killed',
      },
    });
    expect(await lastAttempt(testStore.store.db, 'db03')).toMatchObject({ ok: true, error: undefined });
    expect((await latestFactsForAll(testStore.store.db)).map((facts) => facts.host)).toEqual([
      'db03',
      'host03',
      'host04',
    ]);

    // The journal tells what happened on each host.
    const journal = async (host: string) => await listJournalEntries(testStore.store.db, { host, limit: 1 });
    expect((await journal('db03'))[0]).toMatchObject({
      summary: 'facts: gather on db03',
      result: 'ok',
      actor: 'cli:tester',
    });
    expect((await journal('web05'))[0]).toMatchObject({
      summary: 'facts: gather on web05',
      result: 'failed',
    });
    expect((await journal('web06'))[0]).toMatchObject({ result: 'failed' });
    expect((await journal('ecwan'))[0]).toMatchObject({ category: 'security', result: 'failed' });
  }, 60_000);

  it('keeps history: a second gathering adds a snapshot', async () => {
    const report = await gatherFacts(deps, ['db03', 'db03'], { actor: 'user:alice' });
    expect(report.hosts).toHaveLength(1);
    const history = await factsHistory(testStore.store.db, 'db03', { limit: 10 });
    expect(history).toHaveLength(2);
    expect(history[0]?.gatheredAt).toBe(factsOf(report, 'db03').gatheredAt);
    expect((history[0]?.gatheredAt ?? '') > (history[1]?.gatheredAt ?? '')).toBe(true);
    expect(history[0]?.summary).toMatchObject({ problems: 0, rebootRequired: false });
    expect(history[0]?.summary.packages).toBeGreaterThan(50);
  });

  it('answers an unknown host with its own error and records no attempt for it', async () => {
    const report = await gatherFacts(deps, ['nope', 'db03'], { actor: 'cli:tester' });
    expect(errorOf(report, 'nope')).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No VM or device named nope in the inventory',
    });
    expect(result(report, 'db03').ok).toBe(true);
    expect(await lastAttempt(testStore.store.db, 'nope')).toBeUndefined();
  });
});
