/** The audit commands: `vigie audit verify`, `vigie audit checkpoint` and `vigie audit log`. */
import { type Command, InvalidArgumentError } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { createCheckpoint, parseCheckpoint, verifyAgainstCheckpoint } from './checkpoint.js';
import { checkCheckpointFileWritable, readCheckpointFile, writeCheckpointFile } from './checkpoint-file.js';
import type { CheckpointStatement } from './checkpoint-statement.js';
import { listAuditEvents, MAX_AUDIT_PAGE } from './list-events.js';
import { formatEvents, formatVerification } from './report-format.js';
import { loadSigningPublicKey } from './signing-key.js';
import { verifyAuditChain } from './verify.js';

/** Mounts `vigie audit ...` on the program. */
export function registerAuditCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const audit = program
    .command('audit')
    .description('the tamper-evident audit trail: verify it, sign checkpoints, read it');

  audit
    .command('verify')
    .description('check that no audit event was altered, inserted or deleted (exit 4 if one was)')
    .option('--checkpoint <file>', 'also prove the trail still extends this signed checkpoint')
    .option('--json', 'print the full report as JSON')
    .action(async (options: { checkpoint?: string; json?: boolean }, command: Command) => {
      // Read the checkpoint first: a wrong file is reported before anything is opened.
      const statement = options.checkpoint === undefined ? undefined : readCheckpoint(options.checkpoint);
      const result = await context.withDeps(command, async (deps) => {
        const publicKey = loadSigningPublicKey(deps.config.auditKeyFile)?.publicKey ?? null;
        return statement === undefined
          ? await verifyAuditChain(deps.store.db, { publicKey })
          : await verifyAgainstCheckpoint(deps.store.db, statement, { publicKey });
      });
      if (options.json) io.out(JSON.stringify(result, null, 2));
      else for (const line of formatVerification(result, context.config(command).timeZone)) io.out(line);
      if (!result.ok) {
        const n = result.findingCount;
        throw new AppError('AUDIT_BROKEN', `The audit trail is broken: ${n} finding${n === 1 ? '' : 's'}.`, {
          hint: 'Each finding names the rows concerned. Keep the database as it is for the investigation, and see docs/audit.md.',
        });
      }
    });

  audit
    .command('checkpoint')
    .description("sign the trail's current length and head hash, for the customer to keep outside Vigie")
    .option('--out <file>', 'write the checkpoint to this new file instead of standard output')
    .action(async (options: { out?: string }, command: Command) => {
      if (options.out !== undefined) checkCheckpointFileWritable(options.out);
      const statement = await context.withDeps(command, (deps) =>
        createCheckpoint(deps, { actor: cliActor(context.env) }),
      );
      const json = `${JSON.stringify(statement, null, 2)}\n`;
      if (options.out === undefined) {
        io.out(json);
        return;
      }
      writeCheckpointFile(options.out, json);
      io.out(
        `checkpoint written to ${options.out}: ${statement.length} events, head ${statement.headHash.slice(0, 12)}, key ${statement.keyId}`,
      );
    });

  audit
    .command('log')
    .description('show recent audit events, newest first')
    .option('--limit <n>', `how many events (1 to ${MAX_AUDIT_PAGE})`, parseCount, 20)
    .option('--target <kind/key>', 'only events about this object, e.g. vm/db03 (or a kind alone: vm)')
    .option('--actor <actor>', 'only events by this actor, e.g. user:alice or cli:root')
    .option(
      '--action <action>',
      'only this action, or actions starting with a prefix ending in a dot: inventory.',
    )
    .option('--before <seq>', 'only events older than this seq (to page back)', parseCount)
    .option('--json', 'print the events as JSON')
    .action(async (options: LogOptions, command: Command) => {
      const [targetKind, targetKey] = splitTarget(options.target);
      const events = await context.withDeps(command, (deps) =>
        listAuditEvents(deps.store.db, {
          limit: options.limit,
          targetKind,
          targetKey,
          actor: options.actor,
          action: options.action,
          beforeSeq: options.before,
        }),
      );
      if (options.json) io.out(JSON.stringify(events, null, 2));
      else for (const line of formatEvents(events, context.config(command).timeZone)) io.out(line);
    });
}

interface LogOptions {
  limit: number;
  target?: string;
  actor?: string;
  action?: string;
  before?: number;
  json?: boolean;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 1_000_000_000)
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}

function splitTarget(target: string | undefined): [string | undefined, string | undefined] {
  if (target === undefined) return [undefined, undefined];
  const slash = target.indexOf('/');
  return slash === -1 ? [target, undefined] : [target.slice(0, slash), target.slice(slash + 1)];
}

function readCheckpoint(file: string): CheckpointStatement {
  return parseCheckpoint(readCheckpointFile(file, 'vigie audit checkpoint'), file);
}
