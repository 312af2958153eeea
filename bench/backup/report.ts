/** The bench's Markdown: the machine, the datasets, one row per measure, the ratios, the checks. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { BenchResult } from './harness.js';

export interface MachineInfo {
  readonly date: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly tools: readonly string[];
  readonly loadAverages: readonly number[];
}

/** Versions of the tools measured, by asking each one (first line of its --version). */
export function machineInfo(pgBinDir: string, loadAverages: readonly number[]): MachineInfo {
  const version = (program: string, args: readonly string[]) => {
    try {
      return (
        execFileSync(program, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
          .split('\n')[0]
          ?.trim() ?? program
      );
    } catch {
      return `${program}: not found`;
    }
  };
  return {
    date: new Date().toISOString().slice(0, 10),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown CPU',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    tools: [
      version(`${pgBinDir}/pg_dump`, ['--version']),
      version('mariadb-dump', ['--version']),
      version('restic', ['version']),
      version('zstd', ['--version']),
    ],
    loadAverages,
  };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 2 : 0)} MiB`;
/** A table cell: a `|` inside would end the cell. */
const cell = (text: string) => text.replaceAll('|', '\\|');
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export function markdownReport(result: BenchResult, machine: MachineInfo, command: string): string {
  const { postgresql, mariadb } = result.datasets;
  const lines: string[] = [];
  lines.push(
    `Command: \`${command}\`, on ${machine.date}, on ${machine.cpus} cores of ${machine.cpuModel}, ${machine.memoryGiB} GiB,`,
    `Node ${machine.node}; ${machine.tools.join('; ')};`,
    `1-minute load average sampled during the run: ${machine.loadAverages.map((l) => l.toFixed(1)).join(', ')}` +
      (Math.max(...machine.loadAverages) > machine.cpus
        ? ' (more runnable processes than cores: other work shared the machine, so wall times vary from round to round; the CPU figures hold better).'
        : '.'),
    `${result.options.repeat} round(s), medians shown${result.options.dropCaches ? ', page cache dropped before each measure' : ', page cache warm'}.`,
    '',
    `PostgreSQL \`${postgresql.database}\`: ${mib(postgresql.logicalBytes)} on the server (pg_database_size), ` +
      `${postgresql.rows.length} tables, ${postgresql.rows.reduce((s, r) => s + r.rows, 0).toLocaleString('en')} rows; ` +
      `MariaDB \`${mariadb.database}\`: ${mib(mariadb.logicalBytes)} (data + index length), ` +
      `${mariadb.rows.length} tables, ${mariadb.rows.reduce((s, r) => s + r.rows, 0).toLocaleString('en')} rows.`,
    '',
    "MB/s is the size of the uncompressed dump (`pg_dump -Fc -Z0`, or `mariadb-dump`'s SQL) per second of wall time, whatever the row compresses it to;",
    'CPU is the bench process and every child it waited for (pg_dump, zstd, restic, pg_restore), not the database server;',
    'stored is the file written, or what the restic repository grew by.',
    '',
    '| engine | measure | wall (median) | runs | CPU | MB/s | dump | stored | stored ÷ dump |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const m of result.measures) {
    const runs = m.samples.map((s) => (s.wallMs / 1000).toFixed(2)).join(' / ');
    lines.push(
      `| ${m.engine} | ${cell(m.label)} | ${seconds(m.wallMs)} | ${runs} | ${seconds(m.cpuMs)} | ${m.mbPerSecond.toFixed(0)} | ${mib(m.dumpBytes)} | ${m.storedBytes === null ? '' : mib(m.storedBytes)} | ${m.storedBytes === null ? '' : (m.storedBytes / m.dumpBytes).toFixed(3)} |`,
    );
  }
  lines.push('', '| ratio (medians) | value | target | met? |', '| --- | ---: | --- | --- |');
  for (const r of result.ratios) {
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${cell(r.label)} | ${r.value.toFixed(r.value < 0.1 ? 4 : 2)} | ${r.target ?? ''} | ${met} |`,
    );
  }
  const rows = result.checks.reduce((sum, c) => sum + c.rows, 0);
  lines.push(
    '',
    `Correctness: ${result.checks.length} checks passed (${rows.toLocaleString('en')} rows in all): every Vigie backup recorded the source's exact row count per table, ` +
      "and every restored database (Vigie's and pg_restore's) holds the same rows as the source. " +
      `The second backup followed an UPDATE of the newest ${result.changedRows.toLocaleString('en')} orders (1 %).`,
  );
  return `${lines.join('\n')}\n`;
}

const BLOCK_START =
  '<!-- bench:backup:start (written by bench/backup/run.ts --doc: run it again rather than editing) -->';
const BLOCK_END = '<!-- bench:backup:end -->';

/** Replaces the results block of the Backups section of docs/benchmarks.md with this run's report. */
export function writeBackupBlock(docFile: string, markdown: string): void {
  const text = fs.readFileSync(docFile, 'utf8');
  const start = text.indexOf('<!-- bench:backup:start');
  const end = text.indexOf(BLOCK_END);
  if (start < 0 || end < start) {
    throw new Error(
      `${docFile} has no ${BLOCK_END.replace(':end', ':start')} … ${BLOCK_END} block: restore the Backups section's markers, or run without --doc`,
    );
  }
  fs.writeFileSync(docFile, `${text.slice(0, start)}${BLOCK_START}\n${markdown}${text.slice(end)}`);
}
