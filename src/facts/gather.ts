/**
 * `vigie facts`: reads each host's facts over SSH with one constant script, in parallel (bounded), each
 * host on its own: a host that cannot be reached, refuses, times out or answers garbage gets a located
 * error in the report, and the others complete. Every snapshot and every attempt is stored.
 */
import { AppError, isAppError } from '../errors/app-error.js';
import { appendJournalEntry } from '../journal/append.js';
import { remoteHostFromInventory } from '../remote/inventory-host.js';
import type { CommandResult, SshRunner } from '../remote/remote-host.js';
import type { CoreDeps } from '../runtime/deps.js';
import { allFactHosts } from './fact-hosts.js';
import { GATHER_SCRIPT } from './gather-script.js';
import type { HostFacts } from './model.js';
import { factsFromOutput } from './parse/host-facts.js';
import { recordAttempt, saveFacts } from './store.js';

export interface FactsDeps extends CoreDeps {
  readonly runner: SshRunner;
}

export interface GatherOptions {
  /** Who asked, for the journal and the attempt record: `cli:root`, `user:alice`. */
  readonly actor: string;
  /** Time limit of the script on one host (default 60 s). */
  readonly timeoutMs?: number | undefined;
  /** Hosts read at once (default 16). */
  readonly concurrency?: number | undefined;
}

export interface GatherError {
  readonly code: string;
  readonly message: string;
  readonly hint: string | undefined;
}

export type HostGatherResult =
  | { readonly host: string; readonly ok: true; readonly facts: HostFacts; readonly durationMs: number }
  | { readonly host: string; readonly ok: false; readonly error: GatherError; readonly durationMs: number };

export interface GatherReport {
  /** In the order the hosts were asked for. */
  readonly hosts: readonly HostGatherResult[];
  readonly durationMs: number;
}

export const DEFAULT_FACTS_TIMEOUT_MS = 60_000;
export const DEFAULT_FACTS_CONCURRENCY = 16;

/** Gathers, stores and reports the facts of `hosts` (inventory ids), or of every VM and server for `'all'`. */
export async function gatherFacts(
  deps: FactsDeps,
  hosts: readonly string[] | 'all',
  options: GatherOptions,
): Promise<GatherReport> {
  const started = Date.now();
  const names = hosts === 'all' ? await allFactHosts(deps) : [...new Set(hosts)];
  const results = await mapBounded(names, options.concurrency ?? DEFAULT_FACTS_CONCURRENCY, (host) =>
    gatherOne(deps, host, options),
  );
  return { hosts: results, durationMs: Date.now() - started };
}

async function gatherOne(deps: FactsDeps, host: string, options: GatherOptions): Promise<HostGatherResult> {
  const started = Date.now();
  const startedAt = deps.clock.now();
  let known = true;
  try {
    const remote = await remoteHostFromInventory(deps, host).catch((error: unknown) => {
      known = !(isAppError(error) && error.code === 'NOT_FOUND');
      throw error;
    });
    const result = await deps.runner.run(
      remote,
      { argv: ['sh', '-s'], stdin: GATHER_SCRIPT, label: 'facts: gather' },
      {
        actor: options.actor,
        category: 'operation',
        timeoutMs: options.timeoutMs ?? DEFAULT_FACTS_TIMEOUT_MS,
      },
    );
    const facts = await readFacts(deps, host, startedAt, result, options.actor);
    await saveFacts(deps, facts);
    const durationMs = Date.now() - started;
    await recordAttempt(deps, {
      host,
      attemptedAt: startedAt.toISOString(),
      actor: options.actor,
      ok: true,
      durationMs,
      error: undefined,
    });
    return { host, ok: true, facts, durationMs };
  } catch (failure) {
    const error = toGatherError(deps, host, failure);
    const durationMs = Date.now() - started;
    if (known) {
      const attempt = {
        host,
        attemptedAt: startedAt.toISOString(),
        actor: options.actor,
        ok: false,
        durationMs,
        error,
      };
      // The host's own error is what matters here: a store that cannot record it is logged, not raised.
      await recordAttempt(deps, attempt).catch((storeError: unknown) =>
        deps.logger.error({ err: storeError, host }, 'could not record a failed facts gathering'),
      );
    }
    return { host, ok: false, error, durationMs };
  }
}

/** Parses the output; garbage is journaled as a failure of its own, since the run itself ended well. */
async function readFacts(
  deps: FactsDeps,
  host: string,
  startedAt: Date,
  result: CommandResult,
  actor: string,
): Promise<HostFacts> {
  try {
    return factsFromOutput({ host, gatheredAt: startedAt.toISOString(), stdout: result.stdout });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const exit =
      result.exitCode === 0
        ? undefined
        : result.exitCode === null
          ? result.signal === null
            ? 'the connection ended without an exit status'
            : `the script was ended by signal ${result.signal}`
          : `the script exited with ${result.exitCode}${result.stderr.trim() === '' ? '' : `: ${result.stderr.trim().split('\n')[0]?.slice(0, 200)}`}`;
    const located =
      exit === undefined
        ? error
        : new AppError(error.code, `${error.message} (${exit})`, {
            ...(error.hint === undefined ? {} : { hint: error.hint }),
            details: error.details,
            cause: error,
          });
    if (result.exitCode === 0) {
      await deps.store.transaction((trx) =>
        appendJournalEntry({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
          startedAt,
          endedAt: deps.clock.now(),
          actor,
          category: 'operation',
          hosts: [host],
          summary: `facts: unreadable output from ${host}`,
          result: 'failed',
          error: `${located.code}: ${located.message}`,
        }),
      );
    }
    throw located;
  }
}

function toGatherError(deps: CoreDeps, host: string, failure: unknown): GatherError {
  if (isAppError(failure)) return { code: failure.code, message: failure.message, hint: failure.hint };
  deps.logger.error({ err: failure, host }, 'unexpected failure while gathering facts');
  return {
    code: 'INTERNAL',
    message: `Gathering the facts of ${host} failed unexpectedly: ${(failure as Error)?.message ?? String(failure)}`,
    hint: "This is a bug in Vigie: see the server's log, and report it.",
  };
}

/** `work` over `items`, at most `limit` at a time, results in the order of `items`; `work` must not throw. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
