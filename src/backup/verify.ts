/**
 * Verifies a stored artifact by reading all of it back: restic authenticates every blob, Vigie checks
 * the SHA-256 and size recorded when it was written, and the engine's own tool reads the whole archive
 * (`pg_restore -f /dev/null` reads every block, where `--list` passes a truncated dump).
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { spawnTied } from './child.js';
import { untilDrainedOrClosed } from './drain.js';
import { type ResticRepository, readSnapshotFile } from './restic.js';
import { sourceProcess } from './source-process.js';

export type ArtifactReader = 'pg_restore' | 'sql' | 'tar' | 'none';

export interface ArtifactToVerify {
  readonly snapshotId: string;
  readonly filename: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Which full reader the artifact gets: pg_restore for a custom-format dump, the SQL trailer for mariadb-dump. */
  readonly reader: ArtifactReader;
  /** For pg_restore: the client directory chosen at backup time. */
  readonly binDir?: string | undefined;
}

export class VerificationError extends Error {
  constructor(
    readonly artifact: string,
    readonly reason: string,
  ) {
    super(`verification of ${artifact} failed: ${reason}`);
    this.name = 'VerificationError';
  }
}

/** Reads the artifact back in full; resolves when every check passed, rejects with what did not. */
export async function verifyArtifact(repo: ResticRepository, artifact: ArtifactToVerify): Promise<void> {
  const read = readSnapshotFile(repo, artifact.snapshotId, artifact.filename);
  const hash = createHash('sha256');
  let bytes = 0;
  const reader =
    artifact.reader === 'pg_restore'
      ? startReader(artifact.binDir === undefined ? 'pg_restore' : `${artifact.binDir}/pg_restore`, [
          '--file=/dev/null',
        ])
      : artifact.reader === 'tar'
        ? startReader('tar', ['--list', '--file=-'])
        : undefined;
  let tail = Buffer.alloc(0);
  try {
    for await (const chunk of read.output) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      bytes += buffer.length;
      if (artifact.reader === 'sql') tail = Buffer.concat([tail, buffer]).subarray(-4096);
      if (reader !== undefined && !reader.input.write(buffer)) {
        await untilDrainedOrClosed(reader.input);
      }
    }
    reader?.input.end();
    await read.done;
  } catch (error) {
    read.stop();
    reader?.input.destroy();
    await reader?.process.exited.catch(() => undefined);
    throw new VerificationError(
      artifact.filename,
      `restic could not read it back: ${(error as Error).message}`,
    );
  }
  if (reader !== undefined) {
    await reader.process.exited.catch((error: unknown) => {
      throw new VerificationError(
        artifact.filename,
        `pg_restore could not read the whole archive: ${(error as Error).message}`,
      );
    });
  }
  if (bytes !== artifact.bytes) {
    throw new VerificationError(
      artifact.filename,
      `${bytes} bytes read back, ${artifact.bytes} recorded at backup time`,
    );
  }
  const digest = hash.digest('hex');
  if (digest !== artifact.sha256) {
    throw new VerificationError(
      artifact.filename,
      `SHA-256 ${digest} read back, ${artifact.sha256} recorded at backup time`,
    );
  }
  if (artifact.reader === 'sql' && !tail.toString('utf8').includes('-- Dump completed')) {
    throw new VerificationError(
      artifact.filename,
      'the SQL dump does not end with mariadb-dump’s "-- Dump completed" line: it is truncated',
    );
  }
}

/** The engine's own reader, fed on stdin: it must read the archive to its end without an error. */
function startReader(program: string, args: readonly string[]) {
  const child = spawnTied(program, args, {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
  });
  const input = child.stdin as Writable;
  input.on('error', () => undefined);
  return { input, process: sourceProcess(child, program.split('/').pop() ?? program) };
}
