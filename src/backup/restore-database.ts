/**
 * Restores a database artifact from restic into a database: `pg_restore` for PostgreSQL custom-format
 * dumps (streamed, or with parallel jobs from a private file that is removed afterwards, since
 * pg_restore can only run jobs on a seekable archive), the `mariadb` client for SQL dumps.
 */

import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RunArtifact } from './catalog.js';
import { spawnTied } from './child.js';
import { ResticError, type ResticRepository, readSnapshotFile } from './restic.js';
import { sourceProcess } from './source-process.js';
import type { MariadbTarget } from './sources/mariadb.js';
import { choosePostgresClient, type PostgresTarget } from './sources/postgres.js';

export interface RestoreProgress {
  readonly bytes: number;
  readonly total: number;
}

export interface PostgresRestoreOptions {
  /** pg_restore jobs; above 1 the archive is first written to a private temporary file. */
  readonly jobs?: number | undefined;
  /** Where that file goes (default: the system's temporary directory). */
  readonly workDir?: string | undefined;
  readonly onProgress?: ((progress: RestoreProgress) => void) | undefined;
  /**
   * Restore owners and privileges as dumped (a real restore, where the roles exist); drills and
   * restores elsewhere leave them out, since the roles may not exist there.
   */
  readonly keepOwnership?: boolean | undefined;
}

/** Where a restore failed: reading the artifact back from restic, or the engine's tool applying it. */
export type RestoreStage = 'read from the repository' | 'restore tool' | 'swap';

/** A restore that failed, with the stage that failed and that stage's own words. */
export class RestoreStageError extends Error {
  constructor(
    readonly stage: RestoreStage,
    readonly reason: Error,
  ) {
    super(`${stage}: ${reason.message}`, { cause: reason });
    this.name = 'RestoreStageError';
  }
}

/** Restores into an existing, empty database; rejects with pg_restore's own words on any error. */
export async function restorePostgresArtifact(
  repo: ResticRepository,
  artifact: RunArtifact,
  target: PostgresTarget,
  serverMajor: number,
  options: PostgresRestoreOptions = {},
): Promise<void> {
  const client = choosePostgresClient(serverMajor);
  const jobs = Math.max(1, options.jobs ?? 1);
  const common = [
    ...(options.keepOwnership === true ? [] : ['--no-owner', '--no-privileges']),
    '--exit-on-error',
    '--no-password',
    '--host',
    target.host,
    '--port',
    String(target.port),
    '--username',
    target.user,
    '--dbname',
    target.database,
  ];
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    ...(target.password === undefined ? {} : { PGPASSWORD: target.password }),
  };
  if (jobs === 1) {
    const child = spawnTied(`${client.binDir}/pg_restore`, common, {
      stdio: ['pipe', 'ignore', 'pipe'],
      env,
    });
    await settle(
      feed(repo, artifact, child.stdin as Writable, options.onProgress),
      sourceProcess(child, `pg_restore into ${target.database}`).exited,
    );
    return;
  }
  const dir = fs.mkdtempSync(path.join(options.workDir ?? os.tmpdir(), 'vigie-restore-'));
  const file = path.join(dir, 'archive.pgdump');
  try {
    await feed(repo, artifact, fs.createWriteStream(file, { mode: 0o600 }), options.onProgress).catch(
      (error: unknown) => {
        throw new RestoreStageError('read from the repository', error as Error);
      },
    );
    const child = spawnTied(`${client.binDir}/pg_restore`, [...common, `--jobs=${jobs}`, file], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    });
    await sourceProcess(child, `pg_restore into ${target.database}`).exited.catch((error: unknown) => {
      throw new RestoreStageError('restore tool', error as Error);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Restores a mariadb-dump SQL file into an existing database with the `mariadb` client. */
export async function restoreMariadbArtifact(
  repo: ResticRepository,
  artifact: RunArtifact,
  target: MariadbTarget,
  options: { readonly onProgress?: ((progress: RestoreProgress) => void) | undefined } = {},
): Promise<void> {
  const child = spawnTied(
    'mariadb',
    [
      '--no-defaults',
      `--host=${target.host}`,
      `--port=${target.port}`,
      `--user=${target.user}`,
      '--protocol=TCP',
      '--binary-mode',
      '--default-character-set=utf8mb4',
      `--database=${target.database}`,
    ],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LANG: 'C.UTF-8',
        ...(target.password === undefined ? {} : { MYSQL_PWD: target.password }),
      },
    },
  );
  await settle(
    feed(repo, artifact, child.stdin as Writable, options.onProgress),
    sourceProcess(child, `mariadb into ${target.database}`).exited,
  );
}

/**
 * Waits for both ends of a streamed restore and names the stage that failed: restic's own failure
 * (a wrong key, a damaged pack) first, else the tool's exit status, which tells why it stopped reading.
 */
export async function settle(fed: Promise<void>, toolExited: Promise<void>): Promise<void> {
  const [readFailure, toolFailure] = await Promise.all([
    fed.then(
      () => undefined,
      (error: unknown) => error as Error,
    ),
    toolExited.then(
      () => undefined,
      (error: unknown) => error as Error,
    ),
  ]);
  // restic's own failure names the cause; any other failure of the copy follows from the tool's.
  if (readFailure instanceof ResticError && readFailure.kind !== 'interrupted') {
    throw new RestoreStageError('read from the repository', readFailure);
  }
  if (toolFailure !== undefined) throw new RestoreStageError('restore tool', toolFailure);
  if (readFailure !== undefined) throw new RestoreStageError('read from the repository', readFailure);
}

/** Streams the artifact from restic into `sink`; restic's failure (a wrong key, a damaged pack) wins. */
export async function feed(
  repo: ResticRepository,
  artifact: RunArtifact,
  sink: Writable,
  onProgress: ((progress: RestoreProgress) => void) | undefined,
): Promise<void> {
  const read = readSnapshotFile(repo, artifact.snapshotId, artifact.filename);
  let bytes = 0;
  let reported = 0;
  read.output.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (onProgress !== undefined && bytes - reported >= 8 * 1024 * 1024) {
      reported = bytes;
      onProgress({ bytes, total: artifact.bytes });
    }
  });
  sink.on('error', () => undefined);
  try {
    await pipeline(read.output, sink);
  } catch (error) {
    read.stop();
    await read.done.catch((resticError: unknown) => {
      throw resticError;
    });
    // restic was fine: the consumer stopped reading (its own error follows from its exit status).
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    return;
  }
  await read.done;
  if (!sink.writableFinished) await once(sink, 'finish');
  onProgress?.({ bytes, total: artifact.bytes });
}
