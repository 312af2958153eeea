/**
 * Verifies the audit trail: walks the chain in `seq` order (see chain-walk.ts), in batches so that
 * memory stays flat whatever its length, and reports every altered, inserted or deleted row it finds,
 * and every checkpoint recorded in the chain that the rows no longer match.
 */
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { GENESIS_HASH, hashAuditRow } from './append.js';
import { type AuditFinding, FindingList, rowFinding } from './audit-finding.js';
import { walkChain } from './chain-walk.js';
import { CHECKPOINT_FORMAT, keyIdOf, signatureMatches } from './checkpoint-statement.js';
import type { AuditEventsTable } from './tables.js';

/** The action of the audit event that records a checkpoint; its `after` holds the signed fields. */
export const CHECKPOINT_ACTION = 'audit.checkpoint';

export interface AuditVerification {
  /** True when nothing was found wrong. */
  readonly ok: boolean;
  /** Number of rows in the chain. */
  readonly count: number;
  /** `seq` of the newest row (0 when empty). */
  readonly length: number;
  /** Hash of the newest row (the genesis hash when empty). */
  readonly headHash: string;
  /** The first findings, in chain order (at most `maxFindings`). */
  readonly findings: readonly AuditFinding[];
  /** How many findings there were in all. */
  readonly findingCount: number;
  /** How many checkpoints recorded in the chain were checked against the rows they name. */
  readonly recordedCheckpoints: number;
}

export interface VerifyOptions {
  /** Rows read per query (default 1000). */
  readonly batchSize?: number;
  /** Findings kept in the report (default 100); the rest are only counted. */
  readonly maxFindings?: number;
  /** Vigie's public signing key: when given, the signatures of recorded checkpoints are checked too. */
  readonly publicKey?: KeyObject | null;
}

interface RecordedCheckpoint {
  readonly row: AuditEventsTable;
  readonly fields: {
    length: number;
    headHash: string;
    createdAt: string;
    keyId: string;
    signature: string;
  } | null;
}

/** Checks the whole chain; never throws on a broken chain, it reports it. */
export async function verifyAuditChain(
  db: Kysely<Database>,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const findings = new FindingList(options.maxFindings ?? 100);
  const recorded: RecordedCheckpoint[] = [];
  const chain = await walkChain<AuditEventsTable>(
    {
      readBatch: (afterSeq, limit) =>
        db
          .selectFrom('audit_events')
          .selectAll()
          .$if(afterSeq !== null, (query) => query.where('seq', '>', afterSeq as number))
          .orderBy('seq')
          .limit(limit)
          .execute(),
      hashRow: hashAuditRow,
      identify: (row) => row,
      batchSize: options.batchSize,
      onRow: (row, intact) => {
        if (intact && row.action === CHECKPOINT_ACTION)
          recorded.push({ row, fields: readCheckpointFields(row) });
      },
    },
    findings,
  );
  await checkRecordedCheckpoints(db, recorded, options.publicKey ?? null, findings);
  return {
    ok: findings.count === 0,
    count: chain.count,
    length: chain.length,
    headHash: chain.headHash,
    findings: findings.items,
    findingCount: findings.count,
    recordedCheckpoints: recorded.length,
  };
}

function readCheckpointFields(row: AuditEventsTable): RecordedCheckpoint['fields'] {
  try {
    const value = JSON.parse(row.after ?? 'null') as Record<string, unknown> | null;
    if (
      value !== null &&
      typeof value.length === 'number' &&
      typeof value.headHash === 'string' &&
      typeof value.createdAt === 'string' &&
      typeof value.keyId === 'string' &&
      typeof value.signature === 'string'
    ) {
      const { length, headHash, createdAt, keyId, signature } = value;
      return { length, headHash, createdAt, keyId, signature };
    }
    return null;
  } catch (error) {
    // Unreadable JSON in an intact row cannot come from Vigie; reported by the caller as unreadable.
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/** Each checkpoint recorded in the chain must still match the row it names, and carry a valid signature. */
async function checkRecordedCheckpoints(
  db: Kysely<Database>,
  recorded: readonly RecordedCheckpoint[],
  publicKey: KeyObject | null,
  findings: FindingList,
): Promise<void> {
  const ownKeyId = publicKey === null ? null : keyIdOf(publicKey);
  for (let start = 0; start < recorded.length; start += 500) {
    const chunk = recorded.slice(start, start + 500);
    const named = chunk.flatMap(({ fields }) => (fields && fields.length > 0 ? [fields.length] : []));
    const hashes = new Map<number, string>();
    if (named.length > 0) {
      const rows = await db
        .selectFrom('audit_events')
        .select(['seq', 'hash'])
        .where('seq', 'in', named)
        .execute();
      for (const row of rows) hashes.set(row.seq, row.hash);
    }
    for (const { row, fields } of chunk) {
      if (fields === null) {
        findings.add(rowFinding('checkpoint_signature', row, 'records a checkpoint that cannot be read'));
        continue;
      }
      if (publicKey !== null && ownKeyId !== null) {
        if (fields.keyId !== ownKeyId) {
          findings.add(
            rowFinding(
              'checkpoint_key',
              row,
              `records a checkpoint signed by key ${fields.keyId}, not by this Vigie's key ${ownKeyId}`,
            ),
          );
        } else if (!signatureMatches({ format: CHECKPOINT_FORMAT, ...fields }, fields.signature, publicKey)) {
          findings.add(
            rowFinding(
              'checkpoint_signature',
              row,
              'records a checkpoint whose signature does not verify: it was forged',
            ),
          );
        }
      }
      const actual = fields.length === 0 ? GENESIS_HASH : hashes.get(fields.length);
      if (actual !== undefined && actual !== fields.headHash) {
        findings.add(
          rowFinding(
            'checkpoint_mismatch',
            row,
            `records a checkpoint of row ${fields.length} with hash ${fields.headHash.slice(0, 12)}, but row ${fields.length} now hashes to ${actual.slice(0, 12)}: the chain was rewritten`,
          ),
        );
      }
    }
  }
}
