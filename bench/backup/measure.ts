/**
 * Wall time and CPU of one measure: the bench process's own CPU plus that of every child it waited for
 * (pg_dump, zstd, restic, pg_restore and their own children), read from /proc/self/stat, since Node's
 * resource usage covers the process alone. The database server's own work is not in it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface Sample {
  readonly wallMs: number;
  /** CPU of the bench process and its waited-for children, user + system. */
  readonly cpuMs: number;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU of the children this process reaped so far (cutime + cstime), in ms. */
function childrenCpuMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command's closing parenthesis start at field 3 (state); cutime and cstime are 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/** CPU so far of this process and of the children it reaped, in ms: subtract two readings. */
export function cpuNowMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000 + childrenCpuMs();
}

/** Runs `work` and measures it; the work's own result comes back beside the sample. */
export async function measure<T>(work: () => Promise<T>): Promise<{ sample: Sample; result: T }> {
  const cpuBefore = cpuNowMs();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  return { sample: { wallMs, cpuMs: cpuNowMs() - cpuBefore }, result };
}

/** Empties the page cache (root only), so the next measure reads the database from disk. */
export function dropCaches(): void {
  execFileSync('sync');
  try {
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3\n');
  } catch (error) {
    throw new Error(
      `--drop-caches: cannot write /proc/sys/vm/drop_caches (${(error as Error).message}): run the bench as root, or without --drop-caches`,
    );
  }
}

/** The middle value (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Bytes of every file under `dir` (a restic repository's size on disk). */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += fs.statSync(`${entry.parentPath}/${entry.name}`).size;
  }
  return total;
}
