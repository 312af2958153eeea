/**
 * The only file that runs restic, the engine that stores every backup (docs/design/backups.md).
 * Commands are argument lists, never shell strings. The repository password reaches restic in its own
 * environment only (RESTIC_PASSWORD, readable by the same user alone; Node's extra stdio are sockets,
 * which restic's --password-file cannot open), never on a command line, in Vigie's environment or a log.
 * An sftp repository's ssh command and its private files come from the repository's `sftp` transport,
 * prepared for each restic process and removed when it exits.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { type Readable, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { spawnTied } from './child.js';

export interface ResticRepository {
  /** restic's repository string: a local path, or `sftp://user@host:port//path`. */
  readonly location: string;
  readonly password: string;
  /** For sftp: how restic's ssh reaches the host (pinned host key, Vigie's key), prepared per run. */
  readonly sftp?: SftpTransport | undefined;
  /** restic's local cache; none when undefined (every read goes to the repository). */
  readonly cacheDir?: string | undefined;
}

/**
 * The ssh side of an sftp repository. `prepare` runs before each restic process (it writes the private
 * files ssh needs: known hosts, key, config) and its `release` once that process has exited.
 */
export interface SftpTransport {
  /** The inventory host, named in errors. */
  readonly host: string;
  prepare(): PreparedSftp;
}

export interface PreparedSftp {
  /** The ssh command restic runs (`sftp.command`), as arguments. */
  readonly command: readonly string[];
  /** What ssh logged (its errors go to a file: restic may exit before relaying ssh's stderr). */
  diagnostics(): string;
  release(): void;
}

export type ResticFailure =
  | 'wrong-password'
  | 'no-repository'
  | 'repository-exists'
  | 'locked'
  | 'no-space'
  | 'corrupted'
  | 'not-found'
  | 'interrupted'
  | 'unreachable'
  | 'host-key'
  | 'login-refused'
  | 'failed';

/** restic said no; `kind` lets callers tell a wrong key from a full disk without reading messages. */
export class ResticError extends Error {
  constructor(
    readonly kind: ResticFailure,
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
    /** The sftp host, when the repository is reached over SSH. */
    readonly host?: string | undefined,
  ) {
    super(`restic ${command} failed: ${describe(kind, stderr, host)}`);
    this.name = 'ResticError';
  }
}

export interface SnapshotSummary {
  readonly snapshotId: string;
  /** New data restic stored for this snapshot, after deduplication (restic 0.14: before compression). */
  readonly addedBytes: number;
  /** Bytes read from the stream or the files. */
  readonly processedBytes: number;
}

export interface ResticSnapshot {
  readonly id: string;
  readonly time: string;
  readonly paths: readonly string[];
  readonly tags: readonly string[];
  readonly hostname: string;
}

/** Runs `restic` with the repository's options; the caller reads or writes the child's streams. */
function startRestic(
  repo: ResticRepository,
  args: readonly string[],
  stdin: 'pipe' | 'ignore',
  signal?: AbortSignal,
): ChildProcess {
  const options = ['--repo', repo.location];
  options.push(...(repo.cacheDir === undefined ? ['--no-cache'] : ['--cache-dir', repo.cacheDir]));
  return spawnWithSftp(repo.sftp, (sftpOptions) =>
    spawnTied('restic', [...options, ...sftpOptions, ...args], {
      stdio: [stdin, 'pipe', 'pipe'],
      env: resticEnvironment({ RESTIC_PASSWORD: repo.password }),
      ...(signal === undefined ? {} : { signal, killSignal: 'SIGINT' }),
    }),
  );
}

/** The sftp host of each running restic and, once it exited, ssh's log: its failure names both. */
const sftpOfChild = new WeakMap<ChildProcess, { host: string; sshLog: string }>();

/**
 * Spawns restic with the `sftp.command` option when the repository is reached over SSH: the private
 * files ssh needs exist from just before the spawn until restic has exited, and no longer.
 */
function spawnWithSftp(
  sftp: SftpTransport | undefined,
  spawnRestic: (sftpOptions: readonly string[]) => ChildProcess,
): ChildProcess {
  if (sftp === undefined) return spawnRestic([]);
  const prepared = sftp.prepare();
  let child: ChildProcess;
  try {
    child = spawnRestic(['--option', `sftp.command=${sftpCommandLine(prepared.command)}`]);
  } catch (error) {
    prepared.release();
    throw error;
  }
  const seen = { host: sftp.host, sshLog: '' };
  sftpOfChild.set(child, seen);
  // Registered before any caller's: the log is read before the private directory goes.
  child.once('close', () => {
    seen.sshLog = prepared.diagnostics();
    prepared.release();
  });
  child.once('error', () => prepared.release());
  return child;
}

/** A minimal environment: nothing of Vigie's own (its secrets key, database URL) reaches restic. */
function resticEnvironment(passwords: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    ...passwords,
  };
}

/**
 * restic splits `sftp.command` itself (restic 0.14's SplitShellStrings): whitespace, quotes and
 * backslashes all separate or quote arguments, so an argument holding one could not be passed as
 * written and could smuggle in another option. Such an argument is refused, never escaped.
 */
export function sftpCommandLine(command: readonly string[]): string {
  const unsafe = command.find((arg) => arg === '' || /[\s'"\\]/.test(arg));
  if (unsafe !== undefined) {
    throw new Error(
      `the sftp command argument ${JSON.stringify(unsafe)} is empty or holds a space, quote or backslash, which restic would split: it is refused`,
    );
  }
  return command.join(' ');
}

/** ssh's banner and advice about a changed key: its fix (edit our temporary known_hosts) is not the user's. */
const SSH_ADVICE =
  /^(@|IT IS POSSIBLE|Someone could|It is also possible|Please contact|Add correct host key|Offending|\s+remove with|\s+ssh-keygen)/;

/** Collects a child's stdout and stderr and resolves with them when it exits 0; otherwise a ResticError. */
async function finish(child: ChildProcess, command: string, keepStdout = true): Promise<string> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  if (keepStdout) child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => {
    // Progress lines can be many; the end of stderr holds the reason.
    err.push(chunk);
    if (err.length > 64) err.splice(0, err.length - 64);
  });
  const [code, exitSignal] = (await once(child, 'close').catch((error: unknown) => {
    throw new ResticError('failed', command, String(error), null);
  })) as [number | null, NodeJS.Signals | null];
  const stderr = Buffer.concat(err).toString('utf8');
  if (code !== 0) {
    const sftp = sftpOfChild.get(child);
    const sshLog = (sftp?.sshLog ?? '')
      .split('\n')
      .filter((line) => line.trim() !== '' && !SSH_ADVICE.test(line))
      .map((line) => `ssh: ${line}`)
      .join('\n');
    const said = sshLog === '' ? stderr : `${stderr}\n${sshLog}`;
    const kind = exitSignal !== null || code === 130 ? 'interrupted' : classify(said);
    throw new ResticError(kind, command, said, code, sftp?.host);
  }
  return Buffer.concat(out).toString('utf8');
}

/** Creates the repository; refuses when one is already there. */
export async function initRepository(repo: ResticRepository): Promise<void> {
  await finish(startRestic(repo, ['init'], 'ignore'), 'init');
}

/** True when the repository exists and opens with this password. */
export async function repositoryOpens(repo: ResticRepository): Promise<boolean> {
  try {
    await finish(startRestic(repo, ['cat', 'config'], 'ignore'), 'cat config');
    return true;
  } catch (error) {
    if (error instanceof ResticError && error.kind === 'no-repository') return false;
    throw error;
  }
}

export interface StdinBackup {
  /** Where the artifact's bytes go; restic stores them as one file named `filename`. */
  readonly input: Writable;
  /** Ends the input and waits for restic to save the snapshot. Call only once the source succeeded. */
  commit(): Promise<SnapshotSummary>;
  /** Interrupts restic before the input ends, so no snapshot is saved. */
  abandon(): Promise<void>;
  /** After the end: restic's own failure, if it failed before being interrupted (e.g. a full disk). */
  failure(): Promise<ResticError | undefined>;
}

export interface StdinBackupOptions {
  readonly filename: string;
  readonly tags: readonly string[];
  readonly hostname: string;
}

/**
 * Starts `restic backup --stdin`. The stream is saved only by `commit()`: a source that fails must be
 * followed by `abandon()`, which interrupts restic (SIGINT) before its input ends: restic then saves
 * nothing, and the next prune removes what it had written.
 */
export function startStdinBackup(repo: ResticRepository, options: StdinBackupOptions): StdinBackup {
  const args = [
    'backup',
    '--json',
    '--stdin',
    '--stdin-filename',
    options.filename,
    '--host',
    options.hostname,
  ];
  for (const tag of options.tags) args.push('--tag', tag);
  const child = startRestic(repo, args, 'pipe');
  const input = guardedInput(child.stdin as Writable);
  // A restic that died early closes its stdin: the writer sees an error, and `failure()` says why.
  input.on('error', () => undefined);
  let failed: ResticError | undefined;
  const done = finish(child, 'backup');
  done.catch((error: unknown) => {
    // An interrupt is ours (abandon); any other failure is restic's own reason (a full disk...).
    if (error instanceof ResticError && error.kind !== 'interrupted') failed = error;
  });
  return {
    input,
    commit: async () => {
      input.end();
      return parseBackupSummary(await done);
    },
    abandon: async () => {
      // A restic that closed its input is already failing on its own: let it say why before interrupting.
      if (input.destroyed || child.exitCode !== null) {
        await Promise.race([
          done.catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 5000)),
        ]);
      }
      child.kill('SIGINT');
      await done.catch(() => undefined);
    },
    failure: async () => {
      await done.catch(() => undefined);
      return failed;
    },
  };
}

/**
 * restic's stdin as the writer sees it. A restic that dies before reading (an unreachable host, a
 * refused host key) leaves its stdin already closed: a writer that then waits for 'drain' or 'close'
 * would wait forever. Here every write after restic's stdin has gone fails, inside that write, so
 * the writer always hears of it.
 */
function guardedInput(stdin: Writable): Writable {
  let gone: Error | undefined;
  const goneNow = (): Error => {
    gone ??= new Error('restic stopped reading the stream');
    return gone;
  };
  stdin.on('error', goneNow);
  stdin.on('close', goneNow);
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (gone !== undefined || stdin.destroyed) {
        callback(goneNow());
        return;
      }
      if (stdin.write(chunk)) {
        callback();
        return;
      }
      const settle = (): void => {
        stdin.off('drain', settle);
        stdin.off('close', settle);
        callback(gone);
      };
      stdin.on('drain', settle);
      stdin.on('close', settle);
    },
    final(callback) {
      stdin.end();
      callback();
    },
    destroy(error, callback) {
      if (!stdin.destroyed && error !== null) stdin.destroy();
      callback(error);
    },
  });
}

function parseBackupSummary(stdout: string): SnapshotSummary {
  for (const line of stdout.split('\n').reverse()) {
    if (!line.includes('"summary"')) continue;
    const message = JSON.parse(line) as {
      message_type?: string;
      snapshot_id?: string;
      data_added?: number;
      total_bytes_processed?: number;
    };
    if (message.message_type === 'summary' && typeof message.snapshot_id === 'string') {
      return {
        snapshotId: message.snapshot_id,
        addedBytes: message.data_added ?? 0,
        processedBytes: message.total_bytes_processed ?? 0,
      };
    }
  }
  throw new ResticError('failed', 'backup', 'restic exited 0 without a summary line naming the snapshot', 0);
}

export interface SnapshotRead {
  /** The file's bytes, as restic decrypts and checks them. */
  readonly output: Readable;
  /** Resolves when restic exited 0; rejects with a ResticError (e.g. `corrupted`) otherwise. */
  readonly done: Promise<void>;
  /** Stops reading (a consumer that failed). */
  stop(): void;
}

/** Streams one file of a snapshot (`restic dump`); every blob is authenticated as it is read. */
export function readSnapshotFile(repo: ResticRepository, snapshotId: string, filename: string): SnapshotRead {
  const child = startRestic(repo, ['dump', snapshotId, filename], 'ignore');
  const output = child.stdout as Readable;
  const done = finish(child, 'dump', false).then(() => undefined);
  done.catch(() => undefined);
  return { output, done, stop: () => child.kill('SIGTERM') };
}

export async function listSnapshots(repo: ResticRepository, tag?: string): Promise<ResticSnapshot[]> {
  const args = ['snapshots', '--json', ...(tag === undefined ? [] : ['--tag', tag])];
  const parsed = JSON.parse(await finish(startRestic(repo, args, 'ignore'), 'snapshots')) as Array<{
    id: string;
    time: string;
    paths?: string[];
    tags?: string[];
    hostname?: string;
  }> | null;
  return (parsed ?? []).map((s) => ({
    id: s.id,
    time: s.time,
    paths: s.paths ?? [],
    tags: s.tags ?? [],
    hostname: s.hostname ?? '',
  }));
}

/** Forgets snapshots (their data stays until `prune`). */
export async function forgetSnapshots(repo: ResticRepository, snapshotIds: readonly string[]): Promise<void> {
  if (snapshotIds.length === 0) return;
  await exclusively(repo, () => finish(startRestic(repo, ['forget', ...snapshotIds], 'ignore'), 'forget'));
}

/**
 * Runs a command that needs the repository's exclusive lock. A lock left by a restic that has exited
 * (restic 0.14's copy can leave its lock behind for a moment) is stale: `unlock` removes only such
 * locks, then the command runs once more; a live restic's lock is still refused.
 */
async function exclusively<T>(repo: ResticRepository, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ResticError) || error.kind !== 'locked') throw error;
    await unlockRepository(repo);
    return run();
  }
}

/** Removes data no snapshot references any more. */
export async function pruneRepository(repo: ResticRepository): Promise<void> {
  await exclusively(repo, () => finish(startRestic(repo, ['prune'], 'ignore'), 'prune'));
}

/** Removes stale locks left by a restic that was killed (only locks of dead processes on this host). */
export async function unlockRepository(repo: ResticRepository): Promise<void> {
  await finish(startRestic(repo, ['unlock'], 'ignore'), 'unlock');
}

/** Checks the repository's structure, and with `readData` every byte of every pack. */
export async function checkRepository(repo: ResticRepository, options: { readData: boolean }): Promise<void> {
  await finish(startRestic(repo, ['check', ...(options.readData ? ['--read-data'] : [])], 'ignore'), 'check');
}

/**
 * Copies snapshots to a second repository (the off-site copy); both passwords stay in the child's
 * environment. restic 0.14 takes one set of extended options for both repositories, so at most one of
 * them may be an sftp repository (local to sftp, or sftp to local).
 */
export async function copySnapshots(
  from: ResticRepository,
  to: ResticRepository,
  snapshotIds: readonly string[],
): Promise<void> {
  if (from.sftp !== undefined && to.sftp !== undefined) {
    throw new Error(
      `copying between two sftp repositories (${from.sftp.host} to ${to.sftp.host}) is not supported: make a local destination the first one, it copies to each sftp one`,
    );
  }
  const args = ['copy', '--from-repo', from.location, ...snapshotIds];
  const child = spawnWithSftp(to.sftp ?? from.sftp, (sftpOptions) =>
    spawnTied(
      'restic',
      [
        '--repo',
        to.location,
        ...(to.cacheDir === undefined ? ['--no-cache'] : ['--cache-dir', to.cacheDir]),
        ...sftpOptions,
        ...args,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: resticEnvironment({ RESTIC_PASSWORD: to.password, RESTIC_FROM_PASSWORD: from.password }),
      },
    ),
  );
  await finish(child, 'copy');
}

function classify(stderr: string): ResticFailure {
  const text = stderr.toLowerCase();
  if (text.includes('wrong password') || text.includes('no key found')) return 'wrong-password';
  if (
    text.includes('config file already exists') ||
    text.includes('repository master key and config already initialized')
  )
    return 'repository-exists';
  if (
    text.includes('is there a repository at the following location') ||
    text.includes('unable to open config file')
  )
    return 'no-repository';
  if (text.includes('repository is already locked')) return 'locked';
  if (text.includes('no space left on device') || text.includes('disk quota exceeded')) return 'no-space';
  if (
    text.includes('ciphertext verification failed') ||
    text.includes('hash does not match') ||
    text.includes('checksum mismatch') ||
    text.includes('invalid data returned') ||
    text.includes('decrypt')
  )
    return 'corrupted';
  if (
    text.includes('no matching id found') ||
    text.includes('not found in snapshot') ||
    text.includes('no snapshot found')
  )
    return 'not-found';
  // ssh's own words (restic passes its stderr on) come before restic's "ssh command exited".
  if (
    text.includes('host key verification failed') ||
    text.includes('remote host identification has changed') ||
    text.includes('host key is known for')
  )
    return 'host-key';
  if (text.includes('permission denied (publickey')) return 'login-refused';
  if (
    text.includes('connection refused') ||
    text.includes('connection closed') ||
    text.includes('connection reset') ||
    text.includes('connection timed out') ||
    text.includes('no route to host') ||
    text.includes('could not resolve hostname') ||
    text.includes('broken pipe') ||
    text.includes('timeout, server') ||
    text.includes('ssh command exited') ||
    text.includes('connection lost') ||
    text.includes('unexpected eof')
  )
    return 'unreachable';
  return 'failed';
}

/** What to do, for the failures of a repository reached over SSH; names the host. */
const SFTP_HINTS: Partial<Record<ResticFailure, (host: string) => string>> = {
  'host-key': (host) =>
    `the SSH host key of ${host} is not the one Vigie pinned: nothing was accepted. It may be an attack or a reinstalled host: check the key on its console, then vigie remote run ${host} -- true and vigie hostkey approve ${host} --fingerprint ...`,
  'login-refused': (host) =>
    `${host} refused Vigie's SSH key: put the public half of the host's ssh.key in the user's authorized_keys there`,
  unreachable: (host) =>
    `the backup host ${host} could not be reached over SSH or the link dropped: check that it is up and its ssh address and port in the inventory`,
};

const HINTS: Record<ResticFailure, string> = {
  'wrong-password':
    'the repository does not open with this key: check the destination’s key (vigie backup key)',
  'no-repository': 'no restic repository at this location: run vigie backup init for the destination',
  'repository-exists': 'a repository already exists at this location',
  locked: 'another restic holds the repository lock; if none runs, vigie backup unlock removes a stale lock',
  'no-space': 'the destination is full: free space or prune, then run the backup again',
  corrupted: 'the repository’s data does not match its checksums: the artifact is damaged',
  'not-found': 'the snapshot or file is not in the repository',
  interrupted: 'restic was interrupted',
  unreachable: 'the destination could not be reached',
  'host-key': 'the SSH host key of the destination is not the pinned one',
  'login-refused': 'the destination refused the SSH key',
  failed: 'see restic’s message',
};

function describe(kind: ResticFailure, stderr: string, host?: string): string {
  const hint = host === undefined ? HINTS[kind] : (SFTP_HINTS[kind]?.(host) ?? `${HINTS[kind]} (${host})`);
  const lastLines = stderr
    .split('\n')
    .map((line) => stripVTControlCharacters(line).trim())
    .filter((line) => line !== '')
    .slice(-3)
    .join(' / ');
  return lastLines === '' ? hint : `${hint} (${lastLines})`;
}
