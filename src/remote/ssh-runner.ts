/**
 * The SSH runner every feature uses: one pooled connection per host (and per jump chain), a limit of
 * concurrent commands per host, time limits, sudo, host key pinning, and a journal entry for every
 * run, failed or not.
 */

import { AppError, isAppError } from '../errors/app-error.js';
import { appendJournalEntry } from '../journal/append.js';
import type { Logger } from '../log/logger.js';
import type { OutboundPolicy } from '../net/outbound-policy.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import { checkHostKey } from './host-keys.js';
import type { CommandResult, RemoteCommand, RemoteHost, RunOptions, SshRunner } from './remote-host.js';
import type { SecretBox } from './secret-box.js';
import { openSshKey } from './secrets.js';
import { buildRemoteCommand, quoteShellArg } from './shell-quote.js';
import { openSshSession, type SshSession } from './ssh-session.js';

export interface SshRunnerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secretBox: SecretBox;
  readonly policy: OutboundPolicy;
}

export interface SshRunnerOptions {
  /** Commands running at once on one host (default 4); more wait their turn. */
  readonly maxPerHost?: number;
  readonly connectTimeoutMs?: number;
  /** Default command time limit (default 5 minutes). */
  readonly commandTimeoutMs?: number;
  /** A connection unused this long is closed (default 30 s). */
  readonly idleMs?: number;
  readonly maxOutputBytes?: number;
}

interface PoolEntry {
  session: Promise<SshSession> | undefined;
  active: number;
  readonly waiting: Array<() => void>;
  idleTimer: NodeJS.Timeout | undefined;
}

/** Builds a runner; call `close()` when done (shutdown, end of a CLI command). */
export function createSshRunner(deps: SshRunnerDeps, options: SshRunnerOptions = {}): SshRunner {
  const maxPerHost = options.maxPerHost ?? 4;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const defaultTimeoutMs = options.commandTimeoutMs ?? 300_000;
  const idleMs = options.idleMs ?? 30_000;
  const maxOutputBytes = options.maxOutputBytes ?? 8 * 1024 * 1024;
  const pool = new Map<string, PoolEntry>();
  const hostKeyDeps = { store: deps.store, clock: deps.clock, dialect: deps.store.dialect };

  const entryFor = (host: RemoteHost): PoolEntry => {
    const id = poolKey(host);
    let entry = pool.get(id);
    if (entry === undefined) {
      entry = { session: undefined, active: 0, waiting: [], idleTimer: undefined };
      pool.set(id, entry);
    }
    return entry;
  };

  const sessionFor = async (host: RemoteHost): Promise<SshSession> => {
    const entry = entryFor(host);
    if (entry.session === undefined) {
      const opening = openFor(host);
      entry.session = opening;
      // A failed or dropped connection leaves the pool, so the next run reconnects (and re-checks the key).
      const forget = (): void => {
        if (entry.session === opening) entry.session = undefined;
      };
      opening.then((session) => session.closed.catch(forget), forget);
    }
    return await entry.session;
  };

  const openFor = async (host: RemoteHost): Promise<SshSession> => {
    const via = host.jump === undefined ? undefined : await sessionFor(host.jump);
    const privateKey = await openSshKey(deps, host.key);
    return await openSshSession({
      host,
      privateKey,
      policy: deps.policy,
      connectTimeoutMs,
      via,
      verifyHostKey: (blob) =>
        checkHostKey(hostKeyDeps, { host: host.name, address: `${host.address}:${host.port}`, blob }),
    });
  };

  const acquire = async (entry: PoolEntry): Promise<void> => {
    if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    if (entry.active < maxPerHost) {
      entry.active += 1;
      return;
    }
    await new Promise<void>((resolve) => entry.waiting.push(resolve));
  };

  const release = (entry: PoolEntry): void => {
    const next = entry.waiting.shift();
    if (next !== undefined) {
      next();
      return;
    }
    entry.active -= 1;
    if (entry.active === 0) {
      entry.idleTimer = setTimeout(() => {
        const session = entry.session;
        entry.session = undefined;
        session?.then(
          (s) => s.end(),
          () => {},
        );
      }, idleMs);
      entry.idleTimer.unref();
    }
  };

  const execute = async (
    host: RemoteHost,
    command: RemoteCommand,
    timeoutMs: number,
  ): Promise<CommandResult> => {
    const commandLine = buildRemoteCommand(command.argv, { sudo: command.sudo });
    const entry = entryFor(host);
    await acquire(entry);
    const started = Date.now();
    try {
      const session = await sessionFor(host);
      const outcome = await session.exec(commandLine, { timeoutMs, stdin: command.stdin, maxOutputBytes });
      const result = { host: host.name, ...outcome, durationMs: Date.now() - started };
      if (outcome.timedOut) {
        throw new AppError(
          'REMOTE_FAILED',
          `${describe(command)} on ${host.name} did not finish within ${timeoutMs} ms and was killed`,
          {
            hint: 'The host may be overloaded, or the command waits for something; look at it on the host, or allow more time.',
            details: {
              host: host.name,
              timeoutMs,
              stdout: tail(outcome.stdout),
              stderr: tail(outcome.stderr),
            },
          },
        );
      }
      if (command.sudo && outcome.exitCode !== 0 && isSudoRefusal(outcome.stderr)) {
        throw new AppError(
          'REMOTE_FAILED',
          `sudo was refused on ${host.name} for ${host.user}: ${firstLine(outcome.stderr)}`,
          {
            hint: `Give ${host.user} password-less sudo for the commands Vigie runs (sudoers NOPASSWD), or use a user that has it.`,
            details: { host: host.name, user: host.user, stderr: tail(outcome.stderr) },
          },
        );
      }
      return result;
    } finally {
      release(entry);
    }
  };

  return {
    run: async (host, command, runOptions: RunOptions) => {
      const startedAt = deps.clock.now();
      let result: CommandResult | undefined;
      let failure: unknown;
      try {
        result = await execute(host, command, runOptions.timeoutMs ?? defaultTimeoutMs);
        return result;
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        await journal(deps, { host, command, runOptions, startedAt, result, failure });
      }
    },
    stream: async (host, command, runOptions: RunOptions) => {
      const startedAt = deps.clock.now();
      const commandLine = buildRemoteCommand(command.argv, { sudo: command.sudo });
      const entry = entryFor(host);
      await acquire(entry);
      const started = Date.now();
      let streaming: Awaited<ReturnType<SshSession['execStream']>>;
      try {
        const session = await sessionFor(host);
        streaming = await session.execStream(commandLine, { keepStdin: command.streamStdin });
      } catch (error) {
        release(entry);
        await journal(deps, { host, command, runOptions, startedAt, result: undefined, failure: error });
        throw error;
      }
      const result = streaming.exited.then(async (outcome) => {
        release(entry);
        const commandResult: CommandResult = {
          host: host.name,
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          stdout: '',
          stderr: outcome.stderr,
          durationMs: Date.now() - started,
        };
        await journal(deps, {
          host,
          command,
          runOptions,
          startedAt,
          result: commandResult,
          failure: undefined,
        });
        return commandResult;
      });
      return { output: streaming.stdout, input: streaming.stdin, result, kill: () => streaming.kill() };
    },
    close: async () => {
      const sessions = [...pool.values()].map((entry) => {
        if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
        return entry.session;
      });
      pool.clear();
      await Promise.all(
        sessions.map((session) =>
          session?.then(
            (s) => s.end(),
            () => {},
          ),
        ),
      );
    },
  };
}

interface JournalInput {
  readonly host: RemoteHost;
  readonly command: RemoteCommand;
  readonly runOptions: RunOptions;
  readonly startedAt: Date;
  readonly result: CommandResult | undefined;
  readonly failure: unknown;
}

/** Writes the run's journal entry; a journal that cannot be written is logged, not hidden behind the run's own error. */
async function journal(deps: SshRunnerDeps, input: JournalInput): Promise<void> {
  const { host, command, result, failure } = input;
  const ok = failure === undefined && result?.exitCode === 0;
  const error =
    failure !== undefined
      ? isAppError(failure)
        ? `${failure.code}: ${failure.message}`
        : String((failure as Error).message ?? failure)
      : ok
        ? undefined
        : `exit ${result?.exitCode ?? `signal ${result?.signal}`}: ${firstLine(result?.stderr ?? '')}`.trim();
  const mismatch = isAppError(failure) && failure.code === 'HOST_KEY_MISMATCH';
  if (ok && input.runOptions.journal === 'failures') return;
  try {
    await deps.store.transaction((trx) =>
      appendJournalEntry({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
        startedAt: input.startedAt,
        endedAt: deps.clock.now(),
        actor: input.runOptions.actor,
        category: mismatch ? 'security' : (input.runOptions.category ?? 'operation'),
        hosts: [host.name],
        summary: `${command.label ?? describe(command)} on ${host.name}`,
        detail: `${host.user}@${host.address}:${host.port}${host.jump ? ` via ${host.jump.name}` : ''}${command.sudo ? ' (sudo)' : ''}: ${command.secretArgs ? quoteShellArg(command.argv[0] ?? '') : command.argv.map(quoteShellArg).join(' ')}`,
        result: ok ? 'ok' : 'failed',
        error,
      }),
    );
  } catch (journalError) {
    deps.logger.error(
      { err: journalError, host: host.name },
      'could not write the journal entry of a remote operation',
    );
    if (failure === undefined) throw journalError;
  }
}

function describe(command: RemoteCommand): string {
  return command.label ?? command.argv[0] ?? 'command';
}

function poolKey(host: RemoteHost): string {
  const self = `${host.name}=${host.user}@${host.address}:${host.port}/${host.key}`;
  return host.jump === undefined ? self : `${self} via ${poolKey(host.jump)}`;
}

function isSudoRefusal(stderr: string): boolean {
  return /^sudo: |sudo: command not found|sudo: not found/m.test(stderr);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}

function tail(text: string): string {
  return text.length > 2000 ? `…${text.slice(-2000)}` : text;
}
