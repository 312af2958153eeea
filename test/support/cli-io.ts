/** A terminal for in-process CLI tests: captures what commands print, answers no to confirmations. */
import type { CliIo } from '../../src/cli/io.js';

export interface CapturedIo extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
}

/** `stdinLine` is what a command reading standard input (e.g. `--password-stdin`) receives. */
export function captureIo(stdinLine = ''): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    interactive: false,
    confirm: async () => false,
    readLine: async () => stdinLine,
  };
}
