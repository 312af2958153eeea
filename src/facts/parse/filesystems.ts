/** Parser of `df -P -B1 -T`: real filesystems with their size and use, without the kernel's pseudo ones. */
import type { FilesystemFacts } from '../model.js';
import { parseLines, SectionUnreadable, wholeNumber } from './split-sections.js';

/** Types that hold no data of the host's own (memory, kernel interfaces, read-only images). */
const PSEUDO_TYPES = new Set([
  'tmpfs',
  'devtmpfs',
  'ramfs',
  'squashfs',
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'devpts',
  'mqueue',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'autofs',
  'fusectl',
  'configfs',
  'efivarfs',
  'nsfs',
  'hugetlbfs',
  'binfmt_misc',
  'rpc_pipefs',
  'nfsd',
  'fuse.lxcfs',
  'fuse.gvfsd-fuse',
]);

const ROW = /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(?:\d+%|-)\s+(\/.*)$/;

export function parseDf(text: string): {
  readonly filesystems: FilesystemFacts[];
  readonly problem: string | undefined;
} {
  const { items, problem } = parseLines(text, (line): FilesystemFacts | undefined | 'unreadable' => {
    if (/^Filesystem\s/.test(line)) return undefined;
    const match = ROW.exec(line);
    const size = wholeNumber(match?.[3]);
    const used = wholeNumber(match?.[4]);
    const available = wholeNumber(match?.[5]);
    if (match?.[1] === undefined || match[2] === undefined || match[6] === undefined) return 'unreadable';
    if (size === undefined || used === undefined || available === undefined) return 'unreadable';
    return {
      device: match[1],
      type: match[2],
      mountpoint: match[6],
      sizeBytes: size,
      usedBytes: used,
      availableBytes: available,
    };
  });
  if (items.length === 0 && problem !== undefined) throw new SectionUnreadable(problem);
  return { filesystems: keepReal(items), problem };
}

/**
 * Drops pseudo filesystems and empty ones, and overlays except the root one (a container's `/`); a device
 * mounted twice (a bind mount) is kept once, at its shortest mount point.
 */
function keepReal(all: readonly FilesystemFacts[]): FilesystemFacts[] {
  const real = all.filter(
    (fs) =>
      fs.sizeBytes > 0 && !PSEUDO_TYPES.has(fs.type) && (fs.type !== 'overlay' || fs.mountpoint === '/'),
  );
  const byDevice = new Map<string, FilesystemFacts>();
  const kept: FilesystemFacts[] = [];
  for (const fs of real) {
    if (!fs.device.startsWith('/')) {
      kept.push(fs);
      continue;
    }
    const seen = byDevice.get(fs.device);
    if (seen === undefined || fs.mountpoint.length < seen.mountpoint.length) byDevice.set(fs.device, fs);
  }
  kept.push(...byDevice.values());
  return kept.sort((a, b) => a.mountpoint.localeCompare(b.mountpoint));
}
