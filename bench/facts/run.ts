/**
 * Times `vigie facts` (gatherFacts with a fresh SSH runner, as one CLI run) on every host of the rack lab,
 * then on 1, 10, 25 and 50 real sshd instances on loopback, several runs each, and writes the figures to
 * the "vigie facts" section of docs/benchmarks.md. Needs root (the lab, the sshd instances).
 *
 *   npm run bench:facts            # BENCH_RUNS=5 by default; VIGIE_TEST_DIALECT=postgres for PostgreSQL
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAB_PREFIX } from '../../lab/topology.js';
import { loadConfig } from '../../src/config/config.js';
import { type FactsDeps, gatherFacts } from '../../src/facts/gather.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { loadInventory } from '../../src/inventory/load.js';
import { createLogger } from '../../src/log/logger.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { approveHostKey } from '../../src/remote/host-keys.js';
import { createSecretBox } from '../../src/remote/secret-box.js';
import { storeSshKey } from '../../src/remote/secrets.js';
import { createSshRunner, type SshRunnerDeps } from '../../src/remote/ssh-runner.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { systemClock } from '../../src/time/clock.js';
import { type SshdFixture, startSshd } from '../../test/support/sshd.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/support/test-store.js';
import { withLabLease } from './lab-lease.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIMULATED = [1, 10, 25, 50];
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Series {
  readonly label: string;
  readonly hosts: number;
  readonly timesMs: readonly number[];
}

interface Bench {
  readonly testStore: TestStore;
  readonly core: CoreDeps;
  readonly runnerDeps: SshRunnerDeps;
}

async function openBench(env: NodeJS.ProcessEnv, allow: readonly string[]): Promise<Bench> {
  const testStore = await createTestStore();
  const core: CoreDeps = {
    config: loadConfig({ ...testStore.env, ...env }),
    store: testStore.store,
    clock: systemClock,
    logger: createLogger({ logLevel: 'silent' }),
  };
  const runnerDeps = {
    ...core,
    secretBox: createSecretBox(Buffer.alloc(32, 3)),
    policy: createOutboundPolicy(allow),
  };
  return { testStore, core, runnerDeps };
}

/** One gathering as `vigie facts` does it: a fresh runner (new SSH connections), closed at the end. */
async function gatherOnce(bench: Bench, hosts: readonly string[] | 'all'): Promise<number> {
  const runner = createSshRunner(bench.runnerDeps);
  const deps: FactsDeps = { ...bench.core, runner };
  try {
    const started = performance.now();
    const report = await gatherFacts(deps, hosts, { actor: 'bench:facts' });
    const elapsed = performance.now() - started;
    const failed = report.hosts.filter((result) => !result.ok);
    if (failed.length > 0) {
      throw new Error(
        `gathering failed on ${failed.map((r) => (r.ok ? r.host : `${r.host} (${r.error.code}: ${r.error.message})`)).join(', ')}`,
      );
    }
    return elapsed;
  } finally {
    await runner.close();
  }
}

/** First contact records each host's key: approve them all (every host here is ours). */
async function approveAll(bench: Bench, hosts: readonly string[] | 'all'): Promise<void> {
  const runner = createSshRunner(bench.runnerDeps);
  try {
    const first = await gatherFacts({ ...bench.core, runner }, hosts, { actor: 'bench:facts' });
    const keyDeps = { store: bench.core.store, clock: bench.core.clock, dialect: bench.core.store.dialect };
    for (const result of first.hosts)
      await approveHostKey(keyDeps, { host: result.host, actor: 'bench:facts' });
  } finally {
    await runner.close();
  }
}

async function repeat(label: string, hosts: number, work: () => Promise<number>): Promise<Series> {
  const timesMs: number[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const ms = await work();
    timesMs.push(ms);
    log(`${label}: run ${run}/${RUNS} ${Math.round(ms)} ms`);
  }
  return { label, hosts, timesMs };
}

async function benchLab(): Promise<Series> {
  return await withLabLease(log, async (lab) => {
    const bench = await openBench({ VIGIE_SSH_USER: 'vigie-lab', VIGIE_SSH_KEY: 'lab' }, [LAB_PREFIX]);
    try {
      const loaded = await loadInventory([path.join(REPO, 'examples', 'gip-paca')]);
      if (!loaded.ok) throw new Error('examples/gip-paca does not validate');
      await applyInventory(bench.core, { objects: loaded.objects, actor: 'bench:facts' });
      const privateKey = fs.readFileSync(lab.paths.clientKey, 'utf8');
      await storeSshKey(bench.runnerDeps, { name: 'lab', privateKey, actor: 'bench:facts' });
      await approveAll(bench, 'all');
      return await repeat('lab, 6 hosts', 6, () => gatherOnce(bench, 'all'));
    } finally {
      await bench.testStore.cleanup();
    }
  });
}

async function benchSimulated(): Promise<Series[]> {
  const count = Math.max(...SIMULATED);
  const servers: SshdFixture[] = [];
  const bench = await openBench({}, ['127.0.0.0/8']);
  try {
    // A few at a time: each start generates two keys.
    for (let i = 0; i < count; i += 10)
      servers.push(
        ...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, () => startSshd()))),
      );
    const names = servers.map((_, i) => `sim-${String(i + 1).padStart(2, '0')}`);
    await applyInventory(bench.core, {
      actor: 'bench:facts',
      objects: servers.map((server, i) => ({
        kind: 'vm' as const,
        key: names[i] ?? '',
        source: 'bench:1:1',
        spec: {
          hypervisor: 'bench',
          vcpu: 1,
          memory: 1024 ** 3,
          disks: [],
          ssh: { address: server.host, port: server.port, user: server.user, key: `sim-${i + 1}` },
        },
      })),
    });
    for (const [i, server] of servers.entries())
      await storeSshKey(bench.runnerDeps, {
        name: `sim-${i + 1}`,
        privateKey: server.clientPrivateKey,
        actor: 'bench:facts',
      });
    await approveAll(bench, names);
    const series: Series[] = [];
    for (const n of SIMULATED)
      series.push(await repeat(`${n} sshd`, n, () => gatherOnce(bench, names.slice(0, n))));
    return series;
  } finally {
    await bench.testStore.cleanup();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

function stats(times: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function section(lab: Series, simulated: readonly Series[], load: readonly [number, number]): string {
  const cpus = os.cpus();
  const row = (series: Series) => {
    const { median, min, max } = stats(series.timesMs);
    return `| ${series.label} | ${series.timesMs.length} | ${seconds(median)} | ${seconds(min)} – ${seconds(max)} | ${Math.round(median / series.hosts)} ms |`;
  };
  const one = stats(simulated[0]?.timesMs ?? []).median;
  const fifty = simulated.at(-1);
  const fiftyMedian = stats(fifty?.timesMs ?? []).median;
  return [
    '## vigie facts',
    '',
    '<!-- bench:facts:start (written by bench/facts/run.ts: run it again rather than editing) -->',
    `Command: \`npm run bench:facts\` (\`npx tsx bench/facts/run.ts\`, ${RUNS} runs of each series), as root,`,
    `on ${new Date().toISOString().slice(0, 10)}, on ${cpus.length} cores of ${cpus[0]?.model.trim() ?? 'an unknown CPU'},`,
    `${Math.round(os.totalmem() / 1024 ** 3)} GiB of memory, Node ${process.version}, store on ${TEST_DIALECT};`,
    `load average ${load[0].toFixed(1)} when it started, ${load[1].toFixed(1)} when it ended (other work on the machine slows every figure).`,
    '',
    'Each run is one `vigie facts` as the CLI does it: a fresh SSH runner (new connections and key',
    'exchanges), the facts script on every host, 16 hosts at a time, each snapshot, attempt and journal',
    'entry written to the store. The simulated hosts are real OpenSSH servers on 127.0.0.1, one per',
    'host, all on this one machine, logged in as root: every one of them runs the whole script (811',
    'packages, the process list, `ss -p`) on the same two cores, so the figures are an upper bound of what',
    'real hosts, each with its own CPU, would take.',
    '',
    '| hosts | runs | median | fastest – slowest | median per host |',
    '| --- | --- | --- | --- | --- |',
    row(lab),
    ...simulated.map(row),
    '',
    `From 1 to ${fifty?.hosts ?? 50} hosts the time grows ${(fiftyMedian / one).toFixed(1)}-fold for ${fifty?.hosts ?? 50} times the hosts:`,
    'the hosts are read in parallel, so the cost per host falls as long as the machine has CPU to spare;',
    'here the ceiling is the bench machine itself, which plays every host at once.',
    '<!-- bench:facts:end -->',
  ].join('\n');
}

function writeSection(text: string): string {
  const file = path.join(REPO, 'docs', 'benchmarks.md');
  const intro = [
    '# Benchmarks',
    '',
    'How long Vigie takes for its heavier operations, measured on the rack lab and on simulated hosts.',
    'Each section is written by its benchmark script (named in the section) with the machine and the',
    'date: run the script again to refresh it.',
    '',
  ].join('\n');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : intro;
  const pattern = /## vigie facts\n\n<!-- bench:facts:start[\s\S]*?<!-- bench:facts:end -->/;
  const next = pattern.test(current) ? current.replace(pattern, text) : `${current.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(file, next);
  return file;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const lab = await benchLab();
  const simulated = await benchSimulated();
  const text = section(lab, simulated, [loadBefore, os.loadavg()[0] ?? 0]);
  process.stdout.write(`${text}\n`);
  log(`written to ${writeSection(text)}`);
}

await main();
