/** Turns the output of the reading script into numbers: CPU, load, memory, swap and real filesystems. */
import { AppError } from '../errors/app-error.js';

export interface FilesystemReading {
  readonly mountpoint: string;
  readonly device: string;
  readonly fstype: string;
  readonly sizeBytes: number;
  readonly usedBytes: number;
  readonly availableBytes: number;
}

export interface HostReading {
  /** Busy CPU over the script's one-second window, 0 to 100. */
  readonly cpuPercent: number;
  readonly cpuCount: number;
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
  readonly memoryTotalBytes: number;
  readonly memoryUsedBytes: number;
  readonly swapTotalBytes: number;
  readonly swapUsedBytes: number;
  readonly filesystems: readonly FilesystemReading[];
}

/** Kernel and in-memory filesystems: nothing a disk fills up. */
const PSEUDO_TYPES = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fusectl',
  'fuse.lxcfs',
  'fuse.gvfsd-fuse',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
]);

/** Mounts under these are the system's or a container engine's, not the host's own data. */
const PSEUDO_PREFIXES = [
  '/proc/',
  '/sys/',
  '/dev/',
  '/run/',
  '/snap/',
  '/var/lib/docker/',
  '/var/lib/containers/',
];

/** Parses the script's output from `host`; a missing or garbled section is a located error. */
export function parseReading(host: string, output: string): HostReading {
  const sections = splitSections(output);
  const fail = (what: string): AppError =>
    new AppError(
      'REMOTE_FAILED',
      `Could not read ${what} on ${host}: the metrics script's output is not as expected`,
      {
        hint: `Check that ${host} is a Linux host with /proc mounted and a POSIX sh, grep and df; run "vigie run ${host} -- cat /proc/loadavg" to see what it answers.`,
        details: { host, section: what, output: output.slice(0, 2000) },
      },
    );
  if (!sections.has('end')) throw fail('the whole reading (the script stopped early)');

  const first = cpuCounters(sections.get('stat1'), 'cpu');
  const second = cpuCounters(sections.get('stat2'), 'cpu');
  if (first === undefined || second === undefined) throw fail('/proc/stat');
  const cpuCount = (sections.get('stat1') ?? []).filter((line) => /^cpu\d+\s/.test(line)).length;

  const load = (sections.get('loadavg')?.[0] ?? '').trim().split(/\s+/).slice(0, 3).map(Number);
  if (load.length !== 3 || load.some((value) => !Number.isFinite(value))) throw fail('/proc/loadavg');

  const memory = meminfo(sections.get('meminfo') ?? []);
  const memTotal = memory.get('MemTotal');
  if (memTotal === undefined) throw fail('/proc/meminfo');
  const memAvailable =
    memory.get('MemAvailable') ??
    // Kernels before 3.14 have no MemAvailable: estimate it the way `free` did then.
    (memory.get('MemFree') ?? 0) +
      (memory.get('Buffers') ?? 0) +
      (memory.get('Cached') ?? 0) +
      (memory.get('SReclaimable') ?? 0);
  const swapTotal = memory.get('SwapTotal') ?? 0;
  const swapFree = memory.get('SwapFree') ?? swapTotal;

  return {
    cpuPercent: busyPercent(first, second),
    cpuCount: Math.max(cpuCount, 1),
    load1: load[0] ?? 0,
    load5: load[1] ?? 0,
    load15: load[2] ?? 0,
    memoryTotalBytes: memTotal,
    memoryUsedBytes: Math.max(0, memTotal - memAvailable),
    swapTotalBytes: swapTotal,
    swapUsedBytes: Math.max(0, swapTotal - swapFree),
    filesystems: realFilesystems(sections.get('df') ?? []),
  };
}

function splitSections(output: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of output.split('\n')) {
    const marker = /^@([a-z0-9]+)$/.exec(line.trim());
    if (marker?.[1] !== undefined) {
      current = [];
      sections.set(marker[1], current);
    } else if (!line.startsWith('@')) {
      current?.push(line);
    }
  }
  return sections;
}

interface CpuCounters {
  readonly total: number;
  readonly idle: number;
}

/** The aggregate `cpu` line: user nice system idle iowait irq softirq steal (guest is inside user). */
function cpuCounters(lines: readonly string[] | undefined, name: string): CpuCounters | undefined {
  const line = lines?.find((candidate) => candidate.startsWith(`${name} `));
  if (line === undefined) return undefined;
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (values.length < 4 || values.some((value) => !Number.isFinite(value))) return undefined;
  const total = values.reduce((sum, value) => sum + value, 0);
  return { total, idle: (values[3] ?? 0) + (values[4] ?? 0) };
}

function busyPercent(first: CpuCounters, second: CpuCounters): number {
  const total = second.total - first.total;
  const idle = second.idle - first.idle;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, (100 * (total - idle)) / total));
}

/** `/proc/meminfo` in bytes. */
function meminfo(lines: readonly string[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of lines) {
    const match = /^(\w+):\s+(\d+)(?:\s+kB)?$/.exec(line.trim());
    if (match?.[1] !== undefined) values.set(match[1], Number(match[2]) * (line.includes('kB') ? 1024 : 1));
  }
  return values;
}

const DF_LINE = /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+%\s+(\/.*)$/;

/**
 * `df -P -B1 -T` lines of filesystems that hold data: pseudo filesystems and empty ones left out, and a
 * device mounted several times (bind mounts) counted once, at its shortest mountpoint.
 */
export function realFilesystems(lines: readonly string[]): FilesystemReading[] {
  const byDevice = new Map<string, FilesystemReading>();
  const others: FilesystemReading[] = [];
  for (const line of lines) {
    const match = DF_LINE.exec(line.trimEnd());
    if (match === null) continue;
    const [, device = '', fstype = '', size, used, available, mountpoint = ''] = match;
    const reading: FilesystemReading = {
      mountpoint,
      device,
      fstype,
      sizeBytes: Number(size),
      usedBytes: Number(used),
      availableBytes: Number(available),
    };
    if (!holdsData(reading)) continue;
    if (!device.startsWith('/')) {
      others.push(reading);
      continue;
    }
    const seen = byDevice.get(device);
    if (seen === undefined || mountpoint.length < seen.mountpoint.length) byDevice.set(device, reading);
  }
  return [...byDevice.values(), ...others].sort((a, b) => a.mountpoint.localeCompare(b.mountpoint));
}

function holdsData(reading: FilesystemReading): boolean {
  if (reading.sizeBytes <= 0) return false;
  if (PSEUDO_TYPES.has(reading.fstype)) return false;
  // A container's root is an overlay and is real; other overlays are container layers.
  if (reading.fstype === 'overlay' && reading.mountpoint !== '/') return false;
  return !PSEUDO_PREFIXES.some((prefix) => `${reading.mountpoint}/`.startsWith(prefix));
}
