import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../test/support/cli-io.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';
import { main } from '../cli/main.js';
import { openStore } from '../store/store.js';
import { systemClock } from '../time/clock.js';
import { login } from './login.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe(`vigie user … on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment | undefined;
  afterEach(async () => {
    await environment?.cleanup();
    environment = undefined;
  });

  async function run(args: string[], io = captureIo(), extraEnv: NodeJS.ProcessEnv = {}) {
    if (!environment) environment = await createTestEnvironment();
    const code = await main(['node', 'vigie', ...args], io, { ...environment.env, ...extraEnv });
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  }

  /** Tries a password through the login service, as the web app would. */
  async function canLogIn(username: string, password: string): Promise<boolean> {
    if (!environment) throw new Error('no environment');
    const store = await openStore(environment.config);
    try {
      await login({ store, clock: systemClock }, { username, password });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'UNAUTHENTICATED') return false;
      throw error;
    } finally {
      await store.close();
    }
  }

  it('adds a user with a generated password printed once, and lists it', async () => {
    const added = await run([
      'user',
      'add',
      'Admin',
      '--role',
      'provider_admin',
      '--name',
      'Régis Admin',
      '--email',
      'regis@example.org',
    ]);
    expect(added.code).toBe(0);
    expect(added.out).toContain('Added user admin (provider_admin).');
    const password = /Password \(shown once, keep it safe\): (\S+)/.exec(added.out)?.[1] ?? '';
    expect(password).toHaveLength(24);
    expect(await canLogIn('admin', password)).toBe(true);

    const listed = await run(['user', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/USERNAME\s+ROLE\s+STATUS\s+NAME/);
    expect(listed.out).toMatch(/admin\s+provider_admin\s+enabled\s+Régis Admin/);
    expect(listed.out).not.toContain(password);

    const json = await run(['user', 'list', '--json']);
    const accounts = JSON.parse(json.out) as Array<Record<string, unknown>>;
    expect(accounts).toEqual([
      expect.objectContaining({
        username: 'admin',
        role: 'provider_admin',
        email: 'regis@example.org',
        disabled: false,
      }),
    ]);
    expect(json.out).not.toMatch(/argon2|hash/i);
  });

  it('takes the password from standard input or VIGIE_USER_PASSWORD, and audits the actor as cli:<user>', async () => {
    const fromStdin = await run(
      ['user', 'add', 'sandra', '--role', 'viewer', '--password-stdin'],
      captureIo('a long passphrase here'),
    );
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.out).not.toContain('Password');
    expect(await canLogIn('sandra', 'a long passphrase here')).toBe(true);

    const fromEnv = await run(
      ['user', 'add', 'tom', '--role', 'customer_developer', '--person', 'tom-martin'],
      captureIo(),
      {
        VIGIE_USER_PASSWORD: 'another long passphrase',
      },
    );
    expect(fromEnv.code).toBe(0);
    expect(await canLogIn('tom', 'another long passphrase')).toBe(true);

    const store = await openStore(environment?.config ?? ({} as never));
    const events = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.add')
      .execute();
    await store.close();
    expect(events.map((e) => e.target_key)).toEqual(['sandra', 'tom']);
    expect(events[0]?.actor).toMatch(/^cli:.+/);
    expect(JSON.stringify(events)).not.toMatch(/passphrase|argon2/);
  });

  it('disables, enables and resets the password of a user', async () => {
    await run(['user', 'add', 'ugo', '--role', 'viewer'], captureIo(), {
      VIGIE_USER_PASSWORD: 'initial passphrase',
    });
    const disabled = await run(['user', 'disable', 'ugo']);
    expect(disabled.code).toBe(0);
    expect(disabled.out).toContain('User ugo is disabled');
    expect(await canLogIn('ugo', 'initial passphrase')).toBe(false);
    expect((await run(['user', 'list'])).out).toMatch(/ugo\s+viewer\s+disabled/);
    expect((await run(['user', 'enable', 'ugo'])).code).toBe(0);
    expect(await canLogIn('ugo', 'initial passphrase')).toBe(true);

    const reset = await run(
      ['user', 'reset-password', 'ugo', '--password-stdin'],
      captureIo('a brand new passphrase'),
    );
    expect(reset.code).toBe(0);
    expect(reset.out).toContain('Password of ugo reset');
    expect(await canLogIn('ugo', 'initial passphrase')).toBe(false);
    expect(await canLogIn('ugo', 'a brand new passphrase')).toBe(true);
  });

  it('explains bad input with exit code 1: unknown role, short password, taken name, unknown user', async () => {
    const badRole = await run(['user', 'add', 'vera', '--role', 'root']);
    expect(badRole.code).toBe(1);
    expect(badRole.err).toContain('--role "root"');
    expect(badRole.err).toContain(
      'provider_admin, provider_engineer, customer_manager, customer_developer, viewer',
    );

    const short = await run(
      ['user', 'add', 'vera', '--role', 'viewer', '--password-stdin'],
      captureIo('short'),
    );
    expect(short.code).toBe(1);
    expect(short.err).toContain('too short');

    await run(['user', 'add', 'vera', '--role', 'viewer']);
    const taken = await run(['user', 'add', 'VERA', '--role', 'viewer']);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('already exists');

    const unknown = await run(['user', 'disable', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('There is no user named "nobody"');
    expect(unknown.err).not.toMatch(/\n\s+at /);
  });
});

describe(`the vigie binary: user commands on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment | undefined;
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
      spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'ignore' });
    }
  });
  afterEach(async () => {
    await environment?.cleanup();
    environment = undefined;
  });

  it('adds a user from a piped password and lists it as JSON', async () => {
    environment = await createTestEnvironment();
    const vigie = (args: string[], input?: string) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/vigie.mjs'), ...args], {
        cwd: ROOT,
        env: environment?.env,
        input,
        encoding: 'utf8',
        timeout: 30_000,
      });
    const added = vigie(
      ['user', 'add', 'wanda', '--role', 'customer_manager', '--password-stdin'],
      'piped passphrase value\n',
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('Added user wanda (customer_manager).');
    const listed = vigie(['user', 'list', '--json']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ username: 'wanda', role: 'customer_manager' }),
    ]);
    const usage = vigie(['user', 'add', 'xavier']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("required option '--role <role>' not specified");
  });
});
