/** Parsers of the system sections: /etc/os-release, `uname -s -r -m`, /proc/uptime, CPU, /proc/meminfo. */
import type { MemoryFacts, OsFacts } from '../model.js';
import { linesOf, quoteLine, SectionUnreadable, wholeNumber } from './split-sections.js';

/** `ID`, `VERSION_ID` and `PRETTY_NAME` of an os-release file (shell-style `KEY="value"` lines). */
export function parseOsRelease(text: string): OsFacts {
  const values = new Map<string, string>();
  for (const line of linesOf(text)) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    values.set(match[1], unquote(match[2]));
  }
  const id = values.get('ID');
  if (id === undefined || !/^[a-z0-9._-]+$/.test(id)) {
    throw new SectionUnreadable(
      id === undefined ? 'no ID= line in /etc/os-release' : `ID ${quoteLine(id)} is not an os-release id`,
    );
  }
  return {
    id,
    version: values.get('VERSION_ID') ?? '',
    name: values.get('PRETTY_NAME') ?? values.get('NAME') ?? id,
  };
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  if (quoted?.[2] === undefined) return value;
  return quoted[1] === '"' ? quoted[2].replace(/\\(["\\$`])/g, '$1') : quoted[2];
}

/** `Linux 6.1.0-18-amd64 x86_64` → the kernel release and the machine architecture. */
export function parseUname(text: string): { readonly kernel: string; readonly architecture: string } {
  const [line = ''] = linesOf(text);
  const match = /^(\S+) (\S+) (\S+)$/.exec(line.trim());
  if (match?.[2] === undefined || match[3] === undefined || !/^[\w.+~-]+$/.test(match[2])) {
    throw new SectionUnreadable(`expected "system release machine", got ${quoteLine(line)}`);
  }
  return { kernel: match[2], architecture: match[3] };
}

/** Whole seconds since boot, from the first field of /proc/uptime. */
export function parseUptime(text: string): number {
  const [line = ''] = linesOf(text);
  const match = /^(\d+)(?:\.\d+)? \d+(?:\.\d+)?$/.exec(line.trim());
  const seconds = wholeNumber(match?.[1]);
  if (seconds === undefined) throw new SectionUnreadable(`expected two numbers, got ${quoteLine(line)}`);
  return seconds;
}

/** The CPU model and the number of CPUs: `nproc` when it answered, else the processors /proc/cpuinfo lists. */
export function parseCpu(
  nprocText: string,
  cpuinfoText: string,
): { readonly model: string; readonly cores: number } {
  let processors = 0;
  let model: string | undefined;
  for (const line of linesOf(cpuinfoText)) {
    const match = /^([A-Za-z ]+?)\s*:\s*(.*)$/.exec(line);
    if (match?.[1] === undefined) continue;
    if (match[1] === 'processor') processors += 1;
    else if (model === undefined && match[2] !== undefined && match[2] !== '') model = match[2].trim();
  }
  const cores = wholeNumber(linesOf(nprocText)[0]?.trim()) ?? processors;
  if (cores < 1) throw new SectionUnreadable('neither nproc nor /proc/cpuinfo gave a number of CPUs');
  return { model: model ?? 'unknown', cores };
}

/** Memory and swap in bytes from /proc/meminfo (kB lines); MemFree stands in for MemAvailable on old kernels. */
export function parseMeminfo(text: string): MemoryFacts {
  const kb = new Map<string, number>();
  for (const line of linesOf(text)) {
    const match = /^(\w+):\s+(\d+) kB$/.exec(line.trim());
    const value = wholeNumber(match?.[2]);
    if (match?.[1] !== undefined && value !== undefined) kb.set(match[1], value);
  }
  const total = kb.get('MemTotal');
  if (total === undefined) throw new SectionUnreadable('no MemTotal line in /proc/meminfo');
  return {
    totalBytes: total * 1024,
    availableBytes: (kb.get('MemAvailable') ?? kb.get('MemFree') ?? 0) * 1024,
    swapTotalBytes: (kb.get('SwapTotal') ?? 0) * 1024,
    swapFreeBytes: (kb.get('SwapFree') ?? 0) * 1024,
  };
}
