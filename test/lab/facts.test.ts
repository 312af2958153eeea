/**
 * `vigie facts` on every host of the rack lab, on the dialect under test: the example inventory applied,
 * the lab key stored, each host's key approved only if it is the lab's own. Each host shows its own
 * addresses and the ports its daemons listen on (with the processes: the lab user may sudo), a second
 * gathering grows the history, and the journal has one entry per host and gathering.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PREFIX, labHost } from '../../lab/topology.js';
import { loadConfig } from '../../src/config/config.js';
import { type FactsDeps, type GatherReport, gatherFacts } from '../../src/facts/gather.js';
import type { HostFacts } from '../../src/facts/model.js';
import { factsHistory } from '../../src/facts/store.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { createLogger } from '../../src/log/logger.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { approveHostKey, listHostKeys } from '../../src/remote/host-keys.js';
import { createSecretBox } from '../../src/remote/secret-box.js';
import { fingerprintOfBlob, storeSshKey } from '../../src/remote/secrets.js';
import { createSshRunner } from '../../src/remote/ssh-runner.js';
import { systemClock } from '../../src/time/clock.js';
import { exampleObjects } from '../facts/drift-fixtures.js';
import { labSkipReason, useLab } from '../support/lab.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';

const LAB_IDS = ['db03', 'host03', 'host04', 'ecwan', 'virtualwan03', 'virtualwan04'];

describe.skipIf(labSkipReason !== undefined)(`facts in the rack lab (${TEST_DIALECT})`, () => {
  const lab = useLab();
  let testStore: TestStore;
  let deps: FactsDeps;
  let report: GatherReport;

  const factsOf = (host: string): HostFacts => {
    const result = report.hosts.find((entry) => entry.host === host);
    if (result === undefined || !result.ok)
      throw new Error(
        `${host}: ${result === undefined ? 'no result' : `${result.error.code} ${result.error.message}`}`,
      );
    return result.facts;
  };

  beforeAll(async () => {
    testStore = await createTestStore();
    const core = {
      config: loadConfig({ ...testStore.env, VIGIE_SSH_USER: lab.user, VIGIE_SSH_KEY: 'lab' }),
      store: testStore.store,
      clock: systemClock,
      logger: createLogger({ logLevel: 'silent' }),
    };
    const runnerDeps = {
      ...core,
      secretBox: createSecretBox(Buffer.alloc(32, 9)),
      policy: createOutboundPolicy([LAB_PREFIX]),
    };
    deps = { ...core, runner: createSshRunner(runnerDeps, { commandTimeoutMs: 60_000 }) };
    await applyInventory(core, { objects: await exampleObjects(), actor: 'cli:test' });
    await storeSshKey(runnerDeps, {
      name: 'lab',
      privateKey: fs.readFileSync(lab.clientKey, 'utf8'),
      actor: 'cli:test',
    });

    const first = await gatherFacts(deps, 'all', { actor: 'cli:test' });
    expect(first.hosts.map((entry) => entry.host).sort()).toEqual([...LAB_IDS].sort());
    const keyDeps = { store: core.store, clock: core.clock, dialect: core.store.dialect };
    for (const result of first.hosts) {
      expect(result.ok || result.error.code, result.host).toBe('HOST_KEY_UNAPPROVED');
      const [pending] = await listHostKeys(core, { host: result.host });
      const known = lab.hostKeys[result.host]?.split(' ')[1];
      if (pending === undefined || known === undefined) throw new Error(`no key seen for ${result.host}`);
      expect(pending.fingerprint).toBe(fingerprintOfBlob(Buffer.from(known, 'base64')));
      await approveHostKey(keyDeps, { host: result.host, actor: 'cli:test' });
    }
    report = await gatherFacts(deps, 'all', { actor: 'cli:test' });
  }, 240_000);

  afterAll(async () => {
    await deps?.runner.close();
    await testStore?.cleanup();
  });

  it('reads every lab host, each with its own addresses', () => {
    for (const id of LAB_IDS) {
      const facts = factsOf(id);
      const own = labHost(id).interfaces.map((i) => `${i.address}/${i.prefixLength}`);
      const seen = facts.addresses.map((a) => a.address);
      for (const address of own) expect(seen, id).toContain(address);
      expect(facts.os.id, id).not.toBe('unknown');
      expect(facts.kernel, id).not.toBe('unknown');
      expect(facts.cpu.cores, id).toBeGreaterThan(0);
      expect(facts.memory.totalBytes, id).toBeGreaterThan(0);
      expect(facts.packages.length, id).toBeGreaterThan(20);
      expect(facts.problems, id).toEqual([]);
    }
    // ECWAN is the gateway of every internal network.
    const ecwan = factsOf('ecwan').addresses.map((a) => a.address);
    for (const gateway of ['198.18.1.1/24', '198.18.2.1/24', '198.18.3.1/24'])
      expect(ecwan).toContain(gateway);
  });

  it('sees each host’s listening ports with the processes behind them', () => {
    const tcp = (id: string) =>
      new Map(
        factsOf(id)
          .listening.filter((s) => s.protocol === 'tcp')
          .map((s) => [s.port, s.process]),
      );
    for (const id of LAB_IDS) expect(tcp(id).get(22), id).toBe('sshd');
    const db03 = tcp('db03');
    expect(db03.get(5432)).toBe('postgres');
    expect(db03.get(3306)).toBe('mariadbd');
    for (const id of ['host03', 'host04']) {
      expect(tcp(id).get(80), id).toBe('nginx');
      expect(tcp(id).get(443), id).toBe('nginx');
      expect(tcp(id).has(5432), id).toBe(false);
    }
    expect([...tcp('virtualwan03').keys()]).toEqual([22]);
    // Each host lists the daemons of its own namespace only.
    const services = (id: string) => factsOf(id).services.map((s) => s.name);
    expect(services('db03')).toEqual(expect.arrayContaining(['postgres', 'mariadbd', 'sshd']));
    expect(services('host03')).toEqual(expect.arrayContaining(['nginx', 'sshd']));
    expect(services('host03')).not.toContain('postgres');
    expect(services('virtualwan04')).not.toContain('nginx');
  });

  it('grows the history on a second gathering, and journals each host each time', async () => {
    const again = await gatherFacts(deps, ['db03', 'host03'], { actor: 'cli:second' });
    expect(again.hosts.every((entry) => entry.ok)).toBe(true);
    expect(await factsHistory(testStore.store.db, 'db03', { limit: 10 })).toHaveLength(2);
    expect(await factsHistory(testStore.store.db, 'host04', { limit: 10 })).toHaveLength(1);
    for (const id of LAB_IDS) {
      const entries = await listJournalEntries(testStore.store.db, { host: id, limit: 10 });
      const gatherings = entries.filter((entry) => entry.summary === `facts: gather on ${id}`);
      const expected = id === 'db03' || id === 'host03' ? 3 : 2;
      expect(gatherings, id).toHaveLength(expected);
      // The first contact (key not yet approved) failed, every gathering since succeeded.
      expect(
        gatherings.map((entry) => entry.result),
        id,
      ).toEqual([...Array(expected - 1).fill('ok'), 'failed']);
    }
  });
});
