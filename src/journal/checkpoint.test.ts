import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { steppingClock } from '../../test/support/audit-tampering.js';
import { captureIo } from '../../test/support/cli-io.js';
import {
  appendEntries,
  deleteEntries,
  liftJournalGuard,
  readEntry,
  rewriteJournalFrom,
} from '../../test/support/journal-tampering.js';
import {
  createTestEnvironment,
  createTestStore,
  TEST_DIALECT,
  type TestEnvironment,
  type TestStore,
} from '../../test/support/test-store.js';
import { type CheckpointDeps, createCheckpoint } from '../audit/checkpoint.js';
import { keyIdOf, signedCheckpointMessage } from '../audit/checkpoint-statement.js';
import { loadSigningPublicKey } from '../audit/signing-key.js';
import { verifyAuditChain } from '../audit/verify.js';
import { main } from '../cli/main.js';
import { AppError } from '../errors/app-error.js';
import { openStore, type Store } from '../store/store.js';
import {
  createJournalCheckpoint,
  type JournalCheckpointStatement,
  listJournalCheckpoints,
  parseJournalCheckpoint,
  verifyJournalAgainstCheckpoint,
} from './checkpoint.js';
import { verifyJournalChain } from './verify.js';

describe(`journal checkpoints on ${TEST_DIALECT}`, () => {
  let testStore: TestStore;
  let deps: CheckpointDeps;
  beforeEach(async () => {
    testStore = await createTestStore();
    deps = { config: testStore.config, store: testStore.store, clock: steppingClock() };
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  const vigieKey = () => loadSigningPublicKey(testStore.config.auditKeyFile)?.publicKey ?? null;

  it('signs the length and head hash with the audit key, records itself in the audit trail, and verifies', async () => {
    const { store } = testStore;
    await appendEntries(store, deps.clock, 12);
    const head = await readEntry(store, 12);
    const statement = await createJournalCheckpoint(deps, { actor: 'cli:root' });
    expect(statement).toMatchObject({
      format: 'vigie-journal-checkpoint/1',
      length: 12,
      headHash: head.hash,
    });
    // The same key as the audit trail's checkpoints.
    const audit = await createCheckpoint(deps, { actor: 'cli:root' });
    expect(statement.keyId).toBe(audit.keyId);
    expect(await listJournalCheckpoints(store.db)).toEqual([
      expect.objectContaining({ actor: 'cli:root', length: 12, headHash: head.hash, keyId: statement.keyId }),
    ]);
    expect((await verifyAuditChain(store.db, { publicKey: vigieKey() })).ok).toBe(true);
    // New entries later: the journal still extends the checkpoint.
    await appendEntries(store, deps.clock, 3);
    const result = await verifyJournalAgainstCheckpoint(store.db, statement, { publicKey: vigieKey() });
    expect(result).toMatchObject({ ok: true, count: 15, findingCount: 0 });
    expect(result.checkpoint).toMatchObject({ length: 12, signatureValid: true, signedByThisVigie: true });
  });

  it('catches the newest entries deleted, which verify alone cannot see', async () => {
    const { store } = testStore;
    await appendEntries(store, deps.clock, 9);
    const statement = await createJournalCheckpoint(deps, { actor: 'cli:root' });
    await liftJournalGuard(store);
    await deleteEntries(store, 7, 9);
    expect((await verifyJournalChain(store.db)).ok).toBe(true);
    const result = await verifyJournalAgainstCheckpoint(store.db, statement, { publicKey: vigieKey() });
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'checkpoint_truncated',
        seq: 7,
        toSeq: 9,
        message: 'rows 7..9 deleted: the chain is shorter than the checkpoint (6 rows, the checkpoint has 9)',
      }),
    ]);
  });

  it('catches a journal rewritten consistently from an old entry on', async () => {
    const { store } = testStore;
    await appendEntries(store, deps.clock, 8);
    const statement = await createJournalCheckpoint(deps, { actor: 'cli:root' });
    await appendEntries(store, deps.clock, 2);
    await liftJournalGuard(store);
    await rewriteJournalFrom(store, 3, () => ({ summary: 'nothing happened' }));
    expect((await verifyJournalChain(store.db)).ok).toBe(true);
    const result = await verifyJournalAgainstCheckpoint(store.db, statement, { publicKey: vigieKey() });
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'checkpoint_mismatch', seq: 8 })]);
    expect(result.findings[0]?.message).toMatch(
      /^row 8 differs from the checkpoint: .*the chain was rewritten$/,
    );
  });

  it('refuses an edited statement, a foreign key, and an audit checkpoint passed for a journal one', async () => {
    const { store } = testStore;
    await appendEntries(store, deps.clock, 5);
    const statement = await createJournalCheckpoint(deps, { actor: 'cli:root' });
    const edited = { ...statement, length: 3, headHash: (await readEntry(store, 3)).hash };
    const editedResult = await verifyJournalAgainstCheckpoint(store.db, edited, { publicKey: vigieKey() });
    expect(editedResult.checkpoint.signatureValid).toBe(false);
    expect(editedResult.findings).toEqual([expect.objectContaining({ kind: 'checkpoint_signature' })]);

    const other = generateKeyPairSync('ed25519');
    const fields = { ...statement, keyId: keyIdOf(other.publicKey) };
    const foreign: JournalCheckpointStatement = {
      ...fields,
      publicKey: other.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      signature: sign(null, signedCheckpointMessage(fields), other.privateKey).toString('base64'),
    };
    const foreignResult = await verifyJournalAgainstCheckpoint(store.db, foreign, { publicKey: vigieKey() });
    expect(foreignResult.checkpoint).toMatchObject({ signatureValid: true, signedByThisVigie: false });
    expect(foreignResult.findings).toEqual([expect.objectContaining({ kind: 'checkpoint_key' })]);

    const audit = await createCheckpoint(deps, { actor: 'cli:root' });
    expect(() => parseJournalCheckpoint(JSON.stringify(audit), 'audit.json')).toThrow(
      /audit\.json is not a valid checkpoint:\n {2}format: /,
    );
    expect(() => parseJournalCheckpoint('{', 'x.json')).toThrow(AppError);
  });

  it('refuses to sign a journal that does not verify, and records nothing', async () => {
    const { store } = testStore;
    await appendEntries(store, deps.clock, 4);
    await liftJournalGuard(store);
    await deleteEntries(store, 2, 2);
    await expect(createJournalCheckpoint(deps, { actor: 'cli:root' })).rejects.toMatchObject({
      code: 'AUDIT_BROKEN',
    });
    expect(await listJournalCheckpoints(store.db)).toEqual([]);
  });

  it('can be checked outside Vigie with the openssl recipe of docs/audit.md', async () => {
    await appendEntries(testStore.store, deps.clock, 2);
    const statement = await createJournalCheckpoint(deps, { actor: 'cli:root' });
    const dir = testStore.dataDir;
    const run = (content: unknown) => {
      const file = path.join(dir, `journal-checkpoint-${Math.random().toString(16).slice(2)}.json`);
      fs.writeFileSync(file, JSON.stringify(content));
      return spawnSync('bash', ['-euo', 'pipefail', '-c', auditRecipe()], {
        cwd: dir,
        env: { ...process.env, CHECKPOINT: file },
        encoding: 'utf8',
      });
    };
    const good = run(statement);
    expect(good.stdout + good.stderr).toContain('Signature Verified Successfully');
    const bad = run({ ...statement, length: 1 });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('Signature Verification Failure');
  });
});

describe(`vigie journal checkpoint and verify --checkpoint on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  afterEach(async () => {
    await environment.cleanup();
  });

  async function run(args: string[]) {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...args], io, environment.env);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  }

  async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore(environment.config);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  it('writes a checkpoint file once, proves the journal extends it, and exits 4 once its newest entries go', async () => {
    environment = await createTestEnvironment();
    await withStore((store) => appendEntries(store, steppingClock(), 6));
    const file = path.join(environment.dataDir, 'journal-2026-11.json');
    const written = await run(['journal', 'checkpoint', '--out', file]);
    expect(written.err).toBe('');
    expect(written.out).toMatch(
      new RegExp(`^journal checkpoint written to ${file}: 6 entries, head [0-9a-f]{12}, key [0-9a-f]{16}$`),
    );
    expect(await run(['journal', 'checkpoint', '--out', file])).toMatchObject({
      code: 1,
      err: expect.stringContaining(`Refusing to overwrite ${file}`),
    });

    const intact = await run(['journal', 'verify', '--checkpoint', file]);
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(
      /^journal intact: 6 entries, head [0-9a-f]{12}\nextends checkpoint of .* \(6 entries, head [0-9a-f]{12}\), signed by this Vigie's key [0-9a-f]{16}$/,
    );

    await withStore(async (store) => {
      await liftJournalGuard(store);
      await deleteEntries(store, 5, 6);
    });
    expect((await run(['journal', 'verify'])).code).toBe(0);
    const truncated = await run(['journal', 'verify', '--checkpoint', file]);
    expect(truncated.code).toBe(4);
    expect(truncated.out.split('\n')).toEqual([
      'journal BROKEN: 1 finding in 4 entries',
      '  checkpoint_truncated  rows 5..6 deleted: the chain is shorter than the checkpoint (4 rows, the checkpoint has 6)',
      expect.stringMatching(/^checked against checkpoint of .* \(6 entries, head [0-9a-f]{12}\), signed by/),
    ]);

    const missing = await run([
      'journal',
      'verify',
      '--checkpoint',
      path.join(environment.dataDir, 'nope.json'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('vigie journal checkpoint');
  });
});

describe(`journal checkpoints over HTTP on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  afterEach(async () => {
    await fixture.close();
  });

  it('lets a customer manager sign one, every reader list them and verify against one; not a viewer sign', async () => {
    fixture = await createWebFixture();
    const store = fixture.testStore.store;
    await appendEntries(store, steppingClock(), 3);
    const session = async (role: 'customer_manager' | 'viewer' | 'customer_developer') => {
      const account = await fixture.addAccount(role);
      return await fixture.login(account.account.username, account.password);
    };
    const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      fixture.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: SAME_ORIGIN,
        cookies: { vigie_session: cookie },
        ...(payload === undefined ? {} : { payload }),
      });
    const manager = await session('customer_manager');
    const viewer = await session('viewer');

    expect((await call(viewer, 'POST', '/journal/checkpoints')).statusCode).toBe(403);
    const created = await call(manager, 'POST', '/journal/checkpoints');
    expect(created.statusCode).toBe(201);
    const statement = created.json() as JournalCheckpointStatement;
    expect(statement).toMatchObject({ format: 'vigie-journal-checkpoint/1', length: 3 });

    const listed = await call(viewer, 'GET', '/journal/checkpoints');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      items: [
        expect.objectContaining({
          length: 3,
          headHash: statement.headHash,
          actor: expect.stringMatching(/^user:/),
        }),
      ],
    });

    const verified = await call(viewer, 'POST', '/journal/verify', { checkpoint: statement });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ ok: true, checkpoint: { signedByThisVigie: true, length: 3 } });
    await liftJournalGuard(store);
    await deleteEntries(store, 3, 3);
    expect((await call(viewer, 'POST', '/journal/verify', { checkpoint: statement })).json()).toMatchObject({
      ok: false,
      findings: [{ kind: 'checkpoint_truncated', seq: 3 }],
    });
    const notOne = await call(viewer, 'POST', '/journal/verify', { checkpoint: { format: 'x' } });
    expect(notOne.statusCode).toBe(400);
    const developer = await session('customer_developer');
    expect((await call(developer, 'GET', '/journal/checkpoints')).statusCode).toBe(403);
  });
});

/** The openssl recipe of docs/audit.md, which checks journal checkpoints as well (docs/journal.md says so). */
function auditRecipe(): string {
  const doc = fs.readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8');
  const match = /<!-- recipe:checkpoint -->\s*```(?:sh|bash)\n([\s\S]*?)```/.exec(doc);
  if (!match?.[1]) throw new Error('docs/audit.md has no recipe:checkpoint block');
  return match[1].replaceAll('checkpoint.json', '"$CHECKPOINT"');
}
