/**
 * The inventory's `ssh.jump`, on the rack lab: DB03 declared as reached through ECWAN, the edge
 * firewall. The runner opens one SSH session to ECWAN, forwards a channel to DB03's sshd from there,
 * checks both pinned keys, and the journal says which way the command went.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PREFIX } from '../../lab/topology.js';
import { loadConfig } from '../../src/config/config.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { createLogger } from '../../src/log/logger.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { approveHostKey, listHostKeys } from '../../src/remote/host-keys.js';
import { remoteHostFromInventory } from '../../src/remote/inventory-host.js';
import type { SshRunner } from '../../src/remote/remote-host.js';
import { createSecretBox } from '../../src/remote/secret-box.js';
import { fingerprintOfBlob, storeSshKey } from '../../src/remote/secrets.js';
import { createSshRunner } from '../../src/remote/ssh-runner.js';
import { systemClock } from '../../src/time/clock.js';
import { exampleObjects } from '../facts/drift-fixtures.js';
import { labSkipReason, useLab } from '../support/lab.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';

describe.skipIf(labSkipReason !== undefined)(`ssh.jump through ECWAN in the lab (${TEST_DIALECT})`, () => {
  const lab = useLab();
  let testStore: TestStore;
  let runner: SshRunner;
  let core: Parameters<typeof applyInventory>[0] & { config: ReturnType<typeof loadConfig> };

  beforeAll(async () => {
    testStore = await createTestStore();
    core = {
      config: loadConfig({ ...testStore.env, VIGIE_SSH_USER: lab.user, VIGIE_SSH_KEY: 'lab' }),
      store: testStore.store,
      clock: systemClock,
      logger: createLogger({ logLevel: 'silent' }),
    };
    const runnerDeps = {
      ...core,
      secretBox: createSecretBox(Buffer.alloc(32, 5)),
      policy: createOutboundPolicy([LAB_PREFIX]),
    };
    runner = createSshRunner(runnerDeps, { commandTimeoutMs: 30_000 });
    // The example inventory, with DB03 reached through ECWAN as a provider would write it.
    const objects = (await exampleObjects()).map((object) =>
      object.kind === 'vm' && object.key === 'db03'
        ? { ...object, spec: { ...object.spec, ssh: { jump: 'ecwan' } } }
        : object,
    );
    await applyInventory(core, { objects, actor: 'cli:test' });
    await storeSshKey(runnerDeps, {
      name: 'lab',
      privateKey: fs.readFileSync(lab.clientKey, 'utf8'),
      actor: 'cli:test',
    });
  }, 120_000);

  afterAll(async () => {
    await runner?.close();
    await testStore?.cleanup();
  });

  it('runs on DB03 through ECWAN, pinning both keys', async () => {
    const db03 = await remoteHostFromInventory(core, 'db03');
    expect(db03.jump?.name).toBe('ecwan');
    const keyDeps = { store: core.store, clock: core.clock, dialect: core.store.dialect };
    // First ECWAN's key is unknown, then DB03's: each is recorded, checked against the lab's, approved.
    for (const host of ['ecwan', 'db03']) {
      await expect(runner.run(db03, { argv: ['hostname'] }, { actor: 'cli:test' })).rejects.toMatchObject({
        code: 'HOST_KEY_UNAPPROVED',
      });
      const [pending] = await listHostKeys(core, { host });
      const known = lab.hostKeys[host]?.split(' ')[1];
      expect(pending?.fingerprint, host).toBe(fingerprintOfBlob(Buffer.from(known ?? '', 'base64')));
      await approveHostKey(keyDeps, { host, actor: 'cli:test' });
    }
    const result = await runner.run(db03, { argv: ['hostname'] }, { actor: 'cli:test' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe('db03');
    const [entry] = await listJournalEntries(core.store.db, { host: 'db03', result: 'ok' });
    expect(entry?.detail).toContain('via ecwan');
  });
});
