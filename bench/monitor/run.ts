/**
 * `bench/monitor`: N HTTP checks at an interval against local targets, for Vigie and its peers in turn
 * (Prometheus + blackbox_exporter, Uptime Kuma, a bare Node prober), with a failure script and, for
 * Vigie, a kill -9 and restart. Prints a table, writes JSON and the Monitoring block of docs/benchmarks.md.
 *
 *   npm run bench:monitor -- --checks 1000 --interval 30 --duration 300 --peers vigie,prometheus,bare
 *
 * `--dashboards 0,5` adds a run of `vigie serve` per count: 0 is the web app with no page open, 5 is
 * five headless Chromium tabs on the Supervision overview (Vigie's alerts go to a webhook sink either way).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBarePeer } from './bare-peer.js';
import { measurePeer, type PeerFigures } from './harness.js';
import { startKumaPeer } from './kuma-peer.js';
import { startPrometheusPeer } from './prometheus-peer.js';
import { dashboardNotes, figuresTable, monitorBlock, writeMonitorBlock } from './report.js';
import { startTargets } from './targets.js';
import { startVigiePeer, vigiePeerName } from './vigie-peer.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
};

const { values } = parseArgs({
  options: {
    checks: { type: 'string', default: '1000' },
    interval: { type: 'string', default: '30' },
    duration: { type: 'string', default: '300' },
    peers: { type: 'string', default: 'vigie,prometheus,bare' },
    dialect: { type: 'string', default: 'sqlite' },
    'kuma-url': { type: 'string', default: 'http://127.0.0.1:3001' },
    'kuma-user': { type: 'string', default: 'admin' },
    'kuma-password': { type: 'string', default: '' },
    'no-build': { type: 'boolean', default: false },
    /** Runs of `vigie serve` with this many dashboards open, e.g. 0,5 (none unless told). */
    dashboards: { type: 'string', default: '' },
    json: { type: 'string', default: path.join(os.tmpdir(), 'vigie-bench-monitor.json') },
    'no-doc': { type: 'boolean', default: false },
    /** JSON files of earlier runs whose rows join this run's table (e.g. N = 1,000 then N = 10,000). */
    with: { type: 'string', default: '' },
  },
});

function number(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} ${text}: write a positive number (e.g. --${name} 30)`);
  }
  return value;
}

/** Compiles the server into a temporary directory (as `npm run build:server` would) and returns its CLI. */
function buildVigie(): string[] {
  if (values['no-build']) return [process.execPath, path.join(REPO, 'bin', 'vigie.mjs')];
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-build-'));
  log(`compiling Vigie into ${out}`);
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', path.join(out, 'dist')], {
      cwd: REPO,
      stdio: 'ignore',
    });
  } catch (error) {
    // tsc still emits when a file has type errors; the bench runs as long as the CLI was emitted.
    if (!fs.existsSync(path.join(out, 'dist', 'src', 'cli', 'main.js'))) throw error;
    log('tsc reported type errors (run npm run typecheck); the emitted JavaScript is used');
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(out, 'node_modules'));
  // `vigie serve` finds its package (and the built ui/dist beside it) by this name.
  fs.symlinkSync(path.join(REPO, 'ui'), path.join(out, 'ui'));
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    version: string;
  };
  fs.writeFileSync(
    path.join(out, 'package.json'),
    `${JSON.stringify({ name: 'vigie', version, type: 'module' })}\n`,
  );
  const entry = path.join(out, 'vigie.mjs');
  fs.writeFileSync(
    entry,
    "import { main } from './dist/src/cli/main.js';\nprocess.exitCode = await main(process.argv);\n",
  );
  return [process.execPath, entry];
}

/** `vigie monitor` when no dashboard count is given, else `vigie serve` with that many dashboards. */
function serveMode(dashboards: number | undefined): { mode: 'monitor' | 'serve'; dashboards: number } {
  return dashboards === undefined ? { mode: 'monitor', dashboards: 0 } : { mode: 'serve', dashboards };
}

async function main(): Promise<void> {
  const checks = number('checks', values.checks);
  const intervalMs = number('interval', values.interval) * 1000;
  const durationMs = number('duration', values.duration) * 1000;
  const peers = (values.peers ?? '').split(',').filter(Boolean);
  const earlierRuns = (values.with ?? '')
    .split(',')
    .filter(Boolean)
    .map(
      (file) =>
        JSON.parse(fs.readFileSync(file, 'utf8')) as { figures: PeerFigures[]; loadAverages: number[] },
    );
  const earlier = earlierRuns.flatMap((run) => run.figures);
  const dialect = values.dialect === 'postgres' ? 'postgres' : 'sqlite';
  const dashboardRuns = (values.dashboards ?? '')
    .split(',')
    .filter((text) => text.trim() !== '')
    .map((text) => {
      const count = Number(text);
      if (!Number.isInteger(count) || count < 0 || count > 50) {
        throw new Error(
          `--dashboards ${text}: write counts from 0 to 50 separated by commas (e.g. --dashboards 0,5)`,
        );
      }
      return count;
    });
  if (
    dashboardRuns.some((count) => count > 0) &&
    !fs.existsSync(path.join(REPO, 'ui', 'dist', 'index.html'))
  ) {
    throw new Error('--dashboards needs the web interface built: run `npm run build:ui` first');
  }
  const runs = [
    ...peers.map((name) => ({ name, dashboards: undefined as number | undefined })),
    ...dashboardRuns.map((count) => ({ name: 'vigie', dashboards: count })),
  ];
  const unknown = peers.filter((peer) => !['vigie', 'kuma', 'prometheus', 'bare'].includes(peer));
  if (unknown.length > 0)
    throw new Error(`--peers: unknown ${unknown.join(', ')} (vigie, kuma, prometheus, bare)`);
  const vigieCommand = runs.some((run) => run.name === 'vigie') ? buildVigie() : [];
  const load: number[] = [os.loadavg()[0] ?? 0];
  const earlierLoad = earlierRuns.flatMap((run) => run.loadAverages);
  const loadSampler = setInterval(() => load.push(os.loadavg()[0] ?? 0), 30_000);
  const targets = await startTargets(checks);
  const warmupMs = intervalMs + 5000;
  const all: PeerFigures[] = [...earlier];
  try {
    for (const { name, dashboards } of runs) {
      const label = name === 'vigie' ? vigiePeerName(serveMode(dashboards)) : name;
      log(`${label}: ${checks} checks every ${intervalMs / 1000} s, ${durationMs / 1000} s measured`);
      const options = { targets, intervalMs, durationMs, warmupMs, log };
      const figures = await measurePeer((context) => {
        if (name === 'vigie') {
          return startVigiePeer(context, { dialect, command: vigieCommand, ...serveMode(dashboards) });
        }
        if (name === 'prometheus') {
          return startPrometheusPeer(context, { prometheusPort: 19090, blackboxPort: 19115 });
        }
        if (name === 'kuma') {
          return startKumaPeer(context, {
            url: values['kuma-url'] ?? '',
            username: values['kuma-user'] ?? '',
            password: values['kuma-password'] ?? '',
          });
        }
        return startBarePeer(context);
      }, options);
      all.push(figures);
      log(JSON.stringify(figures));
    }
  } finally {
    clearInterval(loadSampler);
    await targets.close();
  }
  load.push(os.loadavg()[0] ?? 0);
  const argv = process.argv
    .slice(2)
    .filter((arg, i, list) => arg !== '--kuma-password' && list[i - 1] !== '--kuma-password');
  const cpus = os.cpus();
  const facts = {
    command: `npm run bench:monitor -- ${argv.join(' ')}`.trim(),
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus.length} cores of ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}`,
    loadAverages: load,
    dialect,
  };
  process.stdout.write(`${[figuresTable(all), ...dashboardNotes(all)].join('\n')}\n`);
  const measured = all.slice(earlier.length);
  fs.writeFileSync(values.json ?? '', `${JSON.stringify({ ...facts, figures: measured }, null, 2)}\n`);
  const everyLoad = [...earlierLoad, ...load];
  log(`JSON written to ${values.json}`);
  if (!values['no-doc']) {
    writeMonitorBlock(
      path.join(REPO, 'docs', 'benchmarks.md'),
      monitorBlock(all, { ...facts, loadAverages: everyLoad }),
    );
    log('docs/benchmarks.md updated (Monitoring block)');
  }
}

main().catch((error: unknown) => {
  log(`bench:monitor failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
