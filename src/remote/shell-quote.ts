/**
 * Builds the command line an SSH server hands to the remote user's shell, from an array of arguments:
 * each argument is single-quoted for POSIX sh, so no value (inventory field, user input) is ever
 * interpreted by the shell: not `;`, `$(...)`, backticks, globs, newlines nor quotes.
 */
import { AppError } from '../errors/app-error.js';

/** A command as an argument vector: `['systemctl', 'is-active', 'nginx']`. */
export type RemoteArgv = readonly string[];

/** One argument as a POSIX sh word: `it's` → `'it'\''s'`. */
export function quoteShellArg(arg: string): string {
  if (arg.includes('\0')) {
    throw new AppError(
      'BAD_INPUT',
      'A command argument contains a NUL byte, which no remote command can receive',
      {
        hint: 'Remove the NUL byte from the value (it often comes from a binary file pasted as text).',
      },
    );
  }
  // Plain words need no quotes, which keeps journal lines readable; anything else is quoted whole.
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The whole command line, with `sudo -n --` in front when asked (never prompts: fails instead). */
export function buildRemoteCommand(
  argv: RemoteArgv,
  options: { readonly sudo?: boolean | undefined } = {},
): string {
  if (argv.length === 0 || argv[0] === '') {
    throw new AppError('BAD_INPUT', 'A remote command needs at least a program name', {
      hint: 'Give the program and its arguments, e.g. -- uptime',
    });
  }
  const words = options.sudo ? ['sudo', '-n', '--', ...argv] : [...argv];
  return words.map(quoteShellArg).join(' ');
}
