/** What the SSH layer needs to know about a host, and what it returns from a command. */
import type { Readable, Writable } from 'node:stream';
import type { JournalCategory } from '../journal/tables.js';
import type { RemoteArgv } from './shell-quote.js';

export interface RemoteHost {
  /** Vigie's name for the host (inventory id): pins, journal entries and errors use it. */
  readonly name: string;
  /** IP address or DNS name to connect to (from the jump host, when there is one). */
  readonly address: string;
  readonly port: number;
  readonly user: string;
  /** Name of the stored SSH private key (`vigie secret set-ssh-key`). */
  readonly key: string;
  /** Reach this host through an SSH connection to another one (e.g. the edge firewall). */
  readonly jump?: RemoteHost | undefined;
}

export interface RemoteCommand {
  /** Program and arguments; never a shell string. */
  readonly argv: RemoteArgv;
  /** Run through `sudo -n`: a sudo that would prompt fails instead. */
  readonly sudo?: boolean | undefined;
  /** What the journal says was done, e.g. `facts: packages`; default: the program and its arguments. */
  readonly label?: string | undefined;
  /** Arguments carry secrets: the journal records the program name only. */
  readonly secretArgs?: boolean | undefined;
  /** Sent to the command's standard input, then closed. */
  readonly stdin?: string | undefined;
  /**
   * `stream` only: keep the command's standard input open and hand it over as
   * `StreamedCommand.input` (a restore feeds its archive to `tar -x` this way); the caller ends it.
   */
  readonly streamStdin?: boolean | undefined;
}

export interface RunOptions {
  /** Who or what started it, for the journal: `user:alice`, `cli:root`, `job:facts`. */
  readonly actor: string;
  /** Kill the command after this long (default: the runner's). */
  readonly timeoutMs?: number | undefined;
  readonly category?: JournalCategory | undefined;
  /**
   * `always` (default): every run is a journal entry. `failures`: only failed runs are, for routine
   * readings taken on a schedule (host metrics) that would otherwise bury the interventions.
   */
  readonly journal?: 'always' | 'failures' | undefined;
}

export interface CommandResult {
  readonly host: string;
  /** Null when the command ended on a signal. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface StreamedCommand {
  readonly output: Readable;
  /** The command's standard input, when it was asked for with `streamStdin`; end it to close it. */
  readonly input?: Writable | undefined;
  /** Resolves when the command ended, whatever its status (stdout is empty: it was the stream). */
  readonly result: Promise<CommandResult>;
  kill(): void;
}

/** Runs commands on hosts over SSH; every run is journaled. */
export interface SshRunner {
  /** Runs `command` on `host`; resolves with its result whatever its exit code, rejects with a located AppError. */
  run(host: RemoteHost, command: RemoteCommand, options: RunOptions): Promise<CommandResult>;
  /**
   * Starts `command` on `host` and hands its standard output over as a stream (no time limit: the
   * caller ends it with `kill`). It holds one of the host's command slots until it ends, and is
   * journaled when it ends.
   */
  stream(host: RemoteHost, command: RemoteCommand, options: RunOptions): Promise<StreamedCommand>;
  /** Closes every pooled connection. */
  close(): Promise<void>;
}
