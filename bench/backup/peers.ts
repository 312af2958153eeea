/**
 * The bare tools Vigie is compared with, as an administrator would run them by hand: pg_dump with its
 * own gzip, pg_dump into zstd, pg_dump into nothing (the extraction limit), pg_dump into restic,
 * restic on a dump file, pg_restore -j2, mariadb-dump into zstd. Same client binaries as Vigie's.
 */
import path from 'node:path';
import type { MariadbServer } from './mariadb-dataset.js';
import { runPipeline, type Stage } from './pipes.js';
import type { PgServer } from './postgres-dataset.js';

export interface PeerRepository {
  readonly location: string;
  readonly password: string;
}

/** `pg_dump` of the database to stdout; `compress` undefined keeps pg_dump's default (gzip). */
export function pgDumpStage(binDir: string, server: PgServer, database: string, compress?: number): Stage {
  return {
    program: path.join(binDir, 'pg_dump'),
    args: [
      '--format=custom',
      ...(compress === undefined ? [] : [`--compress=${compress}`]),
      '--no-password',
      '--host',
      server.host,
      '--port',
      String(server.port),
      '--username',
      server.user,
      '--dbname',
      database,
    ],
  };
}

const zstdStage: Stage = { program: 'zstd', args: ['-T2', '-q', '-c'] };

/** restic with the same options as Vigie's repositories (no local cache). */
function resticStage(repo: PeerRepository, args: readonly string[]): Stage {
  return {
    program: 'restic',
    args: ['--repo', repo.location, '--no-cache', '--quiet', ...args],
    env: { RESTIC_PASSWORD: repo.password, HOME: process.env.HOME ?? '/root' },
  };
}

export function resticInit(repo: PeerRepository): Promise<void> {
  return runPipeline([resticStage(repo, ['init'])], { output: '/dev/null' });
}

/** `restic dump` of a stored file into a local file (to give pg_restore and restic-alone the same archive). */
export function resticDumpToFile(repo: PeerRepository, snapshot: string, name: string, file: string) {
  return runPipeline([resticStage(repo, ['dump', snapshot, name])], { output: file });
}

export const pgDumpGzipToFile = (dump: Stage, file: string) => runPipeline([dump], { output: file });
export const pgDumpToNull = (dump: Stage) => runPipeline([dump], { output: '/dev/null' });
export const pgDumpThroughZstd = (dump: Stage, file: string) =>
  runPipeline([dump, zstdStage], { output: file });

/** The bare tools of Vigie's own pipeline, through an OS pipe: what Vigie adds shows as the difference. */
export const pgDumpThroughRestic = (dump: Stage, repo: PeerRepository) =>
  runPipeline([dump, resticStage(repo, ['backup', '--stdin', '--stdin-filename', 'dump.pgdump'])], {
    output: '/dev/null',
  });

export const resticBackupFile = (repo: PeerRepository, file: string) =>
  runPipeline([resticStage(repo, ['backup', file])], { output: '/dev/null' });

export function pgRestoreJobs(
  binDir: string,
  server: PgServer,
  database: string,
  file: string,
  jobs: number,
) {
  return runPipeline(
    [
      {
        program: path.join(binDir, 'pg_restore'),
        args: [
          `--jobs=${jobs}`,
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          '--no-password',
          '--host',
          server.host,
          '--port',
          String(server.port),
          '--username',
          server.user,
          '--dbname',
          database,
          file,
        ],
      },
    ],
    { output: '/dev/null' },
  );
}

/** mariadb-dump with the options Vigie uses (one consistent transaction, routines, triggers, events). */
export function mariadbDumpStage(server: MariadbServer, database: string): Stage {
  return {
    program: 'mariadb-dump',
    args: [
      '--no-defaults',
      `--host=${server.host}`,
      `--port=${server.port}`,
      `--user=${server.user}`,
      '--protocol=TCP',
      '--single-transaction',
      '--routines',
      '--triggers',
      '--events',
      '--hex-blob',
      '--no-tablespaces',
      '--default-character-set=utf8mb4',
      '--',
      database,
    ],
  };
}

export const mariadbDumpThroughZstd = (dump: Stage, file: string) =>
  runPipeline([dump, zstdStage], { output: file });
export const mariadbDumpToNull = (dump: Stage) => runPipeline([dump], { output: '/dev/null' });
