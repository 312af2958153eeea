/**
 * `vigie alerts ...`: the outbox (`outbox`), a test notification (`test CHANNEL`), notifier secrets
 * (`set-secret NAME`) and a check of an alerting configuration file (`check`).
 */
import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { createOutboundPolicy } from '../net/outbound-policy.js';
import { loadSecretBox } from '../remote/secret-box.js';
import type { CoreDeps } from '../runtime/deps.js';
import { formatInstant } from '../time/format.js';
import { deliverDue } from './delivery.js';
import { listOutbox, type OutboxFilter, type OutboxItem } from './outbox.js';
import { type AlertingConfig, loadAlertingConfig } from './schema.js';
import { storeAlertingSecret } from './secrets.js';
import { storedAlertingConfig } from './stored-config.js';
import { enqueueTestAlert } from './test-alert.js';

const CONFIG_HELP =
  'alerting configuration file, YAML or JSON (env VIGIE_ALERTING_FILE); default: the applied inventory';
const WAIT_MS = 30_000;

/** Mounts `vigie alerts ...` on the program. */
export function registerAlertingCommands(program: Command, context: CliContext): void {
  const alerts = program
    .command('alerts')
    .description('alert notifications: outbox, tests, notifier secrets');

  alerts
    .command('outbox')
    .description('notifications waiting to be sent or failed (exit 0 either way)')
    .option('--status <status>', 'pending, failed, sent or all (default: pending and failed)', parseStatus)
    .option('--json', 'print the notifications as JSON')
    .action(async (options: { status?: OutboxFilter; json?: boolean }, command: Command) => {
      const items = await context.withDeps(command, (deps) =>
        listOutbox(deps.store.db, options.status === undefined ? {} : { filter: options.status }),
      );
      if (options.json) {
        context.io.out(JSON.stringify(items, null, 2));
        return;
      }
      if (items.length === 0) context.io.out('The outbox is empty: nothing waits, nothing failed.');
      const timeZone = context.config(command).timeZone;
      for (const item of items) context.io.out(formatItem(item, timeZone));
    });

  alerts
    .command('test')
    .description('send a test notification to CHANNEL through the outbox, and wait for the result')
    .argument('<channel>', 'the id of a channel of the alerting configuration')
    .option('--config <file>', CONFIG_HELP)
    .option('--no-wait', 'only queue it: the delivery worker of `vigie serve` sends it')
    .action(async (channel: string, options: { config?: string; wait: boolean }, command: Command) => {
      const file = options.config ?? context.env.VIGIE_ALERTING_FILE;
      await context.withDeps(command, async (core) => {
        // A file given wins; otherwise the applied inventory's alerting section.
        const alerting = file === undefined ? await storedAlertingConfig(core) : readAlertingFile(file);
        const deps = { ...core, alerting };
        const delivery = await enqueueTestAlert(deps, { channel, actor: cliActor(context.env) });
        context.io.out(`queued test notification ${delivery.notificationId} to ${channel}`);
        if (options.wait) await sendNow(core, alerting, delivery.notificationId, channel, context);
      });
    });

  alerts
    .command('set-secret')
    .description('store a notifier secret (SMTP password, token, HMAC key) read from standard input')
    .argument('<name>', 'the name the channel refers to, e.g. smtp-password')
    .action(async (name: string, _options: unknown, command: Command) => {
      const value = (await context.io.readLine('')).replace(/\r?\n$/, '');
      const summary = await context.withDeps(command, (deps) =>
        storeAlertingSecret(
          { ...deps, secretBox: loadSecretBox(deps.config) },
          { name, value, actor: cliActor(context.env) },
        ),
      );
      context.io.out(`stored notifier secret ${summary.name}`);
    });

  alerts
    .command('check')
    .description('validate an alerting configuration file; every problem is listed with its field path')
    .option('--config <file>', 'alerting configuration file, YAML or JSON (env VIGIE_ALERTING_FILE)')
    .action((options: { config?: string }) => {
      const config = readAlertingFile(options.config ?? context.env.VIGIE_ALERTING_FILE);
      context.io.out(
        `alerting configuration is valid: ${config.channels.length} channel(s), ${config.routes.length} route(s)`,
      );
    });
}

/** Reads a YAML or JSON file holding the alerting section (at its top, or under `alerting:`). */
export function readAlertingFile(file: string | undefined): AlertingConfig {
  if (file === undefined || file === '') {
    throw new AppError('CONFIG_INVALID', 'No alerting configuration file was given', {
      hint: 'Pass --config FILE or set VIGIE_ALERTING_FILE (see docs/alerting.md).',
    });
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError(
      'CONFIG_INVALID',
      `Cannot read the alerting configuration ${file}: ${(cause as Error).message}`,
      {
        hint: 'Check the path given to --config or VIGIE_ALERTING_FILE.',
        cause,
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (cause) {
    throw new AppError('CONFIG_INVALID', `${file} is not valid YAML: ${(cause as Error).message}`, {
      hint: 'Fix the syntax at the line named above.',
      cause,
    });
  }
  const section =
    typeof parsed === 'object' && parsed !== null && 'alerting' in parsed
      ? (parsed as { alerting: unknown }).alerting
      : parsed;
  return loadAlertingConfig(section, `${file}: alerting`);
}

async function sendNow(
  core: CoreDeps,
  alerting: AlertingConfig,
  notificationId: string,
  channel: string,
  context: CliContext,
): Promise<void> {
  const deps = {
    ...core,
    alerting,
    outbound: createOutboundPolicy(core.config.outboundAllow),
    secretBox: loadSecretBox(core.config),
  };
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    // A running `vigie serve` may claim it first: then this only watches the outbox.
    await deliverDue(deps, core.clock.now(), {
      onlyIds: [notificationId],
      sendTimeoutMs: 15_000,
      leaseMs: 60_000,
    });
    const [item] = (await listOutbox(core.store.db, { filter: 'all', limit: 500 })).filter(
      (i) => i.id === notificationId,
    );
    if (item?.status === 'sent') {
      context.io.out(`sent test notification to ${channel}`);
      return;
    }
    if (item?.status === 'retry' || item?.status === 'failed' || Date.now() > deadline) {
      throw new AppError(
        'REMOTE_FAILED',
        `The test notification to ${channel} failed: ${item?.lastError ?? 'no answer in time'}`,
        {
          hint: 'It stays in the outbox and `vigie serve` retries it; fix the channel (or its secret), then check with `vigie alerts outbox`.',
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function formatItem(item: OutboxItem, timeZone: string): string {
  const when =
    item.status === 'sent' && item.sentAt !== null
      ? `sent ${formatInstant(item.sentAt, timeZone)}`
      : item.status === 'failed' && item.failedAt !== null
        ? `FAILED ${formatInstant(item.failedAt, timeZone)}`
        : item.nextAttemptAt === null
          ? item.status
          : `${item.status}, next attempt ${formatInstant(item.nextAttemptAt, timeZone)}`;
  const lines = [
    `${item.id} → ${item.channel} (${when}, ${item.attempts} attempt${item.attempts === 1 ? '' : 's'})`,
  ];
  for (const event of item.events) lines.push(`    ${event.severity} ${event.kind}: ${event.title}`);
  if (item.lastError !== null) lines.push(`    last error: ${item.lastError}`);
  return lines.join('\n');
}

function parseStatus(value: string): OutboxFilter {
  if (value === 'pending' || value === 'failed' || value === 'sent' || value === 'all') return value;
  throw new InvalidArgumentError('expected pending, failed, sent or all.');
}
