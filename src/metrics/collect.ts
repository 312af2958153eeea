/**
 * One collection round: for each host, one SSH command (the constant reading script), its output
 * parsed and stored. A host that fails is recorded as failed and never holds up the others; a host
 * whose key changed is refused by the SSH runner, and that refusal is what gets recorded.
 */
import { AppError, isAppError } from '../errors/app-error.js';
import { remoteHostFromInventory } from '../remote/inventory-host.js';
import type { SshRunner } from '../remote/remote-host.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type HostReading, parseReading } from './parse-reading.js';
import { READING_ARGV, READING_SCRIPT } from './reading-script.js';
import { recordFailure, recordReading } from './record.js';

export interface CollectDeps extends CoreDeps {
  readonly runner: SshRunner;
}

export type CollectionOutcome =
  | {
      readonly host: string;
      readonly ok: true;
      readonly at: string;
      readonly durationMs: number;
      readonly reading: HostReading;
    }
  | {
      readonly host: string;
      readonly ok: false;
      readonly at: string;
      readonly durationMs: number;
      readonly code: string;
      readonly message: string;
      readonly hint: string | undefined;
    };

export interface CollectOptions {
  /** For the journal, which records failed readings only: `job:metrics`, `user:alice`, `cli:root`. */
  readonly actor: string;
  /** Kill a reading that takes longer (default 30 s; it takes about one second). */
  readonly timeoutMs?: number | undefined;
}

/** Reads `host` once and stores the result, success or failure; never throws for the host's own problems. */
export async function collectHost(
  deps: CollectDeps,
  host: string,
  options: CollectOptions,
): Promise<CollectionOutcome> {
  const started = deps.clock.now();
  const elapsed = (): number => Math.max(0, deps.clock.now().getTime() - started.getTime());
  try {
    const remote = await remoteHostFromInventory(deps, host);
    const result = await deps.runner.run(
      remote,
      { argv: READING_ARGV, stdin: READING_SCRIPT, label: 'metrics: reading' },
      { actor: options.actor, timeoutMs: options.timeoutMs ?? 30_000, journal: 'failures' },
    );
    if (result.exitCode !== 0) {
      throw new AppError(
        'REMOTE_FAILED',
        `The metrics reading on ${host} ended with ${result.exitCode === null ? `signal ${result.signal}` : `exit code ${result.exitCode}`}: ${result.stderr.trim().split('\n')[0] ?? ''}`,
        { hint: `Look at ${host}: it needs a POSIX sh, grep, df and /proc.`, details: { host } },
      );
    }
    const reading = parseReading(host, result.stdout);
    const durationMs = elapsed();
    await recordReading(deps.store, { host, at: started, durationMs, reading });
    return { host, ok: true, at: started.toISOString(), durationMs, reading };
  } catch (error) {
    const durationMs = elapsed();
    const code = isAppError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    const hint = isAppError(error) ? error.hint : undefined;
    if (!isAppError(error)) deps.logger.error({ err: error, host }, 'metrics reading failed unexpectedly');
    await recordFailure(deps.store, { host, at: started, durationMs, code, message });
    return { host, ok: false, at: started.toISOString(), durationMs, code, message, hint };
  }
}

/** Reads every host in `hosts`, a few at a time, each independent of the others. */
export async function collectHosts(
  deps: CollectDeps,
  hosts: readonly string[],
  options: CollectOptions & { readonly concurrency?: number },
): Promise<CollectionOutcome[]> {
  const outcomes: CollectionOutcome[] = new Array(hosts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const index = next;
      next += 1;
      const host = hosts[index];
      if (host !== undefined) outcomes[index] = await collectHost(deps, host, options);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, hosts.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}
