/**
 * The "done when": replacing one lab host's SSH key makes the next operation on it refuse with
 * a security alert, while the other hosts keep working. Facts are gathered on every lab host with
 * pinned keys; VirtualWAN04 then gets a new host key (as a reinstalled or impersonated server would);
 * the next gathering fails on it alone, raises a security alert and journals a security entry, and
 * keeps failing until an engineer approves the new key.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labReplaceHostKey } from '../../lab/lab.js';
import { LAB_PREFIX } from '../../lab/topology.js';
import { loadConfig } from '../../src/config/config.js';
import { type FactsDeps, gatherFacts } from '../../src/facts/gather.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { createLogger } from '../../src/log/logger.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { approveHostKey, listHostKeys } from '../../src/remote/host-keys.js';
import { createSecretBox } from '../../src/remote/secret-box.js';
import { fingerprintOfBlob, storeSshKey } from '../../src/remote/secrets.js';
import { listSecurityAlerts } from '../../src/remote/security-alerts.js';
import { createSshRunner } from '../../src/remote/ssh-runner.js';
import { systemClock } from '../../src/time/clock.js';
import { exampleObjects } from '../facts/drift-fixtures.js';
import { labSkipReason, useLab } from '../support/lab.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';

const REKEYED = 'virtualwan04';

describe.skipIf(labSkipReason !== undefined)(`a lab host whose SSH key is replaced (${TEST_DIALECT})`, () => {
  const lab = useLab();
  let testStore: TestStore;
  let deps: FactsDeps;
  const keyDeps = () => ({ store: deps.store, clock: deps.clock, dialect: deps.store.dialect });

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
      secretBox: createSecretBox(Buffer.alloc(32, 7)),
      policy: createOutboundPolicy([LAB_PREFIX]),
    };
    deps = { ...core, runner: createSshRunner(runnerDeps, { commandTimeoutMs: 60_000 }) };
    await applyInventory(core, { objects: await exampleObjects(), actor: 'cli:test' });
    await storeSshKey(runnerDeps, {
      name: 'lab',
      privateKey: fs.readFileSync(lab.clientKey, 'utf8'),
      actor: 'cli:test',
    });
  }, 240_000);

  afterAll(async () => {
    await deps?.runner.close();
    await testStore?.cleanup();
  });

  it(
    'refuses the replaced key on that host alone, with a security alert, until it is approved',
    () =>
      lab.exclusively(async () => {
        // First contact: every key is recorded, then approved because it is the lab's own.
        const first = await gatherFacts(deps, 'all', { actor: 'cli:test' });
        for (const result of first.hosts) {
          const [pending] = await listHostKeys(deps, { host: result.host });
          const known = lab.hostKeys[result.host]?.split(' ')[1];
          if (pending === undefined || known === undefined) throw new Error(`no key seen for ${result.host}`);
          expect(pending.fingerprint).toBe(fingerprintOfBlob(Buffer.from(known, 'base64')));
          await approveHostKey(keyDeps(), { host: result.host, actor: 'cli:test' });
        }
        const pinned = await gatherFacts(deps, 'all', { actor: 'cli:test' });
        expect(pinned.hosts.filter((entry) => !entry.ok)).toEqual([]);
        // The pooled connection to the host would outlive its sshd's restart: start afresh like a new run.
        await deps.runner.close();

        const newKey = await labReplaceHostKey({ paths: lab.paths, log: () => {} }, REKEYED);
        const after = await gatherFacts(deps, 'all', { actor: 'cli:test' });
        const refused = after.hosts.find((entry) => entry.host === REKEYED);
        expect(refused?.ok).toBe(false);
        if (refused === undefined || refused.ok) throw new Error('the replaced key was accepted');
        expect(refused.error.code).toBe('HOST_KEY_MISMATCH');
        expect(refused.error.message).toContain(REKEYED);
        const others = after.hosts.filter((entry) => entry.host !== REKEYED);
        expect(others).toHaveLength(5);
        expect(others.filter((entry) => !entry.ok)).toEqual([]);

        const newFingerprint = fingerprintOfBlob(Buffer.from(newKey.split(' ')[1] ?? '', 'base64'));
        const alerts = await listSecurityAlerts(deps, { host: REKEYED });
        expect(alerts.length).toBeGreaterThanOrEqual(1);
        expect(JSON.stringify(alerts[0])).toContain(newFingerprint);
        const journal = await listJournalEntries(deps.store.db, { host: REKEYED, category: 'security' });
        expect(journal.length).toBeGreaterThanOrEqual(1);
        expect(journal[0]?.result).toBe('failed');

        // Refused again on the next run: a changed key is never accepted silently.
        const again = await gatherFacts(deps, [REKEYED], { actor: 'cli:test' });
        expect(again.hosts[0]?.ok).toBe(false);

        // An engineer who checked the new key out of band approves it; the host works again.
        await approveHostKey(keyDeps(), { host: REKEYED, fingerprint: newFingerprint, actor: 'cli:test' });
        const approved = await gatherFacts(deps, [REKEYED], { actor: 'cli:test' });
        expect(approved.hosts[0]?.ok).toBe(true);
      }),
    660_000,
  );
});
