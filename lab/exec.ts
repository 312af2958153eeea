/**
 * Runs the system tools the lab is made of (ip, nft, sshd, pg_ctl...) from argument arrays, never
 * through a shell, and turns a failure into an AppError that says which command failed and why.
 */
import { execFile } from 'node:child_process';
import { AppError } from '../src/errors/app-error.js';

export interface RunOptions {
  /** Written to the command's standard input. */
  readonly input?: string;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command and resolves with its exit code and output, whatever the code. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      [...args],
      { timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, env: options.env ?? process.env },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          // Not an exit status: the command is missing, or was killed by the timeout.
          const reason = error.code === 'ENOENT' ? 'is not installed' : `did not finish (${error.message})`;
          reject(
            new AppError('INTERNAL', `The lab could not run ${command}: it ${reason}.`, {
              hint: 'Run `npm run lab:up` as root on Debian: it installs what the lab needs.',
              details: { command, args },
              cause: error,
            }),
          );
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs a command and fails with its standard error unless it exits 0; resolves with its stdout. */
export async function mustRun(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    throw new AppError('INTERNAL', `Lab command failed: ${command} ${args.join(' ')}`, {
      hint: "Read the command's stderr in the details; `npm run lab:down` then `npm run lab:up` rebuilds the lab.",
      details: { command, args, exitCode: result.code, stderr: result.stderr.trim().slice(-2000) },
    });
  }
  return result.stdout;
}

/** Runs a command inside a lab namespace (`ip netns exec NS command...`). */
export function mustRunIn(
  namespace: string,
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<string> {
  return mustRun('ip', ['netns', 'exec', namespace, command, ...args], options);
}
