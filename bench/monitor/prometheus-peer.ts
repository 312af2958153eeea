/**
 * Prometheus + blackbox_exporter (Debian packages, `install-peers.sh`), started with generated
 * configurations on loopback ports: one `http_2xx` probe per target per scrape, scrape interval = the
 * check interval. Without Alertmanager there is no alert: "detected" is the first scrape whose
 * `probe_success` is 0, read from Prometheus's query API once a second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Peer, PeerContext } from './peer.js';

export interface PrometheusPeerOptions {
  readonly prometheusPort: number;
  readonly blackboxPort: number;
}

function blackboxConfig(): string {
  return [
    'modules:',
    '  http_2xx:',
    '    prober: http',
    '    timeout: 5s',
    '    http:',
    '      preferred_ip_protocol: ip4',
    '',
  ].join('\n');
}

function prometheusConfig(context: PeerContext, blackboxPort: number): string {
  const seconds = `${Math.max(1, Math.round(context.intervalMs / 1000))}s`;
  return [
    'global:',
    `  scrape_interval: ${seconds}`,
    `  scrape_timeout: ${Math.min(5, Math.max(1, Math.round(context.intervalMs / 1000)))}s`,
    'scrape_configs:',
    '  - job_name: blackbox',
    '    metrics_path: /probe',
    '    params: { module: [http_2xx] }',
    '    static_configs:',
    '      - targets:',
    ...context.urls.map((url) => `          - ${url}`),
    '    relabel_configs:',
    '      - { source_labels: [__address__], target_label: __param_target }',
    '      - { source_labels: [__param_target], target_label: instance }',
    `      - { target_label: __address__, replacement: "127.0.0.1:${blackboxPort}" }`,
    '',
  ].join('\n');
}

export async function startPrometheusPeer(
  context: PeerContext,
  options: PrometheusPeerOptions,
): Promise<Peer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-bench-prom-'));
  fs.writeFileSync(path.join(dir, 'blackbox.yml'), blackboxConfig());
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), prometheusConfig(context, options.blackboxPort));
  const quiet = { stdio: ['ignore', 'ignore', 'ignore'] as const };
  const blackbox = spawn(
    'prometheus-blackbox-exporter',
    [`--config.file=${dir}/blackbox.yml`, `--web.listen-address=127.0.0.1:${options.blackboxPort}`],
    { ...quiet, stdio: [...quiet.stdio] },
  );
  const prometheus = spawn(
    'prometheus',
    [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${options.prometheusPort}`,
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const children: ChildProcess[] = [blackbox, prometheus];
  for (const child of children) {
    child.once('error', (error) =>
      context.log(`prometheus peer: ${error.message} (run bench/monitor/install-peers.sh)`),
    );
  }
  const idOf = new Map(context.urls.map((url, id) => [url, id]));
  const reported = new Set<number>();
  const poll = setInterval(() => {
    const query = encodeURIComponent('timestamp(probe_success == 0)');
    fetch(`http://127.0.0.1:${options.prometheusPort}/api/v1/query?query=${query}`)
      .then(async (response) => (await response.json()) as QueryAnswer)
      .then((answer) => {
        for (const series of answer.data?.result ?? []) {
          const id = idOf.get(series.metric.instance ?? '');
          if (id !== undefined && !reported.has(id)) {
            reported.add(id);
            // The sample's own time: when the failed scrape happened, not when this poll asked.
            context.onAlert(id, Math.round(Number(series.value?.[1] ?? Date.now() / 1000) * 1000));
          }
        }
      })
      .catch(() => {
        // Prometheus is still starting: the next poll asks again.
      });
  }, 1000);
  return {
    name: 'prometheus',
    pids: () => children.flatMap((child) => (child.pid === undefined ? [] : [child.pid])),
    stop: async () => {
      clearInterval(poll);
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.pid === undefined) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface QueryAnswer {
  readonly data?: {
    readonly result?: readonly { metric: { instance?: string }; value?: readonly [number, string] }[];
  };
}
