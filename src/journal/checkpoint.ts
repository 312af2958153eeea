/**
 * Signed checkpoints of the intervention journal, made like the audit trail's (the same key, the same
 * statement and checks, src/audit/checkpoint-*.ts) but with their own format: a statement of the
 * journal's length and head hash, kept outside Vigie, proves later that no newest entry was deleted
 * and that the chain was not rewritten. Each checkpoint is recorded in the audit trail.
 */
import type { KeyObject } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { appendAuditEvent } from '../audit/append.js';
import type { CheckpointDeps, CheckpointInput } from '../audit/checkpoint.js';
import {
  type CheckpointSummary,
  checkStatement,
  compareWithChain,
  parseStatement,
} from '../audit/checkpoint-check.js';
import { checkpointStatementSchemaOf, signStatement } from '../audit/checkpoint-statement.js';
import { listAuditEvents } from '../audit/list-events.js';
import { loadOrCreateSigningKey } from '../audit/signing-key.js';
import { AppError } from '../errors/app-error.js';
import type { Database } from '../store/database.js';
import {
  type JournalFinding,
  type JournalVerification,
  type JournalVerifyOptions,
  toJournalFinding,
  verifyJournalChain,
} from './verify.js';

export const JOURNAL_CHECKPOINT_FORMAT = 'vigie-journal-checkpoint/1';

/** The action of the audit event that records a journal checkpoint; its `after` holds the signed fields. */
export const JOURNAL_CHECKPOINT_ACTION = 'journal.checkpoint';

export const journalCheckpointStatementSchema = checkpointStatementSchemaOf(JOURNAL_CHECKPOINT_FORMAT);

export type JournalCheckpointStatement = z.infer<typeof journalCheckpointStatementSchema>;

/**
 * Signs the journal's current length and head hash, records the checkpoint in the audit trail, and
 * returns the statement to keep. Refuses (AUDIT_BROKEN) to sign a journal that does not verify.
 */
export async function createJournalCheckpoint(
  deps: CheckpointDeps,
  input: CheckpointInput,
): Promise<JournalCheckpointStatement> {
  const key = loadOrCreateSigningKey(deps.config.auditKeyFile);
  return await deps.store.transaction(async (trx) => {
    // appendJournalEntry's lock, so the head we sign stays the head until the checkpoint is recorded
    // (then the audit trail's lock, taken by appendAuditEvent: always in this order).
    if (deps.store.dialect === 'postgres')
      await sql`SELECT pg_advisory_xact_lock(hashtext('vigie.journal_entries'))`.execute(trx);
    const chain = await verifyJournalChain(trx);
    if (!chain.ok) {
      throw new AppError(
        'AUDIT_BROKEN',
        `The intervention journal does not verify (${chain.findingCount} findings): refusing to sign it`,
        {
          hint: 'Run `vigie journal verify` to see what is wrong; a checkpoint would vouch for the damaged journal.',
          details: chain.findings,
        },
      );
    }
    const statement = signStatement(
      {
        format: JOURNAL_CHECKPOINT_FORMAT,
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
      action: JOURNAL_CHECKPOINT_ACTION,
      targetKind: 'journal',
      targetKey: 'chain',
      after: recorded,
      meta: input.meta,
    });
    return statement;
  });
}

export interface JournalCheckpointVerification extends JournalVerification {
  readonly checkpoint: CheckpointSummary;
}

export interface JournalCheckpointVerifyOptions extends JournalVerifyOptions {
  /** This Vigie's public signing key; null when it has none yet. */
  readonly publicKey: KeyObject | null;
}

/**
 * Checks a statement's signature and key, then that the journal is intact and still extends it:
 * entry `length` exists and has hash `headHash`.
 */
export async function verifyJournalAgainstCheckpoint(
  db: Kysely<Database>,
  statement: JournalCheckpointStatement,
  options: JournalCheckpointVerifyOptions,
): Promise<JournalCheckpointVerification> {
  const early = checkStatement(statement, options.publicKey);
  const chain = await verifyJournalChain(db, options);
  const late = await compareWithChain(statement, chain.length, async (seq) => {
    const row = await db
      .selectFrom('journal_entries')
      .select('hash')
      .where('seq', '=', seq)
      .executeTakeFirst();
    return row?.hash;
  });
  const findings: JournalFinding[] = [
    ...early.findings.map(toJournalFinding),
    ...chain.findings,
    ...late.map(toJournalFinding),
  ];
  const findingCount = early.findings.length + chain.findingCount + late.length;
  return { ...chain, ok: findingCount === 0, findings, findingCount, checkpoint: early.summary };
}

/** Reads a journal checkpoint from text; a malformed one is a BAD_INPUT error naming `source`. */
export function parseJournalCheckpoint(text: string, source: string): JournalCheckpointStatement {
  return parseStatement(text, source, journalCheckpointStatementSchema, 'vigie journal checkpoint');
}

/** A journal checkpoint as recorded in the audit trail. */
export interface RecordedJournalCheckpoint {
  /** The audit event that records it. */
  readonly auditSeq: number;
  readonly actor: string;
  readonly length: number;
  readonly headHash: string;
  readonly createdAt: string;
  readonly keyId: string;
}

/** The journal checkpoints made so far, newest first (at most `limit`). */
export async function listJournalCheckpoints(
  db: Kysely<Database>,
  limit = 50,
): Promise<RecordedJournalCheckpoint[]> {
  const events = await listAuditEvents(db, { action: JOURNAL_CHECKPOINT_ACTION, limit });
  return events.flatMap((event) => {
    const after = event.after as Partial<Record<string, unknown>> | null;
    if (
      after === null ||
      typeof after !== 'object' ||
      typeof after.length !== 'number' ||
      typeof after.headHash !== 'string' ||
      typeof after.createdAt !== 'string' ||
      typeof after.keyId !== 'string'
    ) {
      // Not written by Vigie: `vigie audit verify` reports the row; the list shows what it can.
      return [];
    }
    return [
      {
        auditSeq: event.seq,
        actor: event.actor,
        length: after.length,
        headHash: after.headHash,
        createdAt: after.createdAt,
        keyId: after.keyId,
      },
    ];
  });
}
