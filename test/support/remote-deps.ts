/** Builds the SSH layer's dependencies over a test store: a fresh master key, a loopback-only allowlist. */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../src/log/logger.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { approveHostKey } from '../../src/remote/host-keys.js';
import type { RemoteHost } from '../../src/remote/remote-host.js';
import { createSecretBox } from '../../src/remote/secret-box.js';
import { storeSshKey } from '../../src/remote/secrets.js';
import type { SshRunnerDeps } from '../../src/remote/ssh-runner.js';
import { systemClock } from '../../src/time/clock.js';
import type { SshdFixture } from './sshd.js';
import type { TestStore } from './test-store.js';

/** Runner deps over `testStore`, allowing `allow` (default loopback). */
export function remoteDeps(testStore: TestStore, allow: readonly string[] = ['127.0.0.0/8']): SshRunnerDeps {
  return {
    store: testStore.store,
    clock: systemClock,
    logger: createLogger({ logLevel: 'silent' }),
    secretBox: createSecretBox(randomBytes(32)),
    policy: createOutboundPolicy(allow),
  };
}

/** Stores the fixture's client key as `keyName` and describes the fixture as host `name`. */
export async function hostOf(
  deps: SshRunnerDeps,
  sshd: SshdFixture,
  name: string,
  keyName = 'test',
): Promise<RemoteHost> {
  await storeSshKey(deps, { name: keyName, privateKey: sshd.clientPrivateKey, actor: 'test' });
  return { name, address: sshd.host, port: sshd.port, user: sshd.user, key: keyName };
}

/** Approves whatever key `host` presented first (after one refused run). */
export async function approveFirstKey(deps: SshRunnerDeps, host: string): Promise<void> {
  await approveHostKey(
    { store: deps.store, clock: deps.clock, dialect: deps.store.dialect },
    { host, actor: 'test' },
  );
}
