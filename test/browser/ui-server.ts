/**
 * The server the browser test drives: a test store on the dialect under test with `examples/gip-paca`
 * applied (then DB03's memory doubled by a second apply, so that history has a change to show), an
 * administrator and a developer account, and the real web app listening on a free loopback port.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addUser } from '../../src/auth/users.js';
import { loadConfig } from '../../src/config/config.js';
import { createWebApp } from '../../src/http/app.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { loadInventory } from '../../src/inventory/load.js';
import type { DesiredObject } from '../../src/inventory/model.js';
import { createLogger } from '../../src/log/logger.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { systemClock } from '../../src/time/clock.js';
import { createTestStore, type TestStore } from '../support/test-store.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Account {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
}

export interface UiServerOptions {
  readonly admin: Account;
  /** Logs in as the first developer of the example with access to websites. */
  readonly developer: Account;
  readonly attemptsPerUsername: number;
}

export interface UiServer {
  readonly baseUrl: string;
  readonly testStore: TestStore;
  /** What the server runs on, for tests that change the store behind the browser's back. */
  readonly deps: CoreDeps;
  /** The example's objects as the files declare them (before DB03 was resized). */
  readonly objects: readonly DesiredObject[];
  readonly developerPerson: DesiredObject;
  /** DB03's memory in the example, in bytes; the second apply doubles it. */
  readonly dbMemory: number;
  close(): Promise<void>;
}

/** Builds the store, applies the example, adds the accounts and listens; `close` undoes all of it. */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const testStore = await createTestStore();
  try {
    const deps: CoreDeps = {
      config: loadConfig(testStore.env),
      store: testStore.store,
      clock: systemClock,
      logger: createLogger({ logLevel: 'silent' }),
    };
    const loaded = await loadInventory([path.join(REPO, 'examples', 'gip-paca')]);
    if (!loaded.ok) {
      throw new Error(`examples/gip-paca does not validate: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
    }
    const objects = loaded.objects;
    await applyInventory(deps, { objects, actor: 'cli:operator' });
    const db03 = objects.find((object) => object.kind === 'vm' && object.spec.name === 'DB03');
    if (db03 === undefined) throw new Error('the example has no VM named DB03');
    const dbMemory = Number(db03.spec.memory);
    const resized = objects.map((object) =>
      object === db03 ? { ...object, spec: { ...object.spec, memory: dbMemory * 2 } } : object,
    );
    await applyInventory(deps, { objects: resized, actor: 'cli:operator' });

    const developerPerson = objects.find((object) => {
      const spec = object.spec as { roles?: unknown; access?: { websites?: unknown } };
      const roles = Array.isArray(spec.roles) ? spec.roles : [];
      return object.kind === 'person' && roles.includes('developer') && Array.isArray(spec.access?.websites);
    });
    if (developerPerson === undefined)
      throw new Error('examples/gip-paca declares no developer with access to websites');
    await addUser(deps, { ...options.admin, role: 'provider_admin', actor: 'cli:operator' });
    await addUser(deps, {
      ...options.developer,
      role: 'customer_developer',
      personKey: developerPerson.key,
      actor: 'cli:operator',
    });

    const app = await createWebApp(deps, {
      loginLimits: { perIp: 100, perUsername: options.attemptsPerUsername },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      testStore,
      deps,
      objects,
      developerPerson,
      dbMemory,
      close: async () => {
        await app.close();
        await testStore.cleanup();
      },
    };
  } catch (error) {
    await testStore.cleanup();
    throw error;
  }
}
