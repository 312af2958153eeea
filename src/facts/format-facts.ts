/** Facts for people on a terminal: one line per host after a gathering, a full listing for `facts show`. */
import { humanDuration } from '../inventory/plan-format.js';
import { formatSize } from '../inventory/schema/units.js';
import { formatInstant } from '../time/format.js';
import type { HostGatherResult } from './gather.js';
import type { HostFacts } from './model.js';
import type { FactsHistoryEntry } from './store.js';
import { type FactsSummary, summarizeFacts, usedRatioOf } from './summary.js';

/** `db03     ok      Debian GNU/Linux 12 (bookworm), kernel 6.1.0-18-amd64, 8 CPU, ...` or the error and its hint. */
export function formatGatherResult(result: HostGatherResult): string {
  const head = `${result.host.padEnd(14)} ${result.ok ? 'ok    ' : 'FAILED'}`;
  if (result.ok) {
    const problems = result.facts.problems.map((p) => `\n    problem in ${p.section}: ${p.message}`).join('');
    return `${head} ${summaryLine(summarizeFacts(result.facts))} (${(result.durationMs / 1000).toFixed(1)} s)${problems}`;
  }
  const hint = result.error.hint === undefined ? '' : `\n    hint: ${result.error.hint}`;
  return `${head} ${result.error.code}: ${result.error.message}${hint}`;
}

/** `Debian GNU/Linux 12, kernel 6.1.0, 8 CPU, 31.3GiB RAM, / 24% used, 5 ports, 811 packages, no reboot needed`. */
export function summaryLine(summary: FactsSummary): string {
  const disk =
    summary.fullest === undefined
      ? 'no filesystem'
      : `${summary.fullest.mountpoint} ${Math.round(summary.fullest.usedRatio * 100)}% used`;
  return [
    summary.os,
    `kernel ${summary.kernel}`,
    `${summary.cores} CPU`,
    `${formatSize(summary.memoryBytes)} RAM`,
    disk,
    `${summary.listeningPorts} port${summary.listeningPorts === 1 ? '' : 's'}`,
    `${summary.packages} packages`,
    summary.rebootRequired ? 'REBOOT REQUIRED' : 'no reboot needed',
    ...(summary.problems === 0 ? [] : [`${summary.problems} problem${summary.problems === 1 ? '' : 's'}`]),
  ].join(', ');
}

export function formatHistoryEntry(entry: FactsHistoryEntry, timeZone: string): string {
  return `${formatInstant(entry.gatheredAt, timeZone)}  ${summaryLine(entry.summary)}`;
}

/** Every fact of a snapshot, section by section. */
export function formatFacts(facts: HostFacts, timeZone: string): string[] {
  const { memory } = facts;
  const lines = [
    `${facts.host}, gathered ${formatInstant(facts.gatheredAt, timeZone)}`,
    `os        ${facts.os.name} (${facts.os.id} ${facts.os.version})`,
    `kernel    ${facts.kernel} (${facts.cpu.architecture})`,
    `uptime    ${humanDuration(facts.uptimeSeconds)}`,
    `cpu       ${facts.cpu.cores} × ${facts.cpu.model}`,
    `memory    ${formatSize(memory.totalBytes)}, ${formatSize(memory.availableBytes)} available; swap ${formatSize(memory.swapTotalBytes)}, ${formatSize(memory.swapFreeBytes)} free`,
    `reboot    ${facts.reboot.required ? `REQUIRED${facts.reboot.packages.length > 0 ? ` by ${facts.reboot.packages.join(', ')}` : ''}` : 'not needed'}`,
    'filesystems',
    ...facts.filesystems.map(
      (fs) =>
        `  ${fs.mountpoint.padEnd(20)} ${fs.type.padEnd(8)} ${formatSize(fs.usedBytes).padStart(9)} of ${formatSize(fs.sizeBytes).padEnd(9)} ${String(Math.round(usedRatioOf(fs) * 100)).padStart(3)}%  ${fs.device}`,
    ),
    'addresses',
    ...facts.addresses.map((a) => `  ${a.interface.padEnd(12)} ${a.address}`),
    'listening',
    ...facts.listening.map(
      (s) =>
        `  ${`${s.port}/${s.protocol}`.padEnd(10)} ${s.address.padEnd(16)} ${s.process === undefined ? '' : `${s.process}${s.pid === undefined ? '' : ` (pid ${s.pid})`}`}`,
    ),
    `services  ${facts.services.map((s) => s.name).join(', ') || 'none seen'}`,
    `packages  ${facts.packages.length} installed (vigie facts show ${facts.host} --json lists them)`,
  ];
  if (facts.problems.length > 0) {
    lines.push('problems');
    for (const problem of facts.problems) lines.push(`  ${problem.section}: ${problem.message}`);
  }
  return lines;
}
