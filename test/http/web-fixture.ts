/**
 * A web app on a fresh test store (the dialect under test), with a clock the test moves and helpers to
 * create accounts and log in through the API.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/auth/roles.js';
import type { UserAccount } from '../../src/auth/schema.js';
import { addUser } from '../../src/auth/users.js';
import { loadConfig } from '../../src/config/config.js';
import { createWebApp, type WebAppOptions } from '../../src/http/app.js';
import type { VigieFastify } from '../../src/http/types.js';
import { createLogger } from '../../src/log/logger.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import type { Clock } from '../../src/time/clock.js';
import { createTestStore, type TestStore } from '../support/test-store.js';

export interface MovableClock extends Clock {
  advance(ms: number): void;
}

/** A clock that stands still until the test moves it. */
export function movableClock(start = new Date('2026-11-28T09:00:00.000Z')): MovableClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface WebFixture {
  readonly app: VigieFastify;
  readonly deps: CoreDeps;
  readonly clock: MovableClock;
  readonly testStore: TestStore;
  /** Adds an account directly through the service (actor `test`). */
  addAccount(role: Role, username?: string): Promise<{ account: UserAccount; password: string }>;
  /** Logs in through the API; returns the `vigie_session` cookie value. */
  login(username: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery staple';
/** The Origin the web interface sends: `inject()` addresses requests to `localhost:80`. */
export const SAME_ORIGIN = { origin: 'http://localhost:80' };

export interface FixtureOptions extends WebAppOptions {
  readonly env?: NodeJS.ProcessEnv;
}

export async function createWebFixture(options: FixtureOptions = {}): Promise<WebFixture> {
  const testStore = await createTestStore();
  const clock = movableClock();
  const config = loadConfig({ ...testStore.env, ...options.env });
  const deps: CoreDeps = {
    config,
    store: testStore.store,
    clock,
    logger: createLogger({ logLevel: 'silent' }),
  };
  let app: VigieFastify;
  try {
    app = await createWebApp(deps, { uiDir: '/nonexistent/vigie-ui', ...options });
  } catch (error) {
    await testStore.cleanup();
    throw error;
  }
  let counter = 0;
  return {
    app,
    deps,
    clock,
    testStore,
    addAccount: async (role, username) => {
      counter += 1;
      const name = username ?? `${role.replace(/_/g, '-')}-${counter}`;
      const account = await addUser(deps, { username: name, role, password: PASSWORD, actor: 'test' });
      return { account, password: PASSWORD };
    },
    login: async (username, password) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
      return sessionCookieOf(response);
    },
    close: async () => {
      await app.close();
      await testStore.cleanup();
    },
  };
}

/** The value of the `vigie_session` cookie a response sets. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'vigie_session');
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return cookie.value;
}

/** Audit events with the given action, oldest first, JSON columns decoded. */
export async function auditEvents(fixture: WebFixture, action: string) {
  const rows = await fixture.testStore.store.db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    ...row,
    before: row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>),
    after: row.after === null ? null : (JSON.parse(row.after) as Record<string, unknown>),
    meta: row.meta === null ? null : (JSON.parse(row.meta) as Record<string, unknown>),
  }));
}
