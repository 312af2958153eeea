/** What a verification of the audit trail found wrong, each finding naming the rows it is about. */

export type AuditFindingKind =
  /** A row's content no longer matches its hash. */
  | 'altered'
  /** A row hashes correctly but is not the row its successor was chained to (or has no place in the chain). */
  | 'inserted'
  /** Rows are missing: a gap in `seq`. */
  | 'deleted'
  /** A checkpoint's signature does not verify (altered or forged statement). */
  | 'checkpoint_signature'
  /** A checkpoint is signed by another key than this Vigie's. */
  | 'checkpoint_key'
  /** The chain is shorter than a checkpoint: its newest rows were deleted. */
  | 'checkpoint_truncated'
  /** The row a checkpoint names no longer has the hash the checkpoint recorded. */
  | 'checkpoint_mismatch';

export interface AuditFinding {
  readonly kind: AuditFindingKind;
  /** The row the finding is about, or the first row of a missing range. */
  readonly seq: number | null;
  /** The last row of a missing range. */
  readonly toSeq: number | null;
  /** Time, actor and action of the row named by `seq`, when it still exists. */
  readonly at: string | null;
  readonly actor: string | null;
  readonly action: string | null;
  /** One sentence for people. */
  readonly message: string;
}

/** The parts of a row a finding quotes. */
export interface RowIdentity {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
}

/** A finding about an existing row. */
export function rowFinding(kind: AuditFindingKind, row: RowIdentity, explanation: string): AuditFinding {
  return {
    kind,
    seq: row.seq,
    toSeq: null,
    at: row.at,
    actor: row.actor,
    action: row.action,
    message: `row ${row.seq} (${row.at}, ${row.actor}, ${row.action}) ${explanation}`,
  };
}

/** A finding about rows that no longer exist, `fromSeq..toSeq`. */
export function missingRowsFinding(
  kind: 'deleted' | 'checkpoint_truncated',
  fromSeq: number,
  toSeq: number,
  explanation: string,
): AuditFinding {
  return {
    kind,
    seq: fromSeq,
    toSeq,
    at: null,
    actor: null,
    action: null,
    message: `${rowRange(fromSeq, toSeq)} ${explanation}`,
  };
}

/** A finding about a checkpoint statement rather than a row. */
export function statementFinding(
  kind: AuditFindingKind,
  message: string,
  seq: number | null = null,
): AuditFinding {
  return { kind, seq, toSeq: null, at: null, actor: null, action: null, message };
}

/** `row 7` or `rows 7..9`. */
export function rowRange(fromSeq: number, toSeq: number): string {
  return fromSeq === toSeq ? `row ${fromSeq}` : `rows ${fromSeq}..${toSeq}`;
}

/** Keeps the first `max` findings and counts the rest, so a wrecked chain cannot exhaust memory. */
export class FindingList {
  readonly #max: number;
  readonly #items: AuditFinding[] = [];
  #count = 0;

  constructor(max: number) {
    this.#max = max;
  }

  add(finding: AuditFinding): void {
    this.#count += 1;
    if (this.#items.length < this.#max) this.#items.push(finding);
  }

  get items(): readonly AuditFinding[] {
    return this.#items;
  }

  get count(): number {
    return this.#count;
  }
}
