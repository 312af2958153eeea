/**
 * `bench/monitor`: N HTTP checks at an interval against local targets, for Vigie and its peers in turn
 * (Prometheus + blackbox_exporter, Uptime Kuma, a bare Node prober), with a failure script and, for
 * Vigie, a kill -9 and restart. Prints a table, writes JSON and the Monitoring block of docs/benchmarks.md.
 *
 *   npm run bench:monitor -- --checks 1000 --interval 30 --duration 300 --peers vigie,prometheus,bare
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
import { figuresTable, monitorBlock, writeMonitorBlock } from './report.js';
import { startTargets } from './targets.js';
import { startVigiePeer } from './vigie-peer.js';

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
  fs.writeFileSync(path.join(out, 'package.json'), '{"type":"module"}\n');
  const entry = path.join(out, 'vigie.mjs');
  fs.writeFileSync(
    entry,
    "import { main } from './dist/src/cli/main.js';\nprocess.exitCode = await main(process.argv);\n",
  );
  return [process.execPath, entry];
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
  const unknown = peers.filter((peer) => !['vigie', 'kuma', 'prometheus', 'bare'].includes(peer));
  if (unknown.length > 0)
    throw new Error(`--peers: unknown ${unknown.join(', ')} (vigie, kuma, prometheus, bare)`);
  const vigieCommand = peers.includes('vigie') ? buildVigie() : [];
  const load: number[] = [os.loadavg()[0] ?? 0];
  const earlierLoad = earlierRuns.flatMap((run) => run.loadAverages);
  const loadSampler = setInterval(() => load.push(os.loadavg()[0] ?? 0), 30_000);
  const targets = await startTargets(checks);
  const warmupMs = intervalMs + 5000;
  const all: PeerFigures[] = [...earlier];
  try {
    for (const name of peers) {
      log(`${name}: ${checks} checks every ${intervalMs / 1000} s, ${durationMs / 1000} s measured`);
      const options = { targets, intervalMs, durationMs, warmupMs, log };
      const figures = await measurePeer((context) => {
        if (name === 'vigie') return startVigiePeer(context, { dialect, command: vigieCommand });
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
  process.stdout.write(`${figuresTable(all)}\n`);
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
