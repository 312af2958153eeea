/**
 * Restoring a backup run for real (`vigie restore`, `POST /backups/restore`): the confirmation a
 * destructive target needs, and the restore itself with progress, an audit record and a journal
 * entry whatever the outcome. The plan is written by restore-prepare.ts.
 */
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import { appendJournalEntry } from '../journal/append.js';
import {
  type RestoreProgress,
  RestoreStageError,
  restoreMariadbArtifact,
  restorePostgresArtifact,
} from './restore-database.js';
import { databaseTargetEngine, sideDatabaseName } from './restore-database-target.js';
import { restoreFilesArtifact } from './restore-files.js';
import {
  type Prepared,
  prepareRestore,
  type RestoreDeps,
  type RestorePlan,
  type RestoreRequest,
  restoreError,
} from './restore-prepare.js';

export type { RestoreDeps, RestorePlan, RestoreRequest, RestoreTargetInput } from './restore-prepare.js';

export interface RestoreOutcome {
  readonly plan: RestorePlan;
  readonly durationMs: number;
}

/** The plan of a restore, changing nothing (the dry run). */
export async function planRestore(
  deps: RestoreDeps,
  request: RestoreRequest,
  actor: string,
): Promise<RestorePlan> {
  return (await prepareRestore(deps, request, actor)).plan;
}

/**
 * Restores the run; refuses a destructive target without the confirmation, and a run that is not
 * verified without `allowUnverified`. Resolves when the target holds the restored data.
 */
export async function restoreRun(
  deps: RestoreDeps,
  request: RestoreRequest,
  options: {
    readonly actor: string;
    readonly onProgress?: ((progress: RestoreProgress & { stage: string }) => void) | undefined;
  },
): Promise<RestoreOutcome> {
  const prepared = await prepareRestore(deps, request, options.actor);
  const { plan } = prepared;
  requireConfirmation(plan, request.confirm);
  const startedAt = deps.clock.now();
  const began = performance.now();
  let failure: Error | undefined;
  try {
    await execute(deps, prepared, options);
  } catch (error) {
    failure = error as Error;
  }
  const durationMs = Math.round(performance.now() - began);
  await record(deps, prepared, options.actor, startedAt, durationMs, failure);
  if (failure !== undefined) throw restoreError(plan, failure);
  return { plan, durationMs };
}

/** A destructive target goes ahead only when `confirm` is its name; the refusal says what to send. */
export function requireConfirmation(plan: RestorePlan, confirm: string | undefined): void {
  if (plan.destructive && confirm !== plan.confirmWith) {
    throw new AppError(
      'CONFLICT',
      `restoring ${plan.source} to ${plan.target.description} replaces what is there now: ` +
        `confirm with the target's name, confirm: "${plan.confirmWith}" in the API (on the command line: type it, or pass --yes)`,
      {
        hint:
          confirm === undefined
            ? 'look at the plan first (dryRun: true, or vigie restore RUN --dry-run)'
            : `the confirmation "${confirm}" is not the target's name "${plan.confirmWith}"`,
        details: { confirmWith: plan.confirmWith },
      },
    );
  }
}
async function execute(
  deps: RestoreDeps,
  prepared: Prepared,
  options: {
    readonly actor: string;
    readonly onProgress?: ((progress: RestoreProgress & { stage: string }) => void) | undefined;
  },
): Promise<void> {
  const { artifact, destination, resolved, stamp } = prepared;
  const onProgress = (progress: RestoreProgress) =>
    options.onProgress?.({ ...progress, stage: artifact.filename });
  if (resolved.kind === 'files') {
    if (deps.runner === undefined) throw new Error('a files restore needs the SSH runner');
    await restoreFilesArtifact(deps.runner, destination.repo, artifact, resolved.files, {
      actor: options.actor,
      stamp,
      onProgress,
    });
    return;
  }
  const engine = databaseTargetEngine(resolved.server);
  const into = resolved.exists ? sideDatabaseName(resolved.database, 'restore', stamp) : resolved.database;
  await engine.create(into, resolved.exists ? resolved.database : undefined).catch((error: unknown) => {
    throw new RestoreStageError(
      'restore tool',
      new Error(`cannot create the database ${into}: ${(error as Error).message}`),
    );
  });
  try {
    if (resolved.server.kind === 'postgresql') {
      await restorePostgresArtifact(
        destination.repo,
        artifact,
        { ...resolved.server.target, database: into },
        await engine.serverMajor(),
        {
          jobs: 2,
          workDir: prepared.workDir,
          // At the origin the roles are those of the dump; elsewhere they may not exist.
          keepOwnership: resolved.origin,
          onProgress,
        },
      );
    } else {
      await restoreMariadbArtifact(
        destination.repo,
        artifact,
        { ...resolved.server.target, database: into },
        { onProgress },
      );
    }
  } catch (error) {
    await engine.drop(into).catch(() => undefined);
    throw error;
  }
  if (!resolved.exists) return;
  const previous = sideDatabaseName(resolved.database, 'before_restore', stamp);
  if (resolved.server.kind === 'mariadb') {
    const restored = await engine.inspect(into);
    if (restored.unmovable.length > 0) {
      throw new RestoreStageError(
        'swap',
        new Error(
          `the restored copy ${into} holds ${restored.unmovable.join(', ')}, which MariaDB cannot move between databases: it is kept for you, and ${resolved.database} is unchanged`,
        ),
      );
    }
  }
  try {
    await engine.swap(resolved.database, into, previous);
  } catch (error) {
    await engine.drop(into).catch(() => undefined);
    throw new RestoreStageError('swap', error as Error);
  }
  await engine.drop(previous);
}

/** The audit record (a mutation of the target) and the journal entry, success or failure. */
async function record(
  deps: RestoreDeps,
  prepared: Prepared,
  actor: string,
  startedAt: Date,
  durationMs: number,
  failure: Error | undefined,
): Promise<void> {
  const { plan, run } = prepared;
  const seconds = `${(durationMs / 1000).toFixed(1)} s`;
  const hosts = prepared.resolved.kind === 'files' ? [prepared.resolved.files.host.name] : [];
  await deps.store.db.transaction().execute(async (trx) => {
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor,
      action: 'backup.restore',
      targetKind: plan.target.kind === 'database' ? 'database' : 'path-set',
      targetKey: plan.target.name,
      after: {
        runId: run.id,
        source: run.source,
        target: plan.target.description,
        destructive: plan.destructive,
        result: failure === undefined ? 'restored' : 'failed',
        durationMs,
      },
    });
    await appendJournalEntry({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      startedAt,
      endedAt: deps.clock.now(),
      actor,
      category: 'backup',
      hosts,
      summary:
        failure === undefined
          ? `Restore of ${run.source} (run ${run.id}) to ${plan.target.description}: done in ${seconds}`
          : `Restore of ${run.source} (run ${run.id}) to ${plan.target.description}: failed after ${seconds}`,
      detail: `run taken ${run.takenAt ?? '?'}; ${plan.steps.join('; ')}`,
      result: failure === undefined ? 'ok' : 'failed',
      ...(failure === undefined ? {} : { error: failure.message }),
    });
  });
}
