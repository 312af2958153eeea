/**
 * Signed checkpoints of the audit trail. A chain alone cannot show that its newest rows were deleted
 * or that it was rewritten from end to end; a checkpoint kept outside Vigie (its length and head hash,
 * signed with Vigie's Ed25519 key) can.
 */
import { type KeyObject, sign } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../errors/app-error.js';
import type { Database, Dialect } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import { appendAuditEvent, GENESIS_HASH } from './append.js';
import { type AuditFinding, missingRowsFinding, statementFinding } from './audit-finding.js';
import {
  CHECKPOINT_FORMAT,
  type CheckpointStatement,
  checkpointStatementSchema,
  keyIdOf,
  publicKeyFromPem,
  sameKey,
  signatureMatches,
  signedCheckpointMessage,
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
    const fields = {
      format: CHECKPOINT_FORMAT,
      length: chain.length,
      headHash: chain.headHash,
      createdAt: deps.clock.now().toISOString(),
      keyId: key.keyId,
    } as const;
    const signature = sign(null, signedCheckpointMessage(fields), key.privateKey).toString('base64');
    const { format: _format, ...recorded } = fields;
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor: input.actor,
      action: CHECKPOINT_ACTION,
      targetKind: 'audit',
      targetKey: 'chain',
      after: { ...recorded, signature },
      meta: input.meta,
    });
    return { ...fields, publicKey: key.publicKeyPem, signature };
  });
}

export interface CheckpointVerification extends AuditVerification {
  readonly checkpoint: {
    readonly length: number;
    readonly headHash: string;
    readonly createdAt: string;
    readonly keyId: string;
    /** The signature verifies with the key in the statement. */
    readonly signatureValid: boolean;
    /** The statement's key is this Vigie's key (null: this Vigie has no key to compare with). */
    readonly signedByThisVigie: boolean | null;
  };
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
  const statementKey = publicKeyFromPem(statement.publicKey);
  const signatureValid =
    keyIdOf(statementKey) === statement.keyId &&
    signatureMatches(statement, statement.signature, statementKey);
  const ownKey = options.publicKey;
  const signedByThisVigie = ownKey === null ? null : sameKey(statementKey, ownKey);
  const early: AuditFinding[] = [];
  if (!signatureValid) {
    early.push(
      statementFinding(
        'checkpoint_signature',
        "the checkpoint's signature does not verify: the statement was altered or forged",
      ),
    );
  }
  if (ownKey === null) {
    early.push(
      statementFinding(
        'checkpoint_key',
        'this Vigie has no signing key, so it cannot have signed this checkpoint',
      ),
    );
  } else if (signedByThisVigie === false) {
    early.push(
      statementFinding(
        'checkpoint_key',
        `the checkpoint is signed by key ${keyIdOf(statementKey)}, not by this Vigie's key ${keyIdOf(ownKey)}`,
      ),
    );
  }
  const chain = await verifyAuditChain(db, options);
  const late = await compareWithChain(db, statement, chain);
  const findings = [...early, ...chain.findings, ...late];
  const findingCount = early.length + chain.findingCount + late.length;
  return {
    ...chain,
    ok: findingCount === 0,
    findings,
    findingCount,
    checkpoint: {
      length: statement.length,
      headHash: statement.headHash,
      createdAt: statement.createdAt,
      keyId: statement.keyId,
      signatureValid,
      signedByThisVigie,
    },
  };
}

async function compareWithChain(
  db: Kysely<Database>,
  statement: CheckpointStatement,
  chain: AuditVerification,
): Promise<AuditFinding[]> {
  const { length, headHash } = statement;
  if (chain.length < length) {
    return [
      missingRowsFinding(
        'checkpoint_truncated',
        chain.length + 1,
        length,
        `deleted: the chain is shorter than the checkpoint (${chain.length} rows, the checkpoint has ${length})`,
      ),
    ];
  }
  const row =
    length === 0
      ? { hash: GENESIS_HASH }
      : await db.selectFrom('audit_events').select('hash').where('seq', '=', length).executeTakeFirst();
  if (row === undefined) {
    return [
      missingRowsFinding(
        'checkpoint_truncated',
        length,
        length,
        'deleted: the checkpoint names it and it no longer exists',
      ),
    ];
  }
  if (row.hash !== headHash) {
    return [
      statementFinding(
        'checkpoint_mismatch',
        `row ${length} differs from the checkpoint: it hashes to ${row.hash.slice(0, 12)}, the checkpoint recorded ${headHash.slice(0, 12)}: the chain was rewritten`,
        length,
      ),
    ];
  }
  return [];
}

/** Reads a checkpoint statement from text; a malformed one is a BAD_INPUT error saying what is wrong in `source`. */
export function parseCheckpoint(text: string, source: string): CheckpointStatement {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `${source} is not a checkpoint: not JSON (${(cause as Error).message})`, {
      hint: 'A checkpoint is the JSON printed by `vigie audit checkpoint`; give the file exactly as it was saved.',
      cause,
    });
  }
  const parsed = checkpointStatementSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(statement)'}: ${issue.message}`,
    );
    throw new AppError('BAD_INPUT', `${source} is not a valid checkpoint:\n  ${problems.join('\n  ')}`, {
      hint: 'A checkpoint is the JSON printed by `vigie audit checkpoint`; give the file exactly as it was saved.',
      details: problems,
    });
  }
  return parsed.data;
}

async function lockChain(trx: Kysely<Database>, dialect: Dialect): Promise<void> {
  // The same lock as appendAuditEvent's; SQLite's single connection already serialises writers.
  if (dialect === 'postgres')
    await sql`SELECT pg_advisory_xact_lock(hashtext('vigie.audit_events'))`.execute(trx);
}
