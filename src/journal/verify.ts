/**
 * Verifies the intervention journal's hash chain with the same walker as the audit trail: every
 * altered, inserted or deleted entry is reported, named by its seq, start time, actor and summary.
 */
import type { Kysely } from 'kysely';
import { type AuditFinding, FindingList } from '../audit/audit-finding.js';
import { walkChain } from '../audit/chain-walk.js';
import type { CheckpointSummary } from '../audit/checkpoint-check.js';
import type { Database } from '../store/database.js';
import { formatInstant } from '../time/format.js';
import { hashJournalRow } from './append.js';
import type { JournalEntriesTable } from './tables.js';

/**
 * What can be wrong: entries altered, inserted or deleted (the chain walk), and, against a signed
 * checkpoint (checkpoint.ts), a statement forged or by another key, the newest entries deleted, or
 * the chain rewritten.
 */
export type JournalFindingKind =
  | 'altered'
  | 'inserted'
  | 'deleted'
  | 'checkpoint_signature'
  | 'checkpoint_key'
  | 'checkpoint_truncated'
  | 'checkpoint_mismatch';

export interface JournalFinding {
  readonly kind: JournalFindingKind;
  /** The entry the finding is about, or the first entry of a missing range. */
  readonly seq: number | null;
  /** The last entry of a missing range. */
  readonly toSeq: number | null;
  /** Start time, actor and summary of the entry named by `seq`, when it still exists. */
  readonly startedAt: string | null;
  readonly actor: string | null;
  readonly summary: string | null;
  /** One sentence for people. */
  readonly message: string;
}

export interface JournalVerification {
  /** True when nothing was found wrong. */
  readonly ok: boolean;
  /** Number of entries in the chain. */
  readonly count: number;
  /** `seq` of the newest entry (0 when empty). */
  readonly length: number;
  /** Hash of the newest entry (the genesis hash when empty). */
  readonly headHash: string;
  /** The first findings, in chain order (at most `maxFindings`). */
  readonly findings: readonly JournalFinding[];
  /** How many findings there were in all. */
  readonly findingCount: number;
}

export interface JournalVerifyOptions {
  /** Entries read per query (default 1000). */
  readonly batchSize?: number;
  /** Findings kept in the report (default 100); the rest are only counted. */
  readonly maxFindings?: number;
}

/** Checks the whole journal chain; never throws on a broken chain, it reports it. */
export async function verifyJournalChain(
  db: Kysely<Database>,
  options: JournalVerifyOptions = {},
): Promise<JournalVerification> {
  const findings = new FindingList(options.maxFindings ?? 100);
  const chain = await walkChain<JournalEntriesTable>(
    {
      readBatch: (afterSeq, limit) =>
        db
          .selectFrom('journal_entries')
          .selectAll()
          .$if(afterSeq !== null, (query) => query.where('seq', '>', afterSeq as number))
          .orderBy('seq')
          .limit(limit)
          .execute(),
      hashRow: hashJournalRow,
      identify: (row) => ({ seq: row.seq, at: row.started_at, actor: row.actor, action: row.summary }),
      batchSize: options.batchSize,
    },
    findings,
  );
  return {
    ok: findings.count === 0,
    count: chain.count,
    length: chain.length,
    headHash: chain.headHash,
    findings: findings.items.map(toJournalFinding),
    findingCount: findings.count,
  };
}

/**
 * `journal intact: N entries, head <hash12>`, or the list of findings, times in `timeZone`; with the
 * checkpoint the journal was checked against, when there was one.
 */
export function formatJournalVerification(
  result: JournalVerification & { readonly checkpoint?: CheckpointSummary },
  timeZone: string,
): string[] {
  const lines: string[] = [];
  if (result.ok) lines.push(`journal intact: ${result.count} entries, head ${result.headHash.slice(0, 12)}`);
  else {
    const n = result.findingCount;
    lines.push(`journal BROKEN: ${n} finding${n === 1 ? '' : 's'} in ${result.count} entries`);
    const width = Math.max(...result.findings.map((finding) => finding.kind.length));
    for (const finding of result.findings) {
      const message =
        finding.startedAt === null
          ? finding.message
          : finding.message.replace(finding.startedAt, formatInstant(finding.startedAt, timeZone));
      lines.push(`  ${finding.kind.padEnd(width)}  ${message}`);
    }
    const hidden = n - result.findings.length;
    if (hidden > 0) lines.push(`  ... and ${hidden} more`);
  }
  const { checkpoint } = result;
  if (checkpoint !== undefined) {
    const when = formatInstant(checkpoint.createdAt, timeZone);
    const head = `${checkpoint.length} entries, head ${checkpoint.headHash.slice(0, 12)}`;
    const key =
      checkpoint.signedByThisVigie === true
        ? `signed by this Vigie's key ${checkpoint.keyId}`
        : `key ${checkpoint.keyId}`;
    lines.push(`${result.ok ? 'extends' : 'checked against'} checkpoint of ${when} (${head}), ${key}`);
  }
  return lines;
}

/** A finding of the shared chain and checkpoint checks, in the journal's words. */
export function toJournalFinding(finding: AuditFinding): JournalFinding {
  return {
    // The walker and the checkpoint checks report only these kinds (no audit-only kind exists).
    kind: finding.kind as JournalFindingKind,
    seq: finding.seq,
    toSeq: finding.toSeq,
    startedAt: finding.at,
    actor: finding.actor,
    summary: finding.action,
    message: finding.message,
  };
}
