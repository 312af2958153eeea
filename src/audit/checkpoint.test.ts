import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendEvents,
  deleteRows,
  liftAppendOnlyGuard,
  readRow,
  rewriteChainFrom,
  steppingClock,
} from '../../test/support/audit-tampering.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { AppError } from '../errors/app-error.js';
import {
  type CheckpointDeps,
  createCheckpoint,
  parseCheckpoint,
  verifyAgainstCheckpoint,
} from './checkpoint.js';
import { type CheckpointStatement, keyIdOf, signedCheckpointMessage } from './checkpoint-statement.js';
import { loadOrCreateSigningKey, loadSigningPublicKey } from './signing-key.js';
import { verifyAuditChain } from './verify.js';

describe(`audit checkpoints on ${TEST_DIALECT}`, () => {
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

  it('signs the length and head hash, records itself in the chain, and verifies', async () => {
    const { store } = testStore;
    await appendEvents(store, deps.clock, 30);
    const head = await readRow(store, 30);
    const statement = await createCheckpoint(deps, { actor: 'cli:root' });
    expect(statement).toMatchObject({ format: 'vigie-audit-checkpoint/1', length: 30, headHash: head.hash });
    expect(JSON.stringify(statement).length).toBeLessThan(600);
    const recorded = await readRow(store, 31);
    expect(recorded).toMatchObject({ action: 'audit.checkpoint', actor: 'cli:root' });
    expect(JSON.parse(recorded.after ?? '{}')).toMatchObject({
      length: 30,
      headHash: head.hash,
      signature: statement.signature,
    });
    const result = await verifyAgainstCheckpoint(store.db, statement, { publicKey: vigieKey() });
    expect(result).toMatchObject({ ok: true, length: 31, recordedCheckpoints: 1 });
    expect(result.checkpoint).toMatchObject({ signatureValid: true, signedByThisVigie: true });
  });

  it('keeps its key in a 0600 file, created once and reused', async () => {
    const first = await createCheckpoint(deps, { actor: 'cli:root' });
    const file = testStore.config.auditKeyFile;
    expect(path.dirname(file)).toBe(testStore.dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = await createCheckpoint(deps, { actor: 'cli:root' });
    expect(second.keyId).toBe(first.keyId);
    expect(second.length).toBe(1);
    expect(first.length).toBe(0);
    fs.chmodSync(file, 0o644);
    const error = await createCheckpoint(deps, { actor: 'cli:root' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as AppError).hint).toContain(`chmod 600 ${file}`);
  });

  it('catches the newest rows deleted, which verify alone cannot see', async () => {
    const { store } = testStore;
    await appendEvents(store, deps.clock, 20);
    const statement = await createCheckpoint(deps, { actor: 'cli:root' });
    await liftAppendOnlyGuard(store);
    await deleteRows(store, 18, 21);
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
    const result = await verifyAgainstCheckpoint(store.db, statement, { publicKey: vigieKey() });
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'checkpoint_truncated', seq: 18, toSeq: 20 }),
    ]);
    expect(result.findings[0]?.message).toBe(
      'rows 18..20 deleted: the chain is shorter than the checkpoint (17 rows, the checkpoint has 20)',
    );
  });

  it('catches a chain rewritten consistently, through the external checkpoint and the recorded one', async () => {
    const { store } = testStore;
    await appendEvents(store, deps.clock, 10);
    const statement = await createCheckpoint(deps, { actor: 'cli:root' });
    await appendEvents(store, deps.clock, 5);
    await liftAppendOnlyGuard(store);
    await rewriteChainFrom(store, 3, () => ({ actor: 'user:mallory' }));
    const alone = await verifyAuditChain(store.db, { publicKey: vigieKey() });
    expect(alone.findings).toEqual([
      expect.objectContaining({ kind: 'checkpoint_mismatch', seq: 11, action: 'audit.checkpoint' }),
    ]);
    const result = await verifyAgainstCheckpoint(store.db, statement, { publicKey: vigieKey() });
    expect(result.findings.map((f) => f.kind)).toEqual(['checkpoint_mismatch', 'checkpoint_mismatch']);
    expect(result.findings[1]?.message).toMatch(/^row 10 differs from the checkpoint/);
  });

  it('catches a recorded checkpoint edited to match a rewritten chain: its signature fails', async () => {
    const { store } = testStore;
    await appendEvents(store, deps.clock, 6);
    await createCheckpoint(deps, { actor: 'cli:root' });
    await liftAppendOnlyGuard(store);
    await rewriteChainFrom(store, 2, (row) => ({ actor: `${row.actor}-x` }));
    const newHead = (await readRow(store, 6)).hash;
    await rewriteChainFrom(store, 7, (row) => ({
      after: row.after?.replace(/"headHash":"[0-9a-f]+"/, `"headHash":"${newHead}"`) ?? null,
    }));
    const result = await verifyAuditChain(store.db, { publicKey: vigieKey() });
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'checkpoint_signature', seq: 7 })]);
  });

  it('refuses a statement whose fields were edited, or signed by another key', async () => {
    const { store } = testStore;
    await appendEvents(store, deps.clock, 5);
    const statement = await createCheckpoint(deps, { actor: 'cli:root' });
    const edited: CheckpointStatement = { ...statement, length: 3, headHash: (await readRow(store, 3)).hash };
    const editedResult = await verifyAgainstCheckpoint(store.db, edited, { publicKey: vigieKey() });
    expect(editedResult.ok).toBe(false);
    expect(editedResult.checkpoint.signatureValid).toBe(false);
    expect(editedResult.findings[0]).toMatchObject({ kind: 'checkpoint_signature' });

    // A well-formed statement, correctly signed, but by someone else's key.
    const other = generateKeyPairSync('ed25519');
    const fields = { ...statement, keyId: keyIdOf(other.publicKey) };
    const foreign: CheckpointStatement = {
      ...fields,
      publicKey: other.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      signature: sign(null, signedCheckpointMessage(fields), other.privateKey).toString('base64'),
    };
    const foreignResult = await verifyAgainstCheckpoint(store.db, foreign, { publicKey: vigieKey() });
    expect(foreignResult.checkpoint).toMatchObject({ signatureValid: true, signedByThisVigie: false });
    expect(foreignResult.findings).toEqual([expect.objectContaining({ kind: 'checkpoint_key' })]);
    expect(foreignResult.findings[0]?.message).toContain(`not by this Vigie's key ${statement.keyId}`);
    const keyless = await verifyAgainstCheckpoint(store.db, statement, { publicKey: null });
    expect(keyless.findings[0]?.message).toContain('has no signing key');
  });

  it('refuses to sign a chain that does not verify', async () => {
    const { store } = testStore;
    await appendEvents(store, deps.clock, 5);
    await liftAppendOnlyGuard(store);
    await deleteRows(store, 2, 2);
    const error = await createCheckpoint(deps, { actor: 'cli:root' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUDIT_BROKEN' });
    expect(
      await store.db
        .selectFrom('audit_events')
        .select('seq')
        .where('action', '=', 'audit.checkpoint')
        .execute(),
    ).toEqual([]);
  });

  it('can be checked outside Vigie with openssl, as docs/audit.md shows', async () => {
    await appendEvents(testStore.store, deps.clock, 3);
    const statement = await createCheckpoint(deps, { actor: 'cli:root' });
    const dir = testStore.dataDir;
    const file = path.join(dir, 'checkpoint.json');
    fs.writeFileSync(file, `${JSON.stringify(statement, null, 2)}\n`);
    const recipe = extractRecipe();
    const run = (statementFile: string) =>
      spawnSync('bash', ['-euo', 'pipefail', '-c', recipe], {
        cwd: dir,
        env: { ...process.env, CHECKPOINT: statementFile },
        encoding: 'utf8',
      });
    const good = run(file);
    expect(good.stdout + good.stderr).toContain('Signature Verified Successfully');
    expect(good.stdout).toContain(statement.keyId);
    const tampered = path.join(dir, 'tampered.json');
    fs.writeFileSync(tampered, JSON.stringify({ ...statement, length: statement.length + 1 }));
    const bad = run(tampered);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('Signature Verification Failure');
  });
});

describe('checkpoint files', () => {
  it('says what is wrong with a malformed checkpoint, naming the file', () => {
    const problems = (text: string) => {
      try {
        parseCheckpoint(text, '/tmp/cp.json');
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return (error as AppError).message;
      }
      throw new Error('expected a refusal');
    };
    expect(problems('{"format": ')).toMatch(/^\/tmp\/cp\.json is not a checkpoint: not JSON/);
    const message = problems(
      JSON.stringify({ format: 'vigie-audit-checkpoint/1', length: -1, headHash: 'xyz', extra: 1 }),
    );
    expect(message).toContain('/tmp/cp.json is not a valid checkpoint');
    for (const field of [
      'length',
      'headHash: must be 64 lower-case hex digits',
      'createdAt',
      'keyId',
      'publicKey',
      'signature',
      'extra',
    ]) {
      expect(message).toContain(field);
    }
  });

  it('loads a key another process created, and never creates one just to verify', () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'vigie-key-'));
    const file = path.join(dir, 'nested', 'key.pem');
    expect(loadSigningPublicKey(file)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    const created = loadOrCreateSigningKey(file);
    expect(loadSigningPublicKey(file)?.keyId).toBe(created.keyId);
    expect(execFileSync('openssl', ['pkey', '-in', file, '-noout', '-text'], { encoding: 'utf8' })).toContain(
      'ED25519',
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** The shell recipe between the `recipe:checkpoint` markers of docs/audit.md: the test runs the documentation itself. */
function extractRecipe(): string {
  const doc = fs.readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8');
  const match = /<!-- recipe:checkpoint -->\s*```(?:sh|bash)\n([\s\S]*?)```/.exec(doc);
  if (!match?.[1]) throw new Error('docs/audit.md has no recipe:checkpoint block');
  return match[1].replaceAll('checkpoint.json', '"$CHECKPOINT"');
}
