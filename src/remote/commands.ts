/** `vigie remote run`, `vigie hostkey list|approve|reject|alerts` and `vigie secret set-ssh-key|list`. */
import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { registerJournalCommands } from '../journal/commands.js';
import type { CoreDeps } from '../runtime/deps.js';
import { formatInstant } from '../time/format.js';
import { approveHostKey, type HostKeyView, listHostKeys, rejectHostKey } from './host-keys.js';
import { remoteHostFromInventory } from './inventory-host.js';
import type { RemoteHost } from './remote-host.js';
import { createRunnerFromConfig } from './runner-from-config.js';
import { loadSecretBox } from './secret-box.js';
import { listSecrets, storeSshKey } from './secrets.js';
import { listSecurityAlerts } from './security-alerts.js';

/** Mounts the remote-execution commands (and the journal's) on the program. */
export function registerRemoteCommands(program: Command, context: CliContext): void {
  registerRunCommand(program, context);
  registerHostKeyCommands(program, context);
  registerSecretCommands(program, context);
  registerJournalCommands(program, context);
}

interface RunOptions {
  sudo?: boolean;
  timeout?: number;
  address?: string;
  port?: number;
  user?: string;
  key?: string;
}

function registerRunCommand(program: Command, context: CliContext): void {
  const remote = program.command('remote').description('run commands on hosts over SSH (journaled)');
  remote
    .command('run')
    .description('run a program with its arguments on a host: vigie remote run db03 -- df -h /')
    .argument('<host>', 'VM or device id from the inventory')
    .argument('<argv...>', 'program and arguments, after --; never interpreted by a shell')
    .option('--sudo', 'run through sudo -n (fails instead of prompting)')
    .option('--timeout <seconds>', 'kill the command after this long (default 300)', parsePositive)
    .option(
      '--address <address>',
      "connect here instead of the inventory's address (the host need not be in it)",
    )
    .option('--port <port>', 'SSH port instead of the inventory one', parsePositive)
    .option('--user <user>', 'SSH user instead of the inventory one')
    .option('--key <name>', 'stored SSH key instead of the inventory one')
    .action(async (hostName: string, argv: string[], options: RunOptions, command: Command) => {
      const result = await context.withDeps(command, async (deps) => {
        const host = await resolveHost(deps, hostName, options);
        const runner = createRunnerFromConfig(deps);
        try {
          return await runner.run(
            host,
            { argv, sudo: options.sudo },
            {
              actor: cliActor(context.env),
              timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
            },
          );
        } finally {
          await runner.close();
        }
      });
      if (result.stdout) context.io.out(result.stdout);
      if (result.stderr) context.io.err(result.stderr);
      // The remote exit code becomes ours, so scripts can test it; a signal is a failure.
      if (result.exitCode !== 0) process.exitCode = result.exitCode ?? 1;
    });
}

async function resolveHost(deps: CoreDeps, name: string, options: RunOptions): Promise<RemoteHost> {
  const base: RemoteHost =
    options.address === undefined
      ? await remoteHostFromInventory(deps, name)
      : { name, address: options.address, port: 22, user: deps.config.sshUser, key: deps.config.sshKey };
  return {
    ...base,
    port: options.port ?? base.port,
    user: options.user ?? base.user,
    key: options.key ?? base.key,
  };
}

function registerHostKeyCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const hostkey = program.command('hostkey').description('pinned SSH host keys: list, approve, reject');
  const decisionDeps = (deps: CoreDeps) => ({
    store: deps.store,
    clock: deps.clock,
    dialect: deps.store.dialect,
  });

  hostkey
    .command('list')
    .description('every SSH host key seen, with its status (pending keys wait for an approval)')
    .option('--host <host>', 'only this host')
    .option('--json', 'print as JSON')
    .action(async (options: { host?: string; json?: boolean }, command: Command) => {
      const keys = await context.withDeps(command, (deps) => listHostKeys(deps, { host: options.host }));
      if (options.json) {
        io.out(JSON.stringify(keys, null, 2));
        return;
      }
      if (keys.length === 0)
        io.out('No host key recorded yet: the first connection to a host records its key.');
      const timeZone = context.config(command).timeZone;
      for (const key of keys) io.out(formatKey(key, timeZone));
    });

  hostkey
    .command('approve')
    .description("approve a host's pending key; replacing an approved key requires --fingerprint")
    .argument('<host>', 'the host')
    .option('--fingerprint <SHA256:...>', 'the key to approve, as ssh-keygen -l prints it on the host')
    .action(async (host: string, options: { fingerprint?: string }, command: Command) => {
      const result = await context.withDeps(command, (deps) =>
        approveHostKey(decisionDeps(deps), {
          host,
          fingerprint: options.fingerprint,
          actor: cliActor(context.env),
        }),
      );
      if (result.replaced !== null) {
        io.out(`replaced ${host} key ${result.replaced.fingerprint} (${result.replaced.algorithm})`);
        io.out(
          `     with ${result.approved.fingerprint} (${result.approved.algorithm}) seen at ${result.approved.address}`,
        );
      } else {
        io.out(
          `approved ${host} key ${result.approved.fingerprint} (${result.approved.algorithm}) seen at ${result.approved.address}`,
        );
      }
    });

  hostkey
    .command('reject')
    .description("reject a host's pending key: nothing runs on a host presenting it")
    .argument('<host>', 'the host')
    .option('--fingerprint <SHA256:...>', 'the key to reject')
    .action(async (host: string, options: { fingerprint?: string }, command: Command) => {
      const key = await context.withDeps(command, (deps) =>
        rejectHostKey(decisionDeps(deps), {
          host,
          fingerprint: options.fingerprint,
          actor: cliActor(context.env),
        }),
      );
      io.out(`rejected ${host} key ${key.fingerprint} (${key.algorithm})`);
    });

  hostkey
    .command('alerts')
    .description('security alerts raised by changed host keys, newest first')
    .option('--host <host>', 'only this host')
    .action(async (options: { host?: string }, command: Command) => {
      const alerts = await context.withDeps(command, (deps) =>
        listSecurityAlerts(deps, { host: options.host }),
      );
      if (alerts.length === 0) io.out('No security alert.');
      const timeZone = context.config(command).timeZone;
      for (const alert of alerts)
        io.out(`${formatInstant(alert.at, timeZone)} ${alert.kind}: ${alert.message}`);
    });
}

function formatKey(key: HostKeyView, timeZone: string): string {
  const decided = key.decidedBy === null ? '' : ` by ${key.decidedBy}`;
  return `${key.host.padEnd(16)} ${key.status.padEnd(8)} ${key.fingerprint} ${key.algorithm} at ${key.address}, first seen ${formatInstant(key.firstSeenAt, timeZone)}${decided}`;
}

function registerSecretCommands(program: Command, context: CliContext): void {
  const secret = program.command('secret').description('the encrypted secret store (SSH keys)');
  secret
    .command('set-ssh-key')
    .description('store (or replace) an SSH private key, sealed with the master key')
    .argument('<name>', 'key name, used by the inventory (ssh.key) or VIGIE_SSH_KEY')
    .requiredOption('--file <path>', 'the private key file (unencrypted OpenSSH or PEM)')
    .action(async (name: string, options: { file: string }, command: Command) => {
      const privateKey = readKeyFile(options.file);
      const stored = await context.withDeps(command, (deps) =>
        storeSshKey(
          { store: deps.store, clock: deps.clock, secretBox: loadSecretBox(deps.config) },
          { name, privateKey, actor: cliActor(context.env) },
        ),
      );
      context.io.out(`stored SSH key ${stored.name} (${stored.fingerprint})`);
    });
  secret
    .command('list')
    .description('stored secrets: names and public fingerprints, never their values')
    .action(async (_options: unknown, command: Command) => {
      const secrets = await context.withDeps(command, (deps) => listSecrets(deps));
      if (secrets.length === 0) context.io.out('No secret stored.');
      for (const s of secrets) context.io.out(`${s.name.padEnd(20)} ${s.kind} ${s.fingerprint ?? ''}`);
    });
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError(
      'BAD_INPUT',
      `Cannot read the key file ${file}: ${(cause as NodeJS.ErrnoException).code}`,
      {
        hint: 'Give the path of a private key readable by this user.',
        cause,
      },
    );
  }
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 86_400)
    throw new InvalidArgumentError('expected a whole number from 1.');
  return n;
}
