import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEvents,
  deleteRows,
  liftAppendOnlyGuard,
  readRow,
  steppingClock,
} from '../../test/support/audit-tampering.js';
import { captureIo } from '../../test/support/cli-io.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';
import { main } from '../cli/main.js';
import { openStore, type Store } from '../store/store.js';
import { formatInstant } from '../time/format.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Opens the environment's store for `work` (as another process would), then closes it. */
async function withStore<T>(environment: TestEnvironment, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(environment.config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe(`vigie audit … on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  afterEach(async () => {
    await environment.cleanup();
  });

  async function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...args], io, { ...environment.env, ...extraEnv });
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  }

  it('verifies, checkpoints to a file, and proves the trail extends it', async () => {
    environment = await createTestEnvironment();
    expect(await run(['audit', 'verify'])).toMatchObject({
      code: 0,
      out: 'audit trail intact: 0 events, head 000000000000',
    });
    await withStore(environment, (store) => appendEvents(store, steppingClock(), 25));
    const file = path.join(environment.dataDir, 'checkpoint-2026-03.json');
    const written = await run(['audit', 'checkpoint', '--out', file]);
    expect(written.code).toBe(0);
    const statement = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      length: number;
      headHash: string;
      keyId: string;
    };
    expect(statement.length).toBe(25);
    expect(written.out).toBe(
      `checkpoint written to ${file}: 25 events, head ${statement.headHash.slice(0, 12)}, key ${statement.keyId}`,
    );
    const again = await run(['audit', 'checkpoint', '--out', file]);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`Refusing to overwrite ${file}`);

    const verified = await run(['audit', 'verify', '--checkpoint', file]);
    expect(verified.code).toBe(0);
    const head = await withStore(environment, (store) => readRow(store, 26));
    expect(verified.out.split('\n')).toEqual([
      `audit trail intact: 26 events, head ${head.hash.slice(0, 12)}`,
      expect.stringMatching(
        new RegExp(
          `^extends checkpoint of .* \\(25 events, head ${statement.headHash.slice(0, 12)}\\), signed by this Vigie's key ${statement.keyId}$`,
        ),
      ),
    ]);
    const printed = await run(['audit', 'checkpoint']);
    expect(JSON.parse(printed.out)).toMatchObject({ format: 'vigie-audit-checkpoint/1', length: 26 });
  });

  it('exits 4 and names each broken row with its local time and action; --json gives the report', async () => {
    environment = await createTestEnvironment();
    const altered = await withStore(environment, async (store) => {
      await appendEvents(store, steppingClock(), 12);
      await liftAppendOnlyGuard(store);
      await store.db
        .updateTable('audit_events')
        .set({ actor: 'user:mallory' })
        .where('seq', '=', 5)
        .execute();
      await deleteRows(store, 9, 10);
      return await readRow(store, 5);
    });
    const broken = await run(['audit', 'verify']);
    expect(broken.code).toBe(4);
    const lines = broken.out.split('\n');
    expect(lines[0]).toBe('audit trail BROKEN: 2 findings in 10 events');
    expect(lines[1]).toContain(
      `row 5 (${formatInstant(altered.at, 'Europe/Paris')}, user:mallory, ${altered.action}) was altered`,
    );
    expect(lines[1]).toMatch(/^ {2}altered /);
    expect(lines[2]).toMatch(/deleted +rows 9\.\.10 deleted: row 11 follows row 8$/);
    expect(broken.err).toContain('error: The audit trail is broken: 2 findings.');

    const json = await run(['audit', 'verify', '--json']);
    expect(json.code).toBe(4);
    const report = JSON.parse(json.out) as { ok: boolean; findings: { kind: string; seq: number }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.kind, f.seq])).toEqual([
      ['altered', 5],
      ['deleted', 9],
    ]);
  });

  it('sees the newest rows deleted only with --checkpoint', async () => {
    environment = await createTestEnvironment();
    await withStore(environment, (store) => appendEvents(store, steppingClock(), 8));
    const file = path.join(environment.dataDir, 'cp.json');
    expect((await run(['audit', 'checkpoint', '--out', file])).code).toBe(0);
    await withStore(environment, async (store) => {
      await liftAppendOnlyGuard(store);
      await deleteRows(store, 7, 9);
    });
    expect((await run(['audit', 'verify'])).code).toBe(0);
    const checked = await run(['audit', 'verify', '--checkpoint', file]);
    expect(checked.code).toBe(4);
    expect(checked.out).toContain(
      'rows 7..8 deleted: the chain is shorter than the checkpoint (6 rows, the checkpoint has 8)',
    );
  });

  it('keeps the signing key where VIGIE_AUDIT_KEY_FILE says', async () => {
    environment = await createTestEnvironment();
    const keyFile = path.join(environment.dataDir, 'keys', 'vigie-audit.pem');
    const keyEnv = { VIGIE_AUDIT_KEY_FILE: keyFile };
    const printed = await run(['audit', 'checkpoint'], keyEnv);
    expect(printed.code).toBe(0);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(environment.dataDir, 'audit-signing-key.pem'))).toBe(false);
    const file = path.join(environment.dataDir, 'cp.json');
    fs.writeFileSync(file, printed.out);
    expect((await run(['audit', 'verify', '--checkpoint', file], keyEnv)).code).toBe(0);
    // Under the default key (none yet), the same checkpoint is not this Vigie's.
    const elsewhere = await run(['audit', 'verify', '--checkpoint', file]);
    expect(elsewhere.code).toBe(4);
    expect(elsewhere.out).toContain('this Vigie has no signing key');
  });

  it('says what is wrong with a checkpoint file, naming it', async () => {
    environment = await createTestEnvironment();
    const file = path.join(environment.dataDir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'vigie-audit-checkpoint/1', length: 'ten' }));
    const bad = await run(['audit', 'verify', '--checkpoint', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${file} is not a valid checkpoint`);
    expect(bad.err).toMatch(/length: .*number/);
    const missing = await run([
      'audit',
      'verify',
      '--checkpoint',
      path.join(environment.dataDir, 'nope.json'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Cannot read the checkpoint file');
    expect(missing.err).toContain('ENOENT');
  });

  it('shows recent events in the configured time zone, filtered', async () => {
    environment = await createTestEnvironment();
    await withStore(environment, (store) => appendEvents(store, steppingClock(), 15));
    const recent = await run(['audit', 'log', '--limit', '3'], { VIGIE_TIME_ZONE: 'America/New_York' });
    expect(recent.code).toBe(0);
    const lines = recent.out.split('\n');
    expect(lines).toHaveLength(3);
    const newest = await withStore(environment, (store) => readRow(store, 15));
    expect(lines[0]).toMatch(
      new RegExp(`^15  ${escapeRegExp(formatInstant(newest.at, 'America/New_York'))}  `),
    );
    expect(lines.map((line) => Number(line.split(' ')[0]))).toEqual([15, 14, 13]);

    const json = await run(['audit', 'log', '--target', 'vm/vm-1', '--json']);
    const events = JSON.parse(json.out) as { seq: number; targetKey: string; after: { index: number } }[];
    expect(events.map((e) => e.seq)).toEqual([9, 2]);
    expect(events[0]?.after.index).toBe(9);
    const byAction = JSON.parse(
      (await run(['audit', 'log', '--action', 'user.', '--before', '6', '--json'])).out,
    ) as { seq: number }[];
    expect(byAction.map((e) => e.seq)).toEqual([4, 2]);
    expect((await run(['audit', 'log', '--limit', '0'])).code).toBe(2);
    expect((await run(['audit', 'log', '--actor', 'user:nobody'])).out).toBe('no audit events match');
  });
});

describe(`the vigie binary: audit verify on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/audit/verify.js'))) {
      spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'ignore' });
    }
  });
  afterEach(async () => {
    await environment.cleanup();
  });

  it('exits 0 on an intact trail and 4 once a row is tampered with', async () => {
    environment = await createTestEnvironment();
    const vigie = (args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/vigie.mjs'), ...args], {
        cwd: ROOT,
        env: environment.env,
        encoding: 'utf8',
        timeout: 30_000,
      });
    await withStore(environment, (store) => appendEvents(store, steppingClock(), 10));
    const intact = vigie(['audit', 'verify']);
    expect(intact.stderr).toBe('');
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/^audit trail intact: 10 events, head [0-9a-f]{12}\n$/);
    await withStore(environment, async (store) => {
      await liftAppendOnlyGuard(store);
      await store.db
        .updateTable('audit_events')
        .set({ before: '{"memory":"1GiB"}' })
        .where('seq', '=', 4)
        .execute();
    });
    const broken = vigie(['audit', 'verify']);
    expect(broken.status).toBe(4);
    expect(broken.stdout).toContain('row 4 (');
    expect(broken.stdout).toContain('was altered');
    expect(broken.stderr).toContain('error: The audit trail is broken: 1 finding.');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
