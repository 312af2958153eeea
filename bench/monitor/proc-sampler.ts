/** CPU (utime+stime, children included) and resident memory of a process tree, read from /proc. */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime+stime+cutime+cstime, in milliseconds: the process and its children already reaped. */
  readonly cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields start after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    return { pid, ppid: Number(fields[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** `root` and every process descended from it. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat === undefined) continue;
    const siblings = parents.get(stat.ppid) ?? [];
    siblings.push(stat.pid);
    parents.set(stat.ppid, siblings);
  }
  const tree: number[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    tree.push(pid);
    queue.push(...(parents.get(pid) ?? []));
  }
  return tree;
}

/** CPU milliseconds used so far by each process of the trees rooted at `roots`. */
export function cpuByProcess(roots: readonly number[]): Map<number, number> {
  const usage = new Map<number, number>();
  for (const pid of roots.flatMap(processTree)) {
    const stat = readStat(pid);
    if (stat !== undefined) usage.set(pid, stat.cpuMs);
  }
  return usage;
}

/** CPU used between two readings; a process that appeared in between counts from zero. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Resident memory of the trees, in bytes. */
export function residentBytes(roots: readonly number[]): number {
  let total = 0;
  for (const pid of roots.flatMap(processTree)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // The process ended between the listing and the read: it holds no memory any more.
    }
  }
  return total;
}
