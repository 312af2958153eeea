/**
 * Signed checkpoints of the audit trail. A chain alone cannot show that its newest rows were deleted
 * or that it was rewritten from end to end; a checkpoint kept outside Vigie (its length and head hash,
 * signed with Vigie's Ed25519 key) can.
 */
import type { KeyObject } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../errors/app-error.js';
import type { Database, Dialect } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import { appendAuditEvent } from './append.js';
import {
  type CheckpointSummary,
  checkStatement,
  compareWithChain,
  parseStatement,
} from './checkpoint-check.js';
import {
  CHECKPOINT_FORMAT,
  type CheckpointStatement,
  checkpointStatementSchema,
  signStatement,
} from './checkpoint-statement.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { type AuditVerification, CHECKPOINT_ACTION, type VerifyOptions, verifyAuditChain } from './verify.js';

export interface CheckpointDeps {
  readonly config: { readonly auditKeyFile: string };
  readonly store: Pick<Store, 'transaction' | 'dialect'>;
  readonly clock: Clock;
}

export interface CheckpointInput {
  /** Who asked for it, e.g. `user:alice` or `cli:root`: a checkpoint is itself an audited action. */
  readonly actor: string;
  /** Context recorded with the audit event (ip, user agent...). */
  readonly meta?: unknown;
}

/**
 * Signs the chain's current length and head hash, records the checkpoint in the chain, and returns
 * the statement for the customer to keep. Refuses (AUDIT_BROKEN) to sign a chain that does not verify.
 */
export async function createCheckpoint(
  deps: CheckpointDeps,
  input: CheckpointInput,
): Promise<CheckpointStatement> {
  const key = loadOrCreateSigningKey(deps.config.auditKeyFile);
  return await deps.store.transaction(async (trx) => {
    // Hold the appenders' lock so that the head we sign is the head we record after.
    await lockChain(trx, deps.store.dialect);
    const chain = await verifyAuditChain(trx, { publicKey: key.publicKey });
    if (!chain.ok) {
      throw new AppError(
        'AUDIT_BROKEN',
        `The audit trail does not verify (${chain.findingCount} findings): refusing to sign it`,
        {
          hint: 'Run `vigie audit verify` to see what is wrong; a checkpoint would vouch for the damaged chain.',
          details: chain.findings,
        },
      );
    }
    const statement = signStatement(
      {
        format: CHECKPOINT_FORMAT,
        length: chain.length,
        headHash: chain.headHash,
        createdAt: deps.clock.now().toISOString(),
        keyId: key.keyId,
      } as const,
      key,
    );
    const { format: _format, publicKey: _publicKey, ...recorded } = statement;
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor: input.actor,
      action: CHECKPOINT_ACTION,
      targetKind: 'audit',
      targetKey: 'chain',
      after: recorded,
      meta: input.meta,
    });
    return statement;
  });
}

export interface CheckpointVerification extends AuditVerification {
  readonly checkpoint: CheckpointSummary;
}

export interface CheckpointVerifyOptions extends VerifyOptions {
  /** This Vigie's public signing key; null when it has none yet. */
  readonly publicKey: KeyObject | null;
}

/**
 * Checks a statement's signature and key, then that the chain is intact and still extends it: row
 * `length` exists and has hash `headHash`.
 */
export async function verifyAgainstCheckpoint(
  db: Kysely<Database>,
  statement: CheckpointStatement,
  options: CheckpointVerifyOptions,
): Promise<CheckpointVerification> {
  const early = checkStatement(statement, options.publicKey);
  const chain = await verifyAuditChain(db, options);
  const late = await compareWithChain(statement, chain.length, async (seq) => {
    const row = await db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirst();
    return row?.hash;
  });
  const findings = [...early.findings, ...chain.findings, ...late];
  const findingCount = early.findings.length + chain.findingCount + late.length;
  return { ...chain, ok: findingCount === 0, findings, findingCount, checkpoint: early.summary };
}

/** Reads a checkpoint statement from text; a malformed one is a BAD_INPUT error saying what is wrong in `source`. */
export function parseCheckpoint(text: string, source: string): CheckpointStatement {
  return parseStatement(text, source, checkpointStatementSchema, 'vigie audit checkpoint');
}

async function lockChain(trx: Kysely<Database>, dialect: Dialect): Promise<void> {
  // The same lock as appendAuditEvent's; SQLite's single connection already serialises writers.
  if (dialect === 'postgres')
    await sql`SELECT pg_advisory_xact_lock(hashtext('vigie.audit_events'))`.execute(trx);
}
