/** The `vigie` command line: mounts each domain's commands and maps errors to exit codes. */
import { Command, CommanderError } from 'commander';
import { registerAlertingCommands } from '../alerting/commands.js';
import { registerAuditCommands } from '../audit/commands.js';
import { registerUserCommands } from '../auth/commands.js';
import { registerBackupCommands } from '../backup/commands.js';
import { registerRestoreCommand } from '../backup/restore-commands.js';
import { isAppError } from '../errors/app-error.js';
import { registerFactsCommands } from '../facts/commands.js';
import { registerDriftCommands } from '../facts/drift/commands.js';
import { registerServeCommand } from '../http/serve-command.js';
import { registerInventoryCommands } from '../inventory/commands.js';
import { registerMetricsCommands } from '../metrics/commands.js';
import { registerMonitoringCommands } from '../monitoring/commands.js';
import { registerRemoteCommands } from '../remote/commands.js';
import { registerUpdatesCommands } from '../updates/commands.js';
import { type CliContext, createCliContext } from './context.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';

export function buildProgram(context: CliContext): Command {
  const program = new Command('vigie')
    .description('Vigie: run the maintenance of a hosting rack, and prove it.')
    .option('--data <dir>', 'data directory of the SQLite store (env VIGIE_DATA_DIR, default ./data)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({
    writeOut: (text) => context.io.out(text),
    writeErr: (text) => context.io.err(text),
  });
  registerInventoryCommands(program, context);
  registerServeCommand(program, context);
  registerUserCommands(program, context);
  registerAuditCommands(program, context);
  registerRemoteCommands(program, context);
  registerFactsCommands(program, context);
  registerDriftCommands(program, context);
  registerMetricsCommands(program, context);
  registerUpdatesCommands(program, context);
  registerMonitoringCommands(program, context);
  registerAlertingCommands(program, context);
  registerBackupCommands(program, context);
  registerRestoreCommand(program, context);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function main(
  argv: readonly string[],
  io: CliIo = processIo(),
  env = process.env,
): Promise<number> {
  const context = createCliContext(env, io);
  const program = buildProgram(context);
  try {
    // Commands report a non-zero outcome through process.exitCode; read it and leave it clean.
    process.exitCode = undefined;
    await program.parseAsync([...argv]);
    const code = typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
    process.exitCode = undefined;
    return code;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version are not failures.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (isAppError(error)) {
    io.err(`error: ${error.message}`);
    if (error.hint) io.err(`hint: ${error.hint}`);
    return exitCodeFor(error.code);
  }
  // An unexpected failure: say so plainly, keep the stack for whoever asks for it.
  io.err(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.VIGIE_DEBUG) io.err(error instanceof Error ? (error.stack ?? '') : '');
  else io.err('hint: run again with VIGIE_DEBUG=1 to see the details, and report it.');
  return EXIT_INTERNAL;
}
