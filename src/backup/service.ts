/**
 * Backups as Vigie runs them from the applied inventory: the plan, the repositories and their keys
 * (generated once, kept in the secret store), and one source's backup, verification or drill, with
 * the database passwords opened from the secret store and every connection checked against the
 * outbound allowlist first.
 */
import { randomBytes } from 'node:crypto';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import { inventoryObjectsForChecks } from '../monitoring/inventory-checks.js';
import { createOutboundPolicy } from '../net/outbound-policy.js';
import { remoteHostFromInventory } from '../remote/inventory-host.js';
import type { SshRunner } from '../remote/remote-host.js';
import { loadSecretBox } from '../remote/secret-box.js';
import { openSecretValue, storeSecretValue } from '../remote/secrets.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type BackupRunView, getRun, latestVerifiedRun } from './catalog.js';
import { openerOf } from './destinations/openers.js';
import { type DrillServer, runDrill } from './drill.js';
import type { DrillView } from './drill-catalog.js';
import { type BackupPlan, resolveBackupPlan, type SourcePolicy } from './policies.js';
import type { DestinationSettings } from './policy-schema.js';
import { initRepository, ResticError, repositoryOpens } from './restic.js';
import { type BackupDestination, type BackupJob, runBackup, verifyStoredRun } from './run-backup.js';

/** The secret kinds this domain stores. */
export const REPOSITORY_KEY_KIND = 'backup-repository-key';
export const DATABASE_PASSWORD_KIND = 'database-password';

/** The plan of the applied inventory, read as the monitor reads it (the `backup` section among the objects). */
export async function readBackupPlan(deps: Pick<CoreDeps, 'store'>): Promise<BackupPlan> {
  const objects = await inventoryObjectsForChecks(deps);
  return resolveBackupPlan(objects, objects.find((object) => object.kind === 'backup')?.spec);
}

function repositoryKeyName(destination: string): string {
  return `backup-repo-${destination}`;
}

function secretDeps(deps: CoreDeps) {
  return { ...deps, secretBox: loadSecretBox(deps.config) };
}

/**
 * The restic repository of a declared destination, its key opened from the secret store; an sftp
 * destination is checked (allowlist, pinned host key, SSH key) before anything connects.
 */
export async function openDestination(
  deps: CoreDeps,
  settings: DestinationSettings,
): Promise<BackupDestination> {
  const password = await openSecretValue(
    secretDeps(deps),
    repositoryKeyName(settings.id),
    REPOSITORY_KEY_KIND,
  ).catch(() => {
    throw new AppError('NOT_FOUND', `the backup destination ${settings.id} has no repository key yet`, {
      hint: `run vigie backup init ${settings.id}: it creates the repository and its key`,
    });
  });
  return { id: settings.id, repo: await openerOf(settings).open(deps, settings, password) };
}

export interface InitOutcome {
  readonly destination: string;
  readonly location: string;
  readonly created: boolean;
}

/**
 * Creates what a destination needs: its key (32 random bytes, once; kept in the secret store) and
 * its restic repository (when none opens there). Running it again changes nothing.
 */
export async function initDestination(
  deps: CoreDeps,
  settings: DestinationSettings,
  actor: string,
): Promise<InitOutcome> {
  const opener = openerOf(settings);
  const secrets = secretDeps(deps);
  const name = repositoryKeyName(settings.id);
  const stored = await openSecretValue(secrets, name, REPOSITORY_KEY_KIND).catch(() => undefined);
  const password = stored ?? randomBytes(32).toString('base64url');
  // The destination is checked (allowlist, pinned host key, SSH key) before a new key is kept.
  const repo = await opener.open(deps, settings, password);
  if (stored === undefined)
    await storeSecretValue(secrets, { name, kind: REPOSITORY_KEY_KIND, value: password, actor });
  await opener.beforeInit?.(deps, settings);
  const opens = await repositoryOpens(repo).catch((error: unknown) => {
    throw destinationFailure(settings.id, error);
  });
  if (!opens)
    await initRepository(repo).catch((error: unknown) => {
      throw destinationFailure(settings.id, error);
    });
  const now = deps.clock.now().toISOString();
  await deps.store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('backup_repositories').where('destination', '=', settings.id).execute();
    await trx
      .insertInto('backup_repositories')
      .values({ destination: settings.id, location: repo.location, password_secret: name, created_at: now })
      .execute();
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor,
      action: 'backup.destination.init',
      targetKind: 'backup-destination',
      targetKey: settings.id,
      after: { type: settings.type, location: repo.location, created: !opens },
    });
  });
  return { destination: settings.id, location: repo.location, created: !opens };
}

/** A restic failure while setting a destination up, as an error the CLI and the API can show. */
function destinationFailure(destination: string, error: unknown): unknown {
  if (!(error instanceof ResticError)) return error;
  const code =
    error.kind === 'host-key'
      ? 'HOST_KEY_MISMATCH'
      : error.kind === 'unreachable' || error.kind === 'login-refused'
        ? 'REMOTE_FAILED'
        : 'BACKUP_FAILED';
  return new AppError(code, `the backup destination ${destination}: ${error.message}`, {
    details: { destination, host: error.host ?? null, failure: error.kind },
    cause: error,
  });
}

/** The repository key of a destination, for the customer's escrow (reversibility). Audited. */
export async function exportRepositoryKey(
  deps: CoreDeps,
  destination: string,
  actor: string,
): Promise<string> {
  const key = await openSecretValue(secretDeps(deps), repositoryKeyName(destination), REPOSITORY_KEY_KIND);
  await deps.store.db.transaction().execute((trx) =>
    appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor,
      action: 'backup.key.export',
      targetKind: 'backup-destination',
      targetKey: destination,
    }),
  );
  return key;
}

/** Stores the password of a backup account (`backup.accounts.<server>.password_secret`). */
export async function setDatabasePassword(
  deps: CoreDeps,
  name: string,
  password: string,
  actor: string,
): Promise<void> {
  if (password.length === 0)
    throw new AppError('BAD_INPUT', 'the password is empty', { hint: 'pipe it on standard input' });
  await storeSecretValue(secretDeps(deps), { name, kind: DATABASE_PASSWORD_KIND, value: password, actor });
}

export function findSource(plan: BackupPlan, source: string): SourcePolicy {
  const policy = plan.sources.find(
    (candidate) => candidate.source === source || candidate.object.id === source,
  );
  if (policy === undefined) {
    const off = plan.disabled.find((d) => d.source === source);
    throw new AppError(
      'NOT_FOUND',
      off === undefined ? `no backup source ${source}` : `backups of ${source} are off: ${off.reason}`,
      {
        hint: 'vigie backup plan lists the sources (database:ID, files:website-ID, files:vm-ID)',
      },
    );
  }
  return policy;
}

async function jobOf(
  deps: CoreDeps,
  plan: BackupPlan,
  policy: SourcePolicy,
  runner: SshRunner | undefined,
): Promise<BackupJob> {
  const problem = plan.problems.get(policy.source);
  if (problem !== undefined) {
    throw new AppError('INVENTORY_INVALID', `${policy.source} cannot be backed up: ${problem}`, {
      hint: 'vigie validate names what to add to the inventory',
    });
  }
  if (policy.kind === 'files') {
    if (runner === undefined) throw new Error('a files backup needs the SSH runner');
    const host = await remoteHostFromInventory({ store: deps.store, config: deps.config }, policy.host);
    return {
      kind: 'files',
      source: policy.source,
      pathSet: { host, paths: policy.paths ?? [], exclude: policy.exclude, sudo: policy.sudo },
    };
  }
  const endpoint = policy.endpoint;
  if (endpoint === undefined) throw new Error(`${policy.source} has no endpoint`);
  // The dump connects from this process: the allowlist says whether it may.
  await createOutboundPolicy(deps.config.outboundAllow).resolve(
    endpoint.address,
    `backup of ${policy.source}`,
  );
  const password =
    endpoint.passwordSecret === undefined
      ? undefined
      : await openSecretValue(secretDeps(deps), endpoint.passwordSecret, DATABASE_PASSWORD_KIND);
  const target = {
    host: endpoint.address,
    port: endpoint.port,
    database: endpoint.database,
    user: endpoint.user,
    password,
  };
  return policy.kind === 'postgresql'
    ? { kind: 'postgresql', source: policy.source, host: endpoint.host, target, globals: policy.globals }
    : { kind: 'mariadb', source: policy.source, host: endpoint.host, target, users: policy.globals };
}

async function destinationsOf(
  deps: CoreDeps,
  plan: BackupPlan,
  policy: SourcePolicy,
): Promise<BackupDestination[]> {
  const opened: BackupDestination[] = [];
  for (const id of policy.destinations) {
    const settings = plan.destinations.find((d) => d.id === id);
    if (settings === undefined) throw new AppError('INVENTORY_INVALID', `no backup destination ${id}`);
    opened.push(await openDestination(deps, settings));
  }
  if (opened.length === 0)
    throw new AppError('INVENTORY_INVALID', `${policy.source} has no backup destination`);
  return opened;
}

export interface BackupServiceDeps extends CoreDeps {
  readonly runner?: SshRunner | undefined;
}

/** Backs up one source now into its first destination, copies to the others. */
export async function backupSource(
  deps: BackupServiceDeps,
  source: string,
  options: {
    trigger: 'schedule' | 'manual';
    actor: string;
    onProgress?: ((bytes: number, stage: string) => void) | undefined;
  },
): Promise<BackupRunView> {
  const plan = await readBackupPlan(deps);
  const policy = findSource(plan, source);
  const job = await jobOf(deps, plan, policy, deps.runner);
  const [first, ...copies] = await destinationsOf(deps, plan, policy);
  if (first === undefined) throw new Error('unreachable: destinationsOf returns at least one');
  return runBackup(deps, job, first, {
    trigger: options.trigger,
    actor: options.actor,
    copies,
    onProgress: options.onProgress === undefined ? undefined : (p) => options.onProgress?.(p.bytes, p.stage),
  });
}

/** Reads a stored run back in full again. */
export async function verifyRun(deps: CoreDeps, runId: string, actor: string): Promise<BackupRunView> {
  const run = await getRun(deps.store.db, runId);
  if (run === undefined)
    throw new AppError('NOT_FOUND', `no backup run ${runId}`, { hint: 'vigie backup runs lists them' });
  const plan = await readBackupPlan(deps);
  const settings = plan.destinations.find((d) => d.id === run.destination);
  if (settings === undefined) {
    throw new AppError(
      'INVENTORY_INVALID',
      `the destination ${run.destination} of run ${runId} is no longer declared`,
    );
  }
  return verifyStoredRun(deps, runId, await openDestination(deps, settings), actor);
}

/** Drills a source's latest verified run (or the given one) on its engine's drill server. */
export async function drillSource(
  deps: CoreDeps,
  source: string,
  options: { runId?: string | undefined; trigger: 'schedule' | 'manual'; actor: string },
): Promise<DrillView> {
  const plan = await readBackupPlan(deps);
  const policy = findSource(plan, source);
  if (policy.kind === 'files')
    throw new AppError('BAD_INPUT', `${policy.source} holds files: drills restore databases`);
  const run =
    options.runId === undefined
      ? await latestVerifiedRun(deps.store.db, policy.source)
      : await getRun(deps.store.db, options.runId);
  if (run === undefined) {
    throw new AppError('NOT_FOUND', `${policy.source} has no verified backup to drill`, {
      hint: `run vigie backup run ${policy.source} first`,
    });
  }
  const serverId = policy.drill?.server ?? plan.drillServers[policy.kind];
  if (serverId === undefined) {
    throw new AppError('INVENTORY_INVALID', `no ${policy.kind} drill server`, {
      hint: `name one under backup: drill_servers: ${policy.kind}:`,
    });
  }
  const server = await databaseServerOf(deps, plan, policy.kind, serverId);
  const settings = plan.destinations.find((d) => d.id === run.destination);
  if (settings === undefined)
    throw new AppError('INVENTORY_INVALID', `the destination ${run.destination} is no longer declared`);
  return runDrill(deps, {
    run,
    destination: await openDestination(deps, settings),
    server,
    query: policy.drill?.query,
    trigger: options.trigger,
    actor: options.actor,
    jobs: 2,
    workDir: plan.workDir ?? deps.config.dataDir,
  });
}

/**
 * A database server of the inventory reached with its backup account (drills, restores): its
 * address from any database source on it, checked against the outbound allowlist.
 */
export async function databaseServerOf(
  deps: CoreDeps,
  plan: BackupPlan,
  engine: 'postgresql' | 'mariadb',
  serverId: string,
  purpose = `restore drill on ${serverId}`,
): Promise<DrillServer> {
  const account = plan.accounts?.[serverId];
  if (account === undefined) {
    throw new AppError('INVENTORY_INVALID', `no backup account on the drill server ${serverId}`, {
      hint: `add backup: accounts: ${serverId}: { user: ..., password_secret: ... }`,
    });
  }
  // The drill server's address and port: those of any database source on it, else of its host.
  const onServer = plan.sources.find((s) => s.endpoint?.server === serverId)?.endpoint;
  if (onServer === undefined) {
    throw new AppError(
      'INVENTORY_INVALID',
      `no database of the inventory sits on the drill server ${serverId}, so its address is unknown`,
    );
  }
  await createOutboundPolicy(deps.config.outboundAllow).resolve(onServer.address, purpose);
  const password =
    account.password_secret === undefined
      ? undefined
      : await openSecretValue(secretDeps(deps), account.password_secret, DATABASE_PASSWORD_KIND);
  const target = {
    host: onServer.address,
    port: onServer.port,
    database: engine === 'postgresql' ? 'postgres' : 'mysql',
    user: account.user,
    password,
  };
  return { kind: engine, name: serverId, target };
}
