/**
 * The plan of a restore: the run checked (verified, its destination and key), the target resolved
 * (origin or elsewhere, destructive or not) and the steps and tools written down, changing nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AppError } from '../errors/app-error.js';
import { remoteHostFromInventory } from '../remote/inventory-host.js';
import type { RemoteHost, SshRunner } from '../remote/remote-host.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type BackupRunView, getRun, type RunArtifact } from './catalog.js';
import type { DrillServer } from './drill.js';
import type { BackupPlan, SourcePolicy } from './policies.js';
import { ResticError, repositoryOpens } from './restic.js';
import { RestoreStageError } from './restore-database.js';
import { databaseTargetEngine, sideDatabaseName } from './restore-database-target.js';
import { type FilesTarget, occupiedPaths } from './restore-files.js';
import type { BackupDestination } from './run-backup.js';
import { databaseServerOf, findSource, openDestination, readBackupPlan } from './service.js';
import { checkBackupPath } from './sources/files.js';
import { choosePostgresClient } from './sources/postgres.js';

const exec = promisify(execFile);

export interface RestoreTargetInput {
  readonly database?: string | undefined;
  readonly server?: string | undefined;
  readonly host?: string | undefined;
  readonly path?: string | undefined;
}

export interface RestoreRequest {
  readonly runId: string;
  readonly target?: RestoreTargetInput | undefined;
  /** Must equal the plan's `confirmWith` when the target is destructive. */
  readonly confirm?: string | undefined;
  readonly allowUnverified?: boolean | undefined;
}

export interface RestorePlan {
  readonly runId: string;
  readonly source: string;
  readonly sourceKind: string;
  readonly takenAt: string | null;
  readonly sizeBytes: number | null;
  readonly verified: boolean;
  readonly target: {
    readonly kind: 'database' | 'files';
    readonly description: string;
    readonly name: string;
  };
  readonly destructive: boolean;
  /** What `confirm` must equal to go ahead (the target's name), when destructive. */
  readonly confirmWith: string | null;
  readonly steps: string[];
  readonly tools: string[];
}

export interface RestoreDeps extends CoreDeps {
  /** Needed for files (the SSH runner to the target host). */
  readonly runner?: SshRunner | undefined;
}

export type Resolved =
  | {
      readonly kind: 'database';
      readonly server: DrillServer;
      readonly database: string;
      readonly origin: boolean;
      readonly exists: boolean;
    }
  | { readonly kind: 'files'; readonly files: FilesTarget };

export interface Prepared {
  readonly plan: RestorePlan;
  readonly run: BackupRunView;
  readonly artifact: RunArtifact;
  readonly destination: BackupDestination;
  readonly resolved: Resolved;
  readonly workDir: string;
  /** Names the side database, the previous copy and the staging directory (as the plan says). */
  readonly stamp: string;
}

/** Checks the run and the target and writes the plan, changing nothing. */
export async function prepareRestore(
  deps: RestoreDeps,
  request: RestoreRequest,
  actor: string,
): Promise<Prepared> {
  const run = await getRun(deps.store.db, request.runId);
  if (run === undefined)
    throw new AppError('NOT_FOUND', `no backup run ${request.runId}`, {
      hint: 'vigie backup runs lists them',
    });
  if (run.status === 'running' || run.status === 'pruned') {
    throw new AppError('CONFLICT', `backup run ${run.id} is ${run.status}: it holds nothing to restore`, {
      hint: `choose a verified run of ${run.source} (vigie backup runs --source ${run.source})`,
    });
  }
  if (run.status !== 'verified' && request.allowUnverified !== true) {
    throw new AppError(
      'CONFLICT',
      `backup run ${run.id} is ${run.status}, not verified: nothing proves it reads back whole, so Vigie does not restore it by default`,
      {
        hint: `choose a verified run of ${run.source}, or pass --allow-unverified (allowUnverified: true) if no better one exists`,
      },
    );
  }
  const artifact = run.artifacts[0];
  if (artifact === undefined)
    throw new AppError('CONFLICT', `backup run ${run.id} has no artifact to restore`);
  const backupPlan = await readBackupPlan(deps);
  const policy = findSource(backupPlan, run.source);
  const settings = backupPlan.destinations.find((d) => d.id === run.destination);
  if (settings === undefined) {
    throw new AppError(
      'INVENTORY_INVALID',
      `the destination ${run.destination} of run ${run.id} is no longer declared`,
      {
        hint: 'declare it again under backup.destinations to restore from it',
      },
    );
  }
  const destination = await openDestination(deps, settings);
  // A wrong key is told before anything is touched.
  await repositoryOpens(destination.repo).catch((error: unknown) => {
    throw restoreError(undefined, new RestoreStageError('read from the repository', error as Error));
  });
  const target = request.target ?? {};
  const stamp = restoreStamp(deps.clock.now());
  const context: TargetContext = { deps, actor, run, artifact, backupPlan, policy, target, stamp };
  const { resolved, description, name, occupied, steps, tools } =
    policy.kind === 'files' ? await resolveFilesTarget(context) : await resolveDatabaseTarget(context);
  tools.unshift(`restic ${await toolVersion('restic', ['version'])}`);
  const plan: RestorePlan = {
    runId: run.id,
    source: run.source,
    sourceKind: run.sourceKind,
    takenAt: run.takenAt,
    sizeBytes: run.sizeBytes,
    verified: run.status === 'verified',
    target: { kind: resolved.kind, description, name },
    destructive: occupied,
    confirmWith: occupied ? name : null,
    steps,
    tools,
  };
  return {
    plan,
    run,
    artifact,
    destination,
    resolved,
    workDir: backupPlan.workDir ?? deps.config.dataDir,
    stamp,
  };
}

interface TargetContext {
  readonly deps: RestoreDeps;
  readonly actor: string;
  readonly run: BackupRunView;
  readonly artifact: RunArtifact;
  readonly backupPlan: BackupPlan;
  readonly policy: SourcePolicy;
  readonly target: RestoreTargetInput;
  readonly stamp: string;
}

interface ResolvedTarget {
  readonly resolved: Resolved;
  readonly description: string;
  readonly name: string;
  readonly occupied: boolean;
  readonly steps: string[];
  readonly tools: string[];
}

/** A path set: the origin's paths on its host, or a directory on a host of the inventory. */
async function resolveFilesTarget(context: TargetContext): Promise<ResolvedTarget> {
  const { deps, actor, run, artifact, policy, target, stamp } = context;
  if (target.database !== undefined || target.server !== undefined)
    throw new AppError('BAD_INPUT', `${run.source} holds files: give a host and a path, not a database`, {
      hint: 'vigie restore RUN --to-host HOST --to-path DIR, or no target to restore to the origin',
    });
  if (target.host !== undefined && target.path === undefined)
    throw new AppError(
      'BAD_INPUT',
      `a restore to the host ${target.host} needs a directory to extract into`,
      {
        hint: '--to-path /srv/restore (path: in the API): the files land under it with their full original paths',
      },
    );
  if (target.path !== undefined) {
    const problem = checkBackupPath(target.path);
    if (problem !== undefined)
      throw new AppError('BAD_INPUT', `the target path ${problem}`, {
        hint: 'give an absolute directory, e.g. /srv/restore',
      });
  }
  if (deps.runner === undefined) throw new Error('a files restore needs the SSH runner');
  const host: RemoteHost = await remoteHostFromInventory(deps, target.host ?? policy.host);
  const files: FilesTarget = {
    host,
    directory: target.path,
    paths: policy.paths ?? [],
    sudo: policy.sudo === true,
  };
  const resolved: Resolved = { kind: 'files', files };
  const occupiedNow = await occupiedPaths(deps.runner, files, actor);
  const occupied = occupiedNow.length > 0;
  const name = `${host.name}:${target.path ?? files.paths.join(',')}`;
  const description =
    target.path === undefined
      ? `the original paths on ${host.name} (${files.paths.join(', ')})`
      : `${target.path} on ${host.name}`;
  const tools = [`GNU tar on ${host.name} over SSH${files.sudo ? ' (sudo)' : ''}`];
  const steps =
    target.path === undefined
      ? [
          `read ${artifact.filename} (snapshot ${artifact.snapshotId.slice(0, 8)}) with restic dump`,
          `extract it with tar on ${host.name} into a staging directory .vigie-restore-${stamp} next to ${files.paths[0]}`,
          `move each original path aside (.vigie-before-restore-${stamp}) and its restored copy into place; put them back if a move fails`,
          'remove the previous copies once every path is in place',
        ]
      : [
          `read ${artifact.filename} (snapshot ${artifact.snapshotId.slice(0, 8)}) with restic dump`,
          `extract it with tar on ${host.name} under ${target.path} (the files keep their full paths below it)`,
        ];
  return { resolved, description, name, occupied, steps, tools };
}

/** A database: the origin, or another database (new or not) on a server of the same engine. */
async function resolveDatabaseTarget(context: TargetContext): Promise<ResolvedTarget> {
  const { deps, run, artifact, backupPlan, policy, target, stamp } = context;
  if (policy.kind === 'files') throw new Error('unreachable: a files source');
  if (target.host !== undefined || target.path !== undefined)
    throw new AppError(
      'BAD_INPUT',
      `${run.source} is a database: give a database and a server, not a host and a path`,
      {
        hint: 'vigie restore RUN --to-database NAME [--to-server SERVER], or no target to restore to the origin',
      },
    );
  const endpoint = policy.endpoint;
  if (endpoint === undefined)
    throw new AppError(
      'INVENTORY_INVALID',
      `${run.source} has no reachable server: ${backupPlan.problems.get(run.source) ?? ''}`,
    );
  const serverId = target.server ?? endpoint.server;
  const database = target.database ?? endpoint.database;
  checkDatabaseName(database);
  const server = await databaseServerOf(deps, backupPlan, policy.kind, serverId, `restore on ${serverId}`);
  if (server.kind !== run.sourceKind)
    throw new AppError(
      'BAD_INPUT',
      `${serverId} is a ${server.kind} server: run ${run.id} is a ${run.sourceKind} backup`,
    );
  const engine = databaseTargetEngine(server);
  const state = await engine.inspect(database);
  const origin = serverId === endpoint.server && database === endpoint.database;
  const resolved: Resolved = { kind: 'database', server, database, origin, exists: state.exists };
  const occupied = state.tables > 0;
  if (server.kind === 'mariadb' && state.exists && state.unmovable.length > 0) {
    throw new AppError(
      'CONFLICT',
      `${database} on ${serverId} holds ${state.unmovable.join(', ')}: MariaDB cannot move them between databases, so Vigie cannot swap the restored copy in safely`,
      {
        hint: `restore into a new database (--to-database ${database}_restored), check it, then switch the application to it`,
      },
    );
  }
  const name = database;
  const description = `the database ${database} on ${serverId}${origin ? ' (its origin)' : ''}${state.exists ? '' : ' (new)'}`;
  const side = sideDatabaseName(database, 'restore', stamp);
  const previous = sideDatabaseName(database, 'before_restore', stamp);
  const tool =
    server.kind === 'postgresql'
      ? `pg_restore -j 2 ${await toolVersion(`${choosePostgresClient(await engine.serverMajor()).binDir}/pg_restore`, ['--version'])}`
      : `mariadb client ${await toolVersion('mariadb', ['--version'])}`;
  const tools = [tool];
  const apply = `restore ${artifact.filename} (snapshot ${artifact.snapshotId.slice(0, 8)}) with ${server.kind === 'postgresql' ? 'pg_restore -j 2' : 'the mariadb client'}`;
  const steps = state.exists
    ? [
        `create the side database ${side} on ${serverId}, shaped like ${database}`,
        `${apply} into ${side}; if it fails, drop ${side} and leave ${database} as it is`,
        server.kind === 'postgresql'
          ? `swap in one transaction: ${database} becomes ${previous}, ${side} becomes ${database} (sessions on ${database} are ended)`
          : `swap in one RENAME TABLE: the tables of ${database} move to ${previous}, those of ${side} into ${database}`,
        `drop ${previous} once the swap succeeded`,
      ]
    : [`create the database ${database} on ${serverId}`, `${apply} into it; if it fails, drop it`];
  return { resolved, description, name, occupied, steps, tools };
}

/** A failed restore as people read it: the stage that failed and that the target is unchanged. */
export function restoreError(plan: RestorePlan | undefined, failure: Error): AppError {
  if (failure instanceof AppError) return failure;
  const stage = failure instanceof RestoreStageError ? failure.stage : 'restore';
  const cause = failure instanceof RestoreStageError ? failure.reason : failure;
  const wrongKey = cause instanceof ResticError && cause.kind === 'wrong-password';
  const where = plan === undefined ? '' : ` of ${plan.source} to ${plan.target.description}`;
  return new AppError('BACKUP_FAILED', `restore${where} failed at the stage "${stage}": ${cause.message}`, {
    hint: wrongKey
      ? 'the repository does not open with the stored key: restore the right key (vigie backup key-export shows the one Vigie holds)'
      : stage === 'swap'
        ? 'the target was left as it was before the restore; the journal entry has the details'
        : 'nothing was swapped in: the target is as it was; fix the cause above and run the restore again',
    cause: failure,
  });
}

function checkDatabaseName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(name)) {
    throw new AppError('BAD_INPUT', `"${name}" is not a database name Vigie restores into`, {
      hint: 'use letters, digits, _ , $ or -, starting with a letter or _, at most 63 characters',
    });
  }
}

/** A short, sortable stamp for side names: UTC date and time to the second. */
function restoreStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

async function toolVersion(program: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await exec(program, [...args], { timeout: 10_000 });
    return `(${stdout.trim().split('\n')[0] ?? '?'})`;
  } catch (error) {
    throw new AppError('BACKUP_FAILED', `${program} cannot run here: ${(error as Error).message}`, {
      hint: `install it on the Vigie host (Debian: apt install ${program.split('/').pop() === 'restic' ? 'restic' : program.includes('pg_restore') ? 'postgresql-client' : 'mariadb-client'})`,
    });
  }
}
