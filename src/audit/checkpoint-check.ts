/**
 * Checking a signed checkpoint against a hash chain, whichever chain it is (the audit trail, the
 * intervention journal): is the statement genuine and this Vigie's, and does the chain still reach
 * row `length` with hash `headHash`. Also reading a statement from text, for the commands.
 */
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { GENESIS_HASH } from './append.js';
import { type AuditFinding, missingRowsFinding, statementFinding } from './audit-finding.js';
import {
  keyIdOf,
  publicKeyFromPem,
  type SignedStatement,
  sameKey,
  signatureMatches,
} from './checkpoint-statement.js';

/** What a verification says about the statement itself. */
export interface CheckpointSummary {
  readonly length: number;
  readonly headHash: string;
  readonly createdAt: string;
  readonly keyId: string;
  /** The signature verifies with the key in the statement. */
  readonly signatureValid: boolean;
  /** The statement's key is this Vigie's key (null: this Vigie has no key to compare with). */
  readonly signedByThisVigie: boolean | null;
}

/** Checks a statement's signature and key; the findings say what is wrong with it. */
export function checkStatement(
  statement: SignedStatement,
  ownKey: KeyObject | null,
): { readonly summary: CheckpointSummary; readonly findings: AuditFinding[] } {
  const statementKey = publicKeyFromPem(statement.publicKey);
  const signatureValid =
    keyIdOf(statementKey) === statement.keyId &&
    signatureMatches(statement, statement.signature, statementKey);
  const signedByThisVigie = ownKey === null ? null : sameKey(statementKey, ownKey);
  const findings: AuditFinding[] = [];
  if (!signatureValid) {
    findings.push(
      statementFinding(
        'checkpoint_signature',
        "the checkpoint's signature does not verify: the statement was altered or forged",
      ),
    );
  }
  if (ownKey === null) {
    findings.push(
      statementFinding(
        'checkpoint_key',
        'this Vigie has no signing key, so it cannot have signed this checkpoint',
      ),
    );
  } else if (signedByThisVigie === false) {
    findings.push(
      statementFinding(
        'checkpoint_key',
        `the checkpoint is signed by key ${keyIdOf(statementKey)}, not by this Vigie's key ${keyIdOf(ownKey)}`,
      ),
    );
  }
  const { length, headHash, createdAt, keyId } = statement;
  return { summary: { length, headHash, createdAt, keyId, signatureValid, signedByThisVigie }, findings };
}

/**
 * Whether a chain of `chainLength` rows still extends the statement: row `length` exists and has
 * hash `headHash`. `hashAt` reads the hash of one row (undefined when it is gone).
 */
export async function compareWithChain(
  statement: Pick<SignedStatement, 'length' | 'headHash'>,
  chainLength: number,
  hashAt: (seq: number) => Promise<string | undefined>,
): Promise<AuditFinding[]> {
  const { length, headHash } = statement;
  if (chainLength < length) {
    return [
      missingRowsFinding(
        'checkpoint_truncated',
        chainLength + 1,
        length,
        `deleted: the chain is shorter than the checkpoint (${chainLength} rows, the checkpoint has ${length})`,
      ),
    ];
  }
  const hash = length === 0 ? GENESIS_HASH : await hashAt(length);
  if (hash === undefined) {
    return [
      missingRowsFinding(
        'checkpoint_truncated',
        length,
        length,
        'deleted: the checkpoint names it and it no longer exists',
      ),
    ];
  }
  if (hash !== headHash) {
    return [
      statementFinding(
        'checkpoint_mismatch',
        `row ${length} differs from the checkpoint: it hashes to ${hash.slice(0, 12)}, the checkpoint recorded ${headHash.slice(0, 12)}: the chain was rewritten`,
        length,
      ),
    ];
  }
  return [];
}

/**
 * Reads a statement from text; a malformed one is a BAD_INPUT error saying what is wrong in `source`.
 * `command` names the command that writes such statements, for the hint.
 */
export function parseStatement<Statement>(
  text: string,
  source: string,
  schema: z.ZodType<Statement>,
  command: string,
): Statement {
  const hint = `A checkpoint is the JSON printed by \`${command}\`; give the file exactly as it was saved.`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `${source} is not a checkpoint: not JSON (${(cause as Error).message})`, {
      hint,
      cause,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(statement)'}: ${issue.message}`,
    );
    throw new AppError('BAD_INPUT', `${source} is not a valid checkpoint:\n  ${problems.join('\n  ')}`, {
      hint,
      details: problems,
    });
  }
  return parsed.data;
}
