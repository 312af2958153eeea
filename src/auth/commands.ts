import type { Command } from 'commander';
import type { z } from 'zod';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { formatInstant } from '../time/format.js';
import { generatePassword } from './passwords.js';
import { ROLES } from './roles.js';
import { emailSchema, personKeySchema, roleSchema, type UserAccount } from './schema.js';
import { addUser, getUserByUsername, listUsers, resetPassword, setUserDisabled } from './users.js';

/** Where a command takes a password from: stdin when asked, else VIGIE_USER_PASSWORD, else a generated one. */
interface PasswordSource {
  readonly passwordStdin?: boolean;
}

export function registerUserCommands(program: Command, context: CliContext): void {
  const user = program.command('user').description('Manage Vigie accounts (local users and their roles)');
  const passwordHelp =
    'read the password from the first line of standard input (else env VIGIE_USER_PASSWORD, else one is generated and printed once)';

  user
    .command('add <username>')
    .description('Add an account')
    .requiredOption('--role <role>', `its role: ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name (default: the username)')
    .option('--email <email>', 'e-mail address')
    .option(
      '--person <key>',
      'the inventory person this account stands for (scopes what a customer developer sees)',
    )
    .option('--password-stdin', passwordHelp)
    .action(
      async (
        username: string,
        options: PasswordSource & { role: string; name?: string; email?: string; person?: string },
        command: Command,
      ) => {
        const role = parseOption(roleSchema, options.role, '--role', `Use one of: ${ROLES.join(', ')}.`);
        const email =
          options.email === undefined ? undefined : parseOption(emailSchema, options.email, '--email');
        const personKey =
          options.person === undefined ? undefined : parseOption(personKeySchema, options.person, '--person');
        const { password, generated } = await passwordFrom(context, options);
        const account = await context.withDeps(command, (deps) =>
          addUser(deps, {
            username,
            role,
            password,
            displayName: options.name,
            email,
            personKey,
            actor: cliActor(context.env),
          }),
        );
        context.io.out(`Added user ${account.username} (${account.role}).`);
        if (generated) context.io.out(`Password (shown once, keep it safe): ${password}`);
      },
    );

  user
    .command('list')
    .description('List the accounts')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { accounts, timeZone } = await context.withDeps(command, async (deps) => ({
        accounts: await listUsers(deps),
        timeZone: deps.config.timeZone,
      }));
      if (options.json) context.io.out(JSON.stringify(accounts, null, 2));
      else context.io.out(userTable(accounts, timeZone));
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? 'Disable an account and end its sessions' : 'Enable a disabled account')
      .action(async (username: string, _options: unknown, command: Command) => {
        const account = await context.withDeps(command, (deps) =>
          setUserDisabled(deps, { username, disabled, actor: cliActor(context.env) }),
        );
        context.io.out(
          `User ${account.username} is ${account.disabled ? 'disabled; its sessions have ended' : 'enabled'}.`,
        );
      });
  }

  user
    .command('reset-password <username>')
    .description("Set a new password and end the account's sessions")
    .option('--password-stdin', passwordHelp)
    .action(async (username: string, options: PasswordSource, command: Command) => {
      const { password, generated } = await passwordFrom(context, options);
      const account = await context.withDeps(command, async (deps) => {
        const found = await getUserByUsername(deps, username);
        return resetPassword(deps, { id: found.id, password, actor: cliActor(context.env) });
      });
      context.io.out(`Password of ${account.username} reset; its sessions have ended.`);
      if (generated) context.io.out(`New password (shown once, keep it safe): ${password}`);
    });
}

async function passwordFrom(
  context: CliContext,
  source: PasswordSource,
): Promise<{ password: string; generated: boolean }> {
  if (source.passwordStdin) {
    const line = await context.io.readLine('');
    return { password: line.replace(/\r?\n$/, ''), generated: false };
  }
  const fromEnv = context.env.VIGIE_USER_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return { password: fromEnv, generated: false };
  return { password: generatePassword(), generated: true };
}

function parseOption<T extends z.ZodType>(
  schema: T,
  value: string,
  flag: string,
  hint?: string,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('BAD_INPUT', `${flag} "${value}": ${parsed.error.issues[0]?.message ?? 'invalid'}.`, {
    ...(hint === undefined ? {} : { hint }),
  });
}

function userTable(accounts: readonly UserAccount[], timeZone: string): string {
  if (accounts.length === 0)
    return 'No users yet. Add one with `vigie user add USERNAME --role provider_admin`.';
  const header = ['USERNAME', 'ROLE', 'STATUS', 'NAME', 'PERSON', 'CREATED'];
  const rows = accounts.map((account) => [
    account.username,
    account.role,
    account.disabled ? 'disabled' : 'enabled',
    account.displayName,
    account.personKey ?? '-',
    formatInstant(account.createdAt, timeZone, 'en'),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
