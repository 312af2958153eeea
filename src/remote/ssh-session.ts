/**
 * The one adapter over ssh2: opens an authenticated connection (through the outbound allowlist,
 * optionally through a jump connection), pins the host key before authentication, and runs one
 * command on it with a time limit. Pooling, limits and the journal live in ssh-runner.ts.
 */
import type { Duplex, Readable, Writable } from 'node:stream';
import ssh2 from 'ssh2';
import { AppError, isAppError } from '../errors/app-error.js';
import { connectGuarded } from '../net/guarded-connect.js';
import type { OutboundPolicy } from '../net/outbound-policy.js';
import type { RemoteHost } from './remote-host.js';

export interface SshSession {
  /** Runs a command line; resolves when it ends or is killed at `timeoutMs`. */
  exec(commandLine: string, options: ExecOptions): Promise<ExecOutcome>;
  /**
   * Starts a command whose standard output is read as a stream (a backup's archive); nothing is
   * buffered beyond what the reader has not taken yet.
   */
  execStream(commandLine: string, options?: StreamOptions): Promise<StreamingExec>;
  /** Opens a TCP stream from the remote host to `address:port` (to reach a host behind it). */
  forward(address: string, port: number): Promise<Duplex>;
  /** Rejects when the connection ends, errors or is closed. */
  readonly closed: Promise<void>;
  end(): void;
}

export interface ExecOptions {
  readonly timeoutMs: number;
  readonly stdin?: string | undefined;
  /** Output beyond this many bytes per stream is dropped (and said so). */
  readonly maxOutputBytes: number;
}

export interface ExecOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface StreamOptions {
  /** Leave standard input open and hand it over as `stdin` (the caller ends it). */
  readonly keepStdin?: boolean | undefined;
}

export interface StreamingExec {
  readonly stdout: Readable;
  /** The command's standard input, when `keepStdin` was asked. */
  readonly stdin?: Writable | undefined;
  /** Resolves when the command ended (whatever its status), with its last standard error. */
  readonly exited: Promise<{ exitCode: number | null; signal: string | null; stderr: string }>;
  /** Ends the command: TERM to its process group, then KILL. */
  kill(): void;
}

export interface OpenSessionInput {
  readonly host: RemoteHost;
  readonly privateKey: string;
  readonly policy: OutboundPolicy;
  readonly connectTimeoutMs: number;
  /** Checks the presented host key (wire-format blob); throws to refuse before authentication. */
  readonly verifyHostKey: (blob: Buffer) => Promise<void>;
  /** When set, the TCP stream goes through this session instead of a direct socket. */
  readonly via?: SshSession | undefined;
}

/** Connects and authenticates, or rejects with a REMOTE_FAILED / HOST_KEY_* / OUTBOUND_REFUSED AppError. */
export async function openSshSession(input: OpenSessionInput): Promise<SshSession> {
  const { host } = input;
  const where = `${host.address}:${host.port}`;
  let sock: Duplex;
  try {
    if (input.via === undefined) {
      sock = await connectGuarded(input.policy, {
        host: host.address,
        port: host.port,
        purpose: `ssh ${host.name}`,
        timeoutMs: input.connectTimeoutMs,
      });
    } else {
      // The jump host opens the connection, but the destination must still be one Vigie may reach.
      await input.policy.resolve(host.address, `ssh ${host.name}`);
      sock = await input.via.forward(host.address, host.port);
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw unreachable(host, where, error);
  }

  const client = new ssh2.Client();
  let hostKeyError: unknown;
  return await new Promise<SshSession>((resolve, reject) => {
    let ready = false;
    let rejectClosed: (error: Error) => void = () => {};
    const closed = new Promise<void>((_, rejectIt) => {
      rejectClosed = rejectIt;
    });
    closed.catch(() => {});
    client.on('ready', () => {
      ready = true;
      resolve(wrap(client, host, closed));
    });
    client.on('error', (error: Error & { level?: string }) => {
      if (ready) {
        rejectClosed(error);
        return;
      }
      client.end();
      if (hostKeyError !== undefined) reject(hostKeyError);
      else if (error.level === 'client-authentication')
        reject(
          new AppError('REMOTE_FAILED', `SSH login to ${host.name} (${where}) as ${host.user} was refused`, {
            hint: `Check that the public half of the stored key "${host.key}" is in ~${host.user}/.ssh/authorized_keys on ${host.name}.`,
            details: { host: host.name, address: where, user: host.user, key: host.key },
            cause: error,
          }),
        );
      else reject(unreachable(host, where, error));
    });
    client.on('close', () => rejectClosed(new Error(`connection to ${host.name} closed`)));
    client.connect({
      sock,
      username: host.user,
      privateKey: input.privateKey,
      readyTimeout: input.connectTimeoutMs,
      keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        input.verifyHostKey(key).then(
          () => verify(true),
          (error: unknown) => {
            hostKeyError = error;
            verify(false);
          },
        );
      },
    });
  });
}

function wrap(client: ssh2.Client, host: RemoteHost, closed: Promise<void>): SshSession {
  return {
    closed,
    end: () => client.end(),
    forward: (address, port) =>
      new Promise((resolve, reject) => {
        client.forwardOut('127.0.0.1', 0, address, port, (error, stream) => {
          if (error)
            reject(
              unreachable({ ...host, name: `${address} via ${host.name}` }, `${address}:${port}`, error),
            );
          else resolve(stream);
        });
      }),
    execStream: (commandLine, streamOptions = {}) =>
      new Promise((resolve, reject) => {
        client.exec(`echo "${PID_MARKER}$$" >&2; exec ${commandLine}`, (error, channel) => {
          if (error) {
            reject(
              new AppError('REMOTE_FAILED', `${host.name} refused to start a command: ${error.message}`, {
                hint: 'The SSH server may limit sessions (MaxSessions); try again, or lower the concurrency.',
                details: { host: host.name },
                cause: error,
              }),
            );
            return;
          }
          const stderr = new Capture(64 * 1024);
          let exitCode: number | null = null;
          let signal: string | null = null;
          channel.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
          channel.on('exit', (code: number | null, signalName?: string) => {
            exitCode = code;
            signal = signalName ?? null;
          });
          const exited = new Promise<{ exitCode: number | null; signal: string | null; stderr: string }>(
            (resolveExit) => {
              channel.on('close', () => resolveExit({ exitCode, signal, stderr: stderr.text() }));
            },
          );
          if (streamOptions.keepStdin !== true) channel.end();
          resolve({
            stdout: channel,
            stdin: streamOptions.keepStdin === true ? channel : undefined,
            exited,
            kill: () => {
              try {
                signalChannel(channel, 'TERM');
                const pid = stderr.pid();
                if (pid !== undefined) killGroup(client, pid);
              } catch {
                // The connection is already gone (a cut link): so is the command's channel.
              }
              setTimeout(() => channel.close(), 1000).unref();
            },
          });
        });
      }),
    exec: (commandLine, options) =>
      new Promise((resolve, reject) => {
        // The shell reports its pid (which sshd made a session and group leader) before becoming the
        // command, so that a timeout can kill the whole group even where sshd ignores signal requests
        // (root logins, where sshd runs without privilege separation).
        client.exec(`echo "${PID_MARKER}$$" >&2; exec ${commandLine}`, (error, channel) => {
          if (error) {
            reject(
              new AppError('REMOTE_FAILED', `${host.name} refused to start a command: ${error.message}`, {
                hint: 'The SSH server may limit sessions (MaxSessions); try again, or lower the concurrency.',
                details: { host: host.name },
                cause: error,
              }),
            );
            return;
          }
          const stdout = new Capture(options.maxOutputBytes);
          const stderr = new Capture(options.maxOutputBytes);
          let exitCode: number | null = null;
          let signal: string | null = null;
          let timedOut = false;
          let settled = false;
          const finish = (): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ exitCode, signal, stdout: stdout.text(), stderr: stderr.text(), timedOut });
          };
          const timer = setTimeout(() => {
            timedOut = true;
            // TERM first: sudo relays it to the command, which KILL (uncatchable) would leave running.
            signalChannel(channel, 'TERM');
            const pid = stderr.pid();
            if (pid !== undefined) killGroup(client, pid);
            setTimeout(() => signalChannel(channel, 'KILL'), 500).unref();
            // An orphaned child can keep the channel open: stop waiting for the server after that.
            setTimeout(() => {
              channel.close();
              finish();
            }, 1000).unref();
          }, options.timeoutMs);
          channel.on('data', (chunk: Buffer) => stdout.add(chunk));
          channel.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
          channel.on('exit', (code: number | null, signalName?: string) => {
            exitCode = code;
            signal = signalName ?? null;
          });
          channel.on('close', finish);
          if (options.stdin !== undefined) channel.end(options.stdin);
          else channel.end();
        });
      }),
  };
}

/** The parts of ssh2's channel that `signal` needs once standard input is closed. */
interface ChannelInternals {
  readonly outgoing?: { readonly id?: number; readonly state?: string };
  readonly _client?: { readonly _protocol?: { signal(id: number, name: string): void } };
}

/**
 * Sends a signal to the remote command. ssh2's `channel.signal()` does nothing once we have sent EOF
 * (which every command gets, so that none waits on its input), although the SSH protocol allows it:
 * the request then goes through ssh2's protocol object.
 */
function signalChannel(channel: ssh2.ClientChannel, name: string): void {
  if (channel.writable) {
    channel.signal(name);
    return;
  }
  const internals = channel as unknown as ChannelInternals;
  const id = internals.outgoing?.id;
  const state = internals.outgoing?.state;
  if ((state === 'open' || state === 'eof') && id !== undefined)
    internals._client?._protocol?.signal(id, name);
}

const PID_MARKER = 'vigie-pid:';

/** Kills a remote process group from a second channel: TERM, then KILL half a second later. */
function killGroup(client: ssh2.Client, pid: number): void {
  client.exec(
    `kill -TERM -- -${pid} 2>/dev/null; sleep 0.5; kill -KILL -- -${pid} 2>/dev/null; true`,
    (error, channel) => {
      // The timeout is reported whatever happens here; a failed kill only leaves what the signals left.
      if (error) return;
      channel.resume();
      channel.stderr.resume();
      channel.end();
    },
  );
}

class Capture {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #dropped = 0;
  constructor(readonly max: number) {}
  add(chunk: Buffer): void {
    const room = this.max - this.#size;
    if (room <= 0) {
      this.#dropped += chunk.length;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.#chunks.push(kept);
    this.#size += kept.length;
    this.#dropped += chunk.length - kept.length;
  }
  /** The pid the wrapper printed on the first line, once it has arrived. */
  pid(): number | undefined {
    const match = /^vigie-pid:(\d+)\n/.exec(Buffer.concat(this.#chunks).toString('utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  }
  text(): string {
    const all = Buffer.concat(this.#chunks).toString('utf8');
    const body = all.startsWith(PID_MARKER) ? all.slice(all.indexOf('\n') + 1) : all;
    return this.#dropped === 0 ? body : `${body}\n[vigie: ${this.#dropped} more bytes dropped]`;
  }
}

function unreachable(host: RemoteHost, where: string, cause: unknown): AppError {
  const code = (cause as NodeJS.ErrnoException).code;
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused (is sshd running on that port?)'
      : code === 'ETIMEDOUT'
        ? 'no answer (timed out)'
        : (cause as Error).message;
  return new AppError('REMOTE_FAILED', `Cannot reach ${host.name} at ${where}: ${reason}`, {
    hint: `Check that ${host.name} is up, that ${where} is its SSH address and port in the inventory, and that nothing blocks it.`,
    details: { host: host.name, address: where, code: code ?? null },
    cause,
  });
}
