/** Turns a failed remote command of an updates check into a located error. */
import { AppError } from '../errors/app-error.js';
import type { CommandResult } from '../remote/remote-host.js';

/** Returns stdout when the command exited 0; otherwise throws REMOTE_FAILED naming host, step and stderr. */
export function stdoutOrFail(result: CommandResult, step: string, hint: string): string {
  if (result.exitCode === 0) return result.stdout;
  const stderr = result.stderr.trim();
  const firstError = stderr.split('\n').find((line) => /^E: /.test(line)) ?? stderr.split('\n')[0] ?? '';
  throw new AppError(
    'REMOTE_FAILED',
    `${step} failed on ${result.host} (exit ${result.exitCode ?? `signal ${result.signal}`}): ${firstError.slice(0, 300)}`,
    { hint, details: { host: result.host, step, exitCode: result.exitCode, stderr: stderr.slice(-2000) } },
  );
}
