/** The bench's figures from its samples: medians per measure, throughput, and the ratios. */
import { median, type Sample } from './measure.js';

export type MeasureId =
  | 'pg_dump_null'
  | 'pg_dump_gzip'
  | 'pg_dump_zstd'
  | 'pg_dump_restic'
  | 'restic_file'
  | 'vigie_backup'
  | 'vigie_backup_verified'
  | 'vigie_second_backup'
  | 'vigie_restore'
  | 'pg_restore'
  | 'mariadb_dump_null'
  | 'mariadb_dump_zstd'
  | 'vigie_mariadb_backup'
  | 'vigie_mariadb_backup_verified';

export interface MeasureFigures {
  readonly id: MeasureId;
  readonly engine: 'postgresql' | 'mariadb';
  readonly label: string;
  readonly samples: readonly Sample[];
  readonly wallMs: number;
  readonly cpuMs: number;
  /** The uncompressed dump's size (pg_dump -Fc -Z0, or mariadb-dump's SQL): the throughput's basis. */
  readonly dumpBytes: number;
  readonly mbPerSecond: number;
  /** What it stored: the file, or what the restic repository grew by; null when it stores nothing. */
  readonly storedBytes: number | null;
}

export interface Ratio {
  readonly label: string;
  readonly value: number;
  readonly target: string | null;
  readonly met: boolean | null;
}

const LABELS: Record<MeasureId, string> = {
  vigie_backup: 'Vigie backup (pg_dump -Fc -Z0 → SHA-256 → restic, encrypted)',
  vigie_backup_verified: 'Vigie backup + full read-back verification',
  pg_dump_null: 'pg_dump -Fc -Z0 > /dev/null (extraction limit)',
  pg_dump_gzip: 'pg_dump -Fc > file (built-in gzip)',
  pg_dump_zstd: 'pg_dump -Fc -Z0 | zstd -T2 > file',
  pg_dump_restic: 'pg_dump -Fc -Z0 | restic backup --stdin (by hand)',
  restic_file: 'restic backup FILE (restic alone, on the -Z0 dump file)',
  vigie_second_backup: 'Vigie second backup, 1 % of orders changed',
  vigie_restore: 'Vigie restore (restic dump → pg_restore -j2)',
  pg_restore: 'pg_restore -j2 of the same archive, from a local file',
  vigie_mariadb_backup: 'Vigie backup (mariadb-dump → SHA-256 → restic, encrypted)',
  vigie_mariadb_backup_verified: 'Vigie backup + full read-back verification',
  mariadb_dump_null: 'mariadb-dump > /dev/null (extraction limit)',
  mariadb_dump_zstd: 'mariadb-dump | zstd -T2 > file',
};

const ORDER: readonly MeasureId[] = Object.keys(LABELS) as MeasureId[];

export function summarize(
  all: ReadonlyMap<MeasureId, { samples: Sample[]; stored: number[]; dumpBytes: number[] }>,
): MeasureFigures[] {
  const figures: MeasureFigures[] = [];
  for (const id of ORDER) {
    const entry = all.get(id);
    if (entry === undefined) continue;
    const wallMs = median(entry.samples.map((s) => s.wallMs));
    const dumpBytes = median(entry.dumpBytes);
    figures.push({
      id,
      engine: id.includes('mariadb') ? 'mariadb' : 'postgresql',
      label: LABELS[id],
      samples: entry.samples,
      wallMs,
      cpuMs: median(entry.samples.map((s) => s.cpuMs)),
      dumpBytes,
      mbPerSecond: dumpBytes / 1_000_000 / (wallMs / 1000),
      storedBytes: entry.stored.length === 0 ? null : median(entry.stored),
    });
  }
  return figures;
}

export function ratiosOf(measures: readonly MeasureFigures[]): Ratio[] {
  const get = (id: MeasureId) => measures.find((m) => m.id === id);
  const ratios: Ratio[] = [];
  const add = (
    label: string,
    a: number | undefined,
    b: number | undefined,
    target: string | null,
    test?: (v: number) => boolean,
  ) => {
    if (a === undefined || b === undefined || b === 0) return;
    const value = a / b;
    ratios.push({ label, value, target, met: test === undefined ? null : test(value) });
  };
  const wall = (id: MeasureId) => get(id)?.wallMs;
  const stored = (id: MeasureId) => get(id)?.storedBytes ?? undefined;
  add(
    'Vigie backup ÷ (pg_dump -Fc -Z0 | zstd -T2)',
    wall('vigie_backup'),
    wall('pg_dump_zstd'),
    '≤ 1.1',
    (v) => v <= 1.1,
  );
  add('pg_dump -Fc (gzip) ÷ Vigie backup', wall('pg_dump_gzip'), wall('vigie_backup'), '≥ 3', (v) => v >= 3);
  add('Vigie restore ÷ pg_restore -j2', wall('vigie_restore'), wall('pg_restore'), '≤ 1.1', (v) => v <= 1.1);
  add(
    'second backup stored ÷ first backup stored',
    stored('vigie_second_backup'),
    stored('vigie_backup'),
    '≤ 0.1 (a small fraction)',
    (v) => v <= 0.1,
  );
  add(
    'Vigie backup ÷ (pg_dump -Fc -Z0 | restic --stdin) (what Vigie adds to its tools)',
    wall('vigie_backup'),
    wall('pg_dump_restic'),
    null,
  );
  add(
    'Vigie backup + verification ÷ (pg_dump -Fc -Z0 | zstd -T2)',
    wall('vigie_backup_verified'),
    wall('pg_dump_zstd'),
    null,
  );
  const cpu = (id: MeasureId) => get(id)?.cpuMs;
  add(
    'Vigie backup CPU ÷ (pg_dump -Fc -Z0 | zstd -T2) CPU (client side)',
    cpu('vigie_backup'),
    cpu('pg_dump_zstd'),
    null,
  );
  add('Vigie stored ÷ zstd file', stored('vigie_backup'), stored('pg_dump_zstd'), null);
  add(
    'Vigie MariaDB backup ÷ (mariadb-dump | zstd -T2)',
    wall('vigie_mariadb_backup'),
    wall('mariadb_dump_zstd'),
    null,
  );
  return ratios;
}
