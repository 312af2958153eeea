/**
 * The `ping` check: the system `ping` (iputils) run without a shell, with an argument array, towards
 * the address the outbound allowlist accepted; judged on packet loss and round-trip time.
 */
import { execFile } from 'node:child_process';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { Probe, ProbeDeps } from './probe.js';
import { formatMs, runAttempt } from './probe-run.js';
import { baseSpecShape, durationMsSchema, hostSchema, isHostOrAddress } from './probe-spec.js';

export const pingSpecSchema = z.strictObject({
  ...baseSpecShape,
  host: hostSchema,
  /** Echo requests sent, 0.2 s apart. */
  count: z.number().int().min(1).max(20).default(3),
  /** DEGRADED when more than this share of the packets is lost (but not all). */
  degradedLossPercent: z.number().min(0).max(100).default(0),
  /** DEGRADED when the average round trip is slower. */
  degradedAfter: durationMsSchema.optional(),
});

export type PingSpec = z.infer<typeof pingSpecSchema>;

/** What ping printed, as numbers. */
export interface PingSummary {
  readonly transmitted: number;
  readonly received: number;
  readonly lossPercent: number;
  readonly rttAvgMs?: number;
  readonly rttMaxMs?: number;
}

export const pingProbe: Probe<PingSpec> = {
  kind: 'ping',
  specSchema: pingSpecSchema,
  run: (deps: ProbeDeps, spec: PingSpec, signal: AbortSignal) =>
    runAttempt(signal, spec.timeout, spec.host, async (attempt) => {
      // The schema already refused it; checked again because this value becomes a program argument.
      if (!isHostOrAddress(spec.host) || spec.host.startsWith('-')) {
        throw new AppError(
          'BAD_INPUT',
          `Refusing to ping ${JSON.stringify(spec.host)}: not a host name or address`,
        );
      }
      const [resolved] = await deps.outbound.resolve(spec.host, `ping check ${spec.host}`);
      if (resolved === undefined) throw new AppError('NOT_FOUND', `Cannot resolve ${spec.host}`);
      const waitSeconds = Math.max(1, Math.ceil(attempt.timeoutMs / 1000));
      const args = [
        resolved.family === 6 ? '-6' : '-4',
        '-n',
        '-c',
        String(spec.count),
        '-i',
        '0.2',
        '-W',
        String(waitSeconds),
        // The whole run's deadline, so that ping stops by itself within the budget.
        '-w',
        String(waitSeconds),
        resolved.address,
      ];
      const output = await runPing(args, attempt.signal);
      const summary = parsePingOutput(output);
      if (summary === undefined) {
        return attempt.result('down', `ping ${spec.host}: no summary in its output`, {
          details: { output: output.slice(-500) },
        });
      }
      const metrics: Record<string, number> = { loss_percent: summary.lossPercent };
      if (summary.rttAvgMs !== undefined) metrics.rtt_avg_ms = summary.rttAvgMs;
      const details = { address: resolved.address, ...summary };
      const seen = `${summary.received}/${summary.transmitted} replies from ${spec.host}`;
      const rtt = summary.rttAvgMs === undefined ? '' : `, average ${summary.rttAvgMs} ms`;
      if (summary.received === 0)
        return attempt.result('down', `No reply from ${spec.host}`, { metrics, details });
      if (summary.lossPercent > spec.degradedLossPercent) {
        return attempt.result('degraded', `${seen} (${summary.lossPercent}% lost)${rtt}`, {
          metrics,
          details,
        });
      }
      if (spec.degradedAfter !== undefined && (summary.rttAvgMs ?? 0) > spec.degradedAfter) {
        return attempt.result('degraded', `${seen}${rtt} (slower than ${formatMs(spec.degradedAfter)})`, {
          metrics,
          details,
        });
      }
      return attempt.result('up', `${seen}${rtt}`, { metrics, details });
    }),
};

/** Runs ping; its exit code 1 (some or all lost) still yields the output to parse. */
async function runPing(args: readonly string[], signal: AbortSignal): Promise<string> {
  return await new Promise((resolve, reject) => {
    execFile(
      'ping',
      args,
      { signal, env: { LC_ALL: 'C', PATH: process.env.PATH ?? '/usr/bin:/bin' } },
      (error, stdout, stderr) => {
        if (error === null || (typeof error.code === 'number' && error.code === 1)) {
          resolve(stdout);
          return;
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new AppError('INTERNAL', 'The ping program is not installed', {
              hint: 'Install iputils-ping (apt-get install iputils-ping).',
            }),
          );
          return;
        }
        reject(new Error(`ping failed: ${(stderr || error.message).trim()}`));
      },
    );
  });
}

/** Reads iputils' summary lines: `3 packets transmitted, 3 received, 0% packet loss` and `rtt min/avg/max/mdev`. */
export function parsePingOutput(output: string): PingSummary | undefined {
  const counts = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(output);
  if (!counts) return undefined;
  const transmitted = Number(counts[1]);
  const received = Number(counts[2]);
  const lossPercent =
    transmitted === 0 ? 100 : Math.round(((transmitted - received) / transmitted) * 1000) / 10;
  const rtt = /= ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(output);
  return {
    transmitted,
    received,
    lossPercent,
    ...(rtt ? { rttAvgMs: Number(rtt[2]), rttMaxMs: Number(rtt[3]) } : {}),
  };
}
