/**
 * Walks a hash chain (the audit trail, the intervention journal) in `seq` order, in batches so that
 * memory stays flat whatever its length, and reports every altered, inserted or deleted row it finds.
 * What is specific to a chain (its table, its hash function, how its rows are named) comes from the caller.
 */
import { GENESIS_HASH } from './append.js';
import { type FindingList, missingRowsFinding, type RowIdentity, rowFinding } from './audit-finding.js';

/** What every chained row has. */
export interface ChainRow {
  readonly seq: number;
  readonly prev_hash: string;
  readonly hash: string;
}

export interface ChainSpec<Row extends ChainRow> {
  /** Up to `limit` rows with `seq > afterSeq` (from the start when null), in `seq` order. */
  readonly readBatch: (afterSeq: number | null, limit: number) => Promise<Row[]>;
  /** The hash the row should carry, from everything but its `hash`. */
  readonly hashRow: (unhashed: Omit<Row, 'hash'>) => string;
  /** How findings name the row. */
  readonly identify: (row: Row) => RowIdentity;
  /** Rows read per query (default 1000). */
  readonly batchSize?: number | undefined;
  /** Called for each row that has a place in the chain, with whether its content is intact. */
  readonly onRow?: ((row: Row, intact: boolean) => void) | undefined;
}

export interface ChainWalk<Row extends ChainRow> {
  /** Number of rows in the chain. */
  readonly count: number;
  /** `seq` of the newest row (0 when empty). */
  readonly length: number;
  /** Hash of the newest row (the genesis hash when empty). */
  readonly headHash: string;
  /** The newest row, if any. */
  readonly last: Row | null;
}

interface PreviousRow<Row> {
  readonly row: Row;
  readonly intact: boolean;
}

/** Walks the whole chain, adding what it finds wrong to `findings`; never throws on a broken chain. */
export async function walkChain<Row extends ChainRow>(
  spec: ChainSpec<Row>,
  findings: FindingList,
): Promise<ChainWalk<Row>> {
  const batchSize = spec.batchSize ?? 1000;
  let previous: PreviousRow<Row> | null = null;
  let count = 0;
  let afterSeq: number | null = null;
  for (;;) {
    const rows: Row[] = await spec.readBatch(afterSeq, batchSize);
    for (const row of rows) {
      const intact: boolean = checkRow(spec, row, previous, findings);
      if (row.seq < 1) continue;
      count += 1;
      previous = { row, intact };
      spec.onRow?.(row, intact);
    }
    const last: Row | undefined = rows.at(-1);
    if (last === undefined || rows.length < batchSize) break;
    afterSeq = last.seq;
  }
  return {
    count,
    length: previous?.row.seq ?? 0,
    headHash: previous?.row.hash ?? GENESIS_HASH,
    last: previous?.row ?? null,
  };
}

/** Checks one row against its own hash and its predecessor; returns whether its content is intact. */
function checkRow<Row extends ChainRow>(
  spec: ChainSpec<Row>,
  row: Row,
  previous: PreviousRow<Row> | null,
  findings: FindingList,
): boolean {
  const { hash, ...unhashed } = row;
  const intact = spec.hashRow(unhashed) === hash;
  const named = spec.identify(row);
  if (!intact)
    findings.add(rowFinding('altered', named, 'was altered: its content no longer matches its hash'));
  if (row.seq < 1) {
    findings.add(rowFinding('inserted', named, 'was inserted: the chain starts at row 1'));
    return intact;
  }
  if (previous === null) {
    if (row.seq > 1) {
      findings.add(
        missingRowsFinding('deleted', 1, row.seq - 1, `deleted: the chain starts at row ${row.seq}`),
      );
    } else if (intact && row.prev_hash !== GENESIS_HASH) {
      findings.add(
        rowFinding('inserted', named, 'was inserted or replaced: it does not start from the genesis hash'),
      );
    }
    return intact;
  }
  const before = previous.row;
  if (row.seq > before.seq + 1) {
    findings.add(
      missingRowsFinding(
        'deleted',
        before.seq + 1,
        row.seq - 1,
        `deleted: row ${row.seq} follows row ${before.seq}`,
      ),
    );
  } else if (row.prev_hash !== before.hash && previous.intact && intact) {
    // Both rows hash correctly, yet the newer one was chained to another predecessor: the older
    // one was put in place afterwards (its hash recomputed by whoever replaced it).
    findings.add(
      rowFinding(
        'inserted',
        spec.identify(before),
        `was inserted or replaced: it hashes correctly, but row ${row.seq} was chained to a different row ${before.seq}`,
      ),
    );
  }
  return intact;
}
