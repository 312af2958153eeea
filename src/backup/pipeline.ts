/**
 * One artifact from its source into restic: the source's stdout passes through a SHA-256 and a byte
 * count into `restic backup --stdin`. restic commits the snapshot only when the source exited 0 and
 * every byte was handed over; any stage that fails leaves no snapshot and says which stage and why.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { untilDrainedOrClosed } from './drain.js';
import { type ResticRepository, type StdinBackupOptions, startStdinBackup } from './restic.js';

/** A running program whose stdout is an artifact (pg_dump, mariadb-dump, tar over ssh). */
export interface SourceProcess {
  /** For messages: the tool and what it reads, without secrets. */
  readonly label: string;
  readonly output: Readable;
  /** Resolves when the program exited 0; rejects with its status and last stderr lines otherwise. */
  readonly exited: Promise<void>;
  kill(): void;
}

export interface StoredArtifact {
  readonly filename: string;
  readonly snapshotId: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly addedBytes: number;
  readonly durationMs: number;
}

/** Which stage failed: the source (a dump that died), the destination (restic, a full disk), or the stream. */
export class BackupStageError extends Error {
  constructor(
    readonly stage: 'source' | 'destination',
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'BackupStageError';
  }
}

export interface StreamProgress {
  readonly bytes: number;
}

/** Streams one source into the repository; resolves only when the snapshot exists and matches the bytes read. */
export async function storeStream(
  source: SourceProcess,
  repo: ResticRepository,
  options: StdinBackupOptions & {
    readonly onProgress?: ((progress: StreamProgress) => void) | undefined;
    /** Sees every chunk as it passes (e.g. to count rows in a SQL dump). */
    readonly observe?: ((chunk: Buffer) => void) | undefined;
  },
): Promise<StoredArtifact> {
  const started = performance.now();
  const backup = startStdinBackup(repo, options);
  const hash = createHash('sha256');
  let bytes = 0;
  let lastReport = 0;
  try {
    for await (const chunk of source.output) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      bytes += buffer.length;
      options.observe?.(buffer);
      if (!backup.input.write(buffer)) {
        // restic is slower than the source: wait for it, or for it to die.
        await untilDrainedOrClosed(backup.input);
        if (backup.input.destroyed)
          throw new BackupStageError('destination', 'restic stopped reading the stream');
      }
      if (options.onProgress !== undefined && bytes - lastReport >= 8 * 1024 * 1024) {
        lastReport = bytes;
        options.onProgress({ bytes });
      }
    }
    await source.exited.catch((error: unknown) => {
      throw new BackupStageError('source', (error as Error).message, error);
    });
  } catch (error) {
    source.kill();
    await backup.abandon();
    // restic may have failed first (a full destination): its reason is the one that matters.
    const resticReason = await backup.failure();
    const sourceFailed = error instanceof BackupStageError && error.stage === 'source';
    if (resticReason !== undefined && !sourceFailed) {
      throw new BackupStageError('destination', resticReason.message, resticReason);
    }
    if (error instanceof BackupStageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
      throw new BackupStageError('destination', 'restic stopped reading the stream', error);
    }
    throw new BackupStageError('source', `${source.label}: ${(error as Error).message}`, error);
  }
  try {
    const summary = await backup.commit();
    if (summary.processedBytes !== bytes) {
      throw new Error(`restic stored ${summary.processedBytes} bytes of the ${bytes} the source wrote`);
    }
    return {
      filename: options.filename,
      snapshotId: summary.snapshotId,
      sha256: hash.digest('hex'),
      bytes,
      addedBytes: summary.addedBytes,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    throw new BackupStageError('destination', (error as Error).message, error);
  }
}
