import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebFixture, type WebFixture } from '../../test/http/web-fixture.js';
import { captureIo } from '../../test/support/cli-io.js';
import {
  alterEntry,
  appendEntries,
  deleteEntries,
  liftJournalGuard,
  readEntry,
} from '../../test/support/journal-tampering.js';
import {
  createTestEnvironment,
  createTestStore,
  TEST_DIALECT,
  type TestEnvironment,
  type TestStore,
} from '../../test/support/test-store.js';
import { GENESIS_HASH } from '../audit/append.js';
import { main } from '../cli/main.js';
import { openStore, type Store } from '../store/store.js';
import { systemClock } from '../time/clock.js';
import { formatInstant } from '../time/format.js';
import { hashJournalRow } from './append.js';
import { verifyJournalChain } from './verify.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe(`journal chain verification on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  beforeEach(async () => {
    testStore = await createTestStore();
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  it('finds an empty journal intact', async () => {
    expect(await verifyJournalChain(testStore.store.db)).toEqual({
      ok: true,
      count: 0,
      length: 0,
      headHash: GENESIS_HASH,
      findings: [],
      findingCount: 0,
    });
  });

  it('finds appended entries intact, whatever the batch size', async () => {
    const { store } = testStore;
    await appendEntries(store, systemClock, 23);
    const head = await readEntry(store, 23);
    for (const batchSize of [1000, 5, 1]) {
      expect(await verifyJournalChain(store.db, { batchSize })).toEqual({
        ok: true,
        count: 23,
        length: 23,
        headHash: head.hash,
        findings: [],
        findingCount: 0,
      });
    }
  });

  it('names an altered entry: its seq, start time, actor and summary', async () => {
    const { store } = testStore;
    await appendEntries(store, systemClock, 12);
    await liftJournalGuard(store);
    const original = await readEntry(store, 5);
    // The classic cover-up: a failed intervention rewritten as a success.
    await alterEntry(store, 5, { result: 'ok', error: null });
    const result = await verifyJournalChain(store.db, { batchSize: 4 });
    expect(result.ok).toBe(false);
    expect(result.count).toBe(12);
    expect(result.findings).toEqual([
      {
        kind: 'altered',
        seq: 5,
        toSeq: null,
        startedAt: original.started_at,
        actor: 'user:alice',
        summary: 'intervention 5',
        message: `row 5 (${original.started_at}, user:alice, intervention 5) was altered: its content no longer matches its hash`,
      },
    ]);
  });

  it('names deleted entries, in the middle and at the start', async () => {
    const { store } = testStore;
    await appendEntries(store, systemClock, 10);
    await liftJournalGuard(store);
    await deleteEntries(store, 4, 6);
    const middle = await verifyJournalChain(store.db, { batchSize: 3 });
    expect(middle).toMatchObject({ ok: false, count: 7, length: 10, findingCount: 1 });
    expect(middle.findings[0]).toMatchObject({
      kind: 'deleted',
      seq: 4,
      toSeq: 6,
      message: 'rows 4..6 deleted: row 7 follows row 3',
    });
    await deleteEntries(store, 1, 1);
    const start = await verifyJournalChain(store.db);
    expect(start.findings.map((f) => [f.kind, f.seq, f.toSeq])).toEqual([
      ['deleted', 1, 1],
      ['deleted', 4, 6],
    ]);
  });

  it('names an entry replaced by one whose hash was recomputed', async () => {
    const { store } = testStore;
    await appendEntries(store, systemClock, 6);
    await liftJournalGuard(store);
    const { hash: _old, ...row } = await readEntry(store, 3);
    const forged = { ...row, summary: 'nothing happened' };
    await alterEntry(store, 3, { summary: forged.summary, hash: hashJournalRow(forged) });
    const result = await verifyJournalChain(store.db);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'inserted', seq: 3, summary: 'nothing happened' }),
    ]);
  });

  it('keeps only maxFindings findings but counts them all', async () => {
    const { store } = testStore;
    await appendEntries(store, systemClock, 8);
    await liftJournalGuard(store);
    await store.db.updateTable('journal_entries').set({ detail: 'edited' }).execute();
    const result = await verifyJournalChain(store.db, { maxFindings: 3 });
    expect(result.findingCount).toBe(8);
    expect(result.findings.map((f) => f.seq)).toEqual([1, 2, 3]);
  });
});

/** Opens the environment's store for `work` (as another process would), then closes it. */
async function withStore<T>(environment: TestEnvironment, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(environment.config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe(`vigie journal verify on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  afterEach(async () => {
    await environment.cleanup();
  });

  async function run(args: string[]) {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...args], io, environment.env);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  }

  it('exits 0 on an intact journal, 4 naming the entry once one is altered, with --json', async () => {
    environment = await createTestEnvironment();
    expect(await run(['journal', 'verify'])).toEqual({
      code: 0,
      out: 'journal intact: 0 entries, head 000000000000',
      err: '',
    });
    await withStore(environment, (store) => appendEntries(store, systemClock, 7));
    const head = await withStore(environment, (store) => readEntry(store, 7));
    expect(await run(['journal', 'verify'])).toMatchObject({
      code: 0,
      out: `journal intact: 7 entries, head ${head.hash.slice(0, 12)}`,
    });

    const altered = await withStore(environment, async (store) => {
      await liftJournalGuard(store);
      await alterEntry(store, 3, { hosts: '["host04"]' });
      await deleteEntries(store, 6, 6);
      return await readEntry(store, 3);
    });
    const broken = await run(['journal', 'verify']);
    expect(broken.code).toBe(4);
    const when = formatInstant(altered.started_at, environment.config.timeZone);
    expect(broken.out.split('\n')).toEqual([
      'journal BROKEN: 2 findings in 6 entries',
      `  altered  row 3 (${when}, user:alice, intervention 3) was altered: its content no longer matches its hash`,
      '  deleted  row 6 deleted: row 7 follows row 5',
    ]);
    expect(broken.err).toContain('The intervention journal is broken: 2 findings.');
    expect(broken.err).toContain('docs/journal.md');
    expect(broken.err).not.toMatch(/\n\s+at /);

    const json = await run(['journal', 'verify', '--json']);
    expect(json.code).toBe(4);
    const report = JSON.parse(json.out) as { ok: boolean; findings: { kind: string; seq: number }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.kind, f.seq])).toEqual([
      ['altered', 3],
      ['deleted', 6],
    ]);
  });
});

describe(`GET /api/v1/journal/verify on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  afterEach(async () => {
    await fixture.close();
  });

  it('reports the chain to a reader, and is refused to a role without journal:read', async () => {
    fixture = await createWebFixture();
    const store = fixture.testStore.store;
    await appendEntries(store, systemClock, 4);
    const viewer = await fixture.addAccount('viewer');
    const cookie = await fixture.login(viewer.account.username, viewer.password);
    const get = (session: string) =>
      fixture.app.inject({
        method: 'GET',
        url: '/api/v1/journal/verify',
        cookies: { vigie_session: session },
      });

    const intact = await get(cookie);
    expect(intact.statusCode).toBe(200);
    expect(intact.json()).toEqual({
      ok: true,
      count: 4,
      length: 4,
      headHash: (await readEntry(store, 4)).hash,
      findings: [],
      findingCount: 0,
    });

    await liftJournalGuard(store);
    await alterEntry(store, 2, { actor: 'user:mallory' });
    const broken = await get(cookie);
    expect(broken.statusCode).toBe(200);
    expect(broken.json()).toMatchObject({
      ok: false,
      findingCount: 1,
      findings: [{ kind: 'altered', seq: 2, actor: 'user:mallory', summary: 'intervention 2' }],
    });

    const developer = await fixture.addAccount('customer_developer');
    const denied = await get(await fixture.login(developer.account.username, developer.password));
    expect(denied.statusCode).toBe(403);
    expect((await fixture.app.inject({ method: 'GET', url: '/api/v1/journal/verify' })).statusCode).toBe(401);
  });
});

describe(`the vigie binary: journal verify on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/journal/verify.js'))) {
      spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'ignore' });
    }
  });
  afterEach(async () => {
    await environment.cleanup();
  });

  it('exits 0 on an intact journal and 4 once an entry is deleted', async () => {
    environment = await createTestEnvironment();
    const vigie = (args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/vigie.mjs'), ...args], {
        cwd: ROOT,
        env: environment.env,
        encoding: 'utf8',
        timeout: 30_000,
      });
    await withStore(environment, (store) => appendEntries(store, systemClock, 5));
    const intact = vigie(['journal', 'verify']);
    expect(intact.stderr).toBe('');
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/^journal intact: 5 entries, head [0-9a-f]{12}\n$/);
    await withStore(environment, async (store) => {
      await liftJournalGuard(store);
      await deleteEntries(store, 2, 3);
    });
    const broken = vigie(['journal', 'verify']);
    expect(broken.status).toBe(4);
    expect(broken.stdout).toContain('rows 2..3 deleted: row 4 follows row 1');
    expect(broken.stderr).toContain('error: The intervention journal is broken: 1 finding.');
  });
});
