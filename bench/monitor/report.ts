/** The bench's table (figures, and ratios to Uptime Kuma and to Prometheus) and its docs/benchmarks.md block. */
import fs from 'node:fs';
import type { PeerFigures } from './harness.js';

const START =
  '<!-- bench:monitor:start (written by bench/monitor/run.ts: run it again rather than editing) -->';
const END = '<!-- bench:monitor:end -->';

const fixed = (value: number, digits: number): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';

function ratio(figures: PeerFigures, peer: PeerFigures | undefined): string {
  if (peer === undefined || peer === figures || !Number.isFinite(peer.cpuMsPerCheck)) return '';
  return `${fixed(peer.cpuMsPerCheck / figures.cpuMsPerCheck, 1)}×`;
}

/** A Markdown table, one row per peer and size. */
export function figuresTable(all: readonly PeerFigures[]): string {
  const rows = [
    '| peer | checks | interval | checks/s | CPU ms/check | % of a core | RSS MiB | lateness p50 / p99 | detected | detection p50 / max | back after restart | Kuma CPU/check ÷ this | Prometheus ÷ this |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const figures of all) {
    const same = (name: string) => all.find((f) => f.peer === name && f.checks === figures.checks);
    const restart =
      figures.restartMs === null
        ? 'n/a'
        : figures.restartMs < 0
          ? 'not all'
          : `${fixed(figures.restartMs / 1000, 1)} s`;
    rows.push(
      `| ${figures.peer} | ${figures.checks} | ${figures.intervalS} s | ${fixed(figures.checksPerSecond, 1)} | ${fixed(figures.cpuMsPerCheck, 3)} | ${fixed(figures.corePercent, 1)} % | ${fixed(figures.rssMiB, 0)} | ${fixed(figures.latenessP50Ms, 0)} / ${fixed(figures.latenessP99Ms, 0)} ms | ${figures.detected}/${figures.failedTargets}${detectionNote(figures)} | ${fixed(figures.detectionP50Ms / 1000, 1)} / ${fixed(figures.detectionMaxMs / 1000, 1)} s | ${restart} | ${ratio(figures, same('kuma'))} | ${ratio(figures, same('prometheus'))} |`,
    );
  }
  return rows.join('\n');
}

/** Where Vigie's detection was seen: its webhook (delivered), or only its output when none arrived. */
function detectionNote(figures: PeerFigures): string {
  if (!figures.peer.startsWith('vigie')) return '';
  if (figures.detectionVia === 'delivered') return ' (webhook)';
  if (figures.detectionVia === 'printed') return ' (stdout: no alert delivered)';
  return '';
}

/** One line per row that had dashboards open: how many polls they made, how many were 304. */
export function dashboardNotes(all: readonly PeerFigures[]): string[] {
  return all.flatMap((figures) =>
    figures.dashboards === undefined
      ? []
      : [
          `\`${figures.peer}\` (${figures.checks} checks): ${figures.dashboards} headless Chromium tabs logged in on the Supervision overview, ${figures.overviewPolls ?? 0} overview polls in the window, ${figures.overviewNotModified ?? 0} answered 304 (unchanged); CPU and RSS are Vigie's process only.`,
        ],
  );
}

export interface RunFacts {
  readonly command: string;
  readonly date: string;
  readonly machine: string;
  readonly loadAverages: readonly number[];
  readonly dialect: string;
}

/** The generated block of the Monitoring section. */
export function monitorBlock(all: readonly PeerFigures[], facts: RunFacts): string {
  const load = facts.loadAverages.map((value) => value.toFixed(1)).join(', ');
  return [
    START,
    `Command: \`${facts.command}\`, on ${facts.date}, on ${facts.machine}, Vigie's store on ${facts.dialect};`,
    `1-minute load average sampled during the run: ${load}${Math.max(...facts.loadAverages) >= 1.5 ? ' (other work on the machine: the figures are preliminary)' : ''}.`,
    '',
    figuresTable(all),
    ...(dashboardNotes(all).length > 0 ? ['', ...dashboardNotes(all)] : []),
    END,
  ].join('\n');
}

/** Replaces the generated block in `file` (under "## Monitoring", added at the end if missing). */
export function writeMonitorBlock(file: string, block: string): void {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START.slice(0, 30));
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + END.length)}`
      : `${current.trimEnd()}\n\n## Monitoring\n\n${block}\n`;
  fs.writeFileSync(file, next);
}
