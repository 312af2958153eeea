/**
 * The files side of a real restore: the tar archive streams from restic (on the Vigie host) into
 * `tar --extract` on the target host over SSH (pinned host key, journaled), never through a shell.
 * To the origin it is extracted into a staging directory first, then each original path is swapped
 * for its restored copy, so a restore that fails midway leaves the original files as they were.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import type { RemoteCommand, RemoteHost, SshRunner } from '../remote/remote-host.js';
import type { RunArtifact } from './catalog.js';
import type { ResticRepository } from './restic.js';
import { feed, type RestoreProgress, RestoreStageError, settle } from './restore-database.js';

export interface FilesTarget {
  readonly host: RemoteHost;
  /** Extract under this directory; undefined: over the original paths (the origin). */
  readonly directory: string | undefined;
  /** The paths the backup read, absolute. */
  readonly paths: readonly string[];
  readonly sudo: boolean;
}

export interface FilesRestoreOptions {
  readonly actor: string;
  /** Names the staging directory and the previous copies kept until the swap succeeded. */
  readonly stamp: string;
  readonly onProgress?: ((progress: RestoreProgress) => void) | undefined;
}

/** The paths a restore would write over that hold something now (empty: not destructive). */
export async function occupiedPaths(
  runner: SshRunner,
  target: FilesTarget,
  actor: string,
): Promise<string[]> {
  const probe =
    target.directory === undefined
      ? // Each original path that exists and is not an empty directory or file.
        ['find', '-H', ...target.paths, '-maxdepth', '0', '!', '-empty', '-print']
      : ['find', '-H', target.directory, '-mindepth', '1', '-maxdepth', '1', '-print', '-quit'];
  const result = await runner.run(
    target.host,
    { argv: probe, sudo: target.sudo, label: 'restore: what the target holds' },
    { actor, category: 'backup' },
  );
  // find exits 1 when a path is missing: that path holds nothing, which is what is asked.
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** Streams the archive into tar on the host; to the origin through a staging directory and a swap. */
export async function restoreFilesArtifact(
  runner: SshRunner,
  repo: ResticRepository,
  artifact: RunArtifact,
  target: FilesTarget,
  options: FilesRestoreOptions,
): Promise<void> {
  const run = (command: RemoteCommand) =>
    runner.run(target.host, { sudo: target.sudo, ...command }, { actor: options.actor, category: 'backup' });
  const must = async (command: RemoteCommand, stage: 'restore tool' | 'swap') => {
    const result = await run(command);
    if (result.exitCode !== 0) {
      throw new RestoreStageError(
        stage,
        new Error(`${command.argv.join(' ')} on ${target.host.name}: ${lastLines(result.stderr)}`),
      );
    }
  };
  const first = target.paths[0];
  if (first === undefined) throw new Error('the run names no path to restore');
  const into =
    target.directory ?? path.posix.join(path.posix.dirname(first), `.vigie-restore-${options.stamp}`);
  await must(
    { argv: ['mkdir', '-p', '-m', '700', '--', into], label: `restore: create ${into}` },
    'restore tool',
  );
  try {
    await extract(runner, repo, artifact, target, into, options);
  } catch (error) {
    // A staging directory is Vigie's own: a failed extraction leaves nothing behind at the origin.
    if (target.directory === undefined)
      await run({ argv: ['rm', '-rf', '--', into], label: `restore: remove ${into}` }).catch(() => undefined);
    throw error;
  }
  if (target.directory !== undefined) return;
  await swapIntoPlace(run, must, target, into, options.stamp);
}

async function extract(
  runner: SshRunner,
  repo: ResticRepository,
  artifact: RunArtifact,
  target: FilesTarget,
  into: string,
  options: FilesRestoreOptions,
): Promise<void> {
  const label = `tar --extract on ${target.host.name} into ${into}`;
  const streamed = await runner.stream(
    target.host,
    {
      argv: ['tar', '--extract', '--file=-', '--numeric-owner', '--acls', '--xattrs', `--directory=${into}`],
      sudo: target.sudo,
      label: `restore: ${label}`,
      streamStdin: true,
    },
    { actor: options.actor, category: 'backup' },
  );
  streamed.output.resume();
  const input = streamed.input;
  if (input === undefined) throw new Error('the SSH runner gave no standard input to write to');
  const exited = streamed.result.then((result) => {
    if (result.exitCode === 0) return;
    const how =
      result.signal === null ? `exited with status ${result.exitCode}` : `was killed by ${result.signal}`;
    throw new Error(`${label} ${how}: ${lastLines(result.stderr)}`);
  });
  const side = writableSide(input);
  const fed = feed(repo, artifact, side.stream, options.onProgress);
  fed.catch(() => streamed.kill());
  // GNU tar exits once it has read the archive's end marker, possibly before the zero padding after
  // it: when it then exits 0, it extracted the whole archive (a truncated one makes it exit 2), and
  // the end of the stream it did not wait for is no failure.
  const read = fed.catch(async (error: unknown) => {
    const tarSucceeded = await exited.then(
      () => true,
      () => false,
    );
    if (side.closedEarly() && tarSucceeded) return;
    throw error;
  });
  await settle(read, exited);
}

/**
 * Each original path is moved aside and its restored copy moved in; if a move fails, the paths
 * already swapped are put back. The previous copies are removed once every path is in place.
 */
async function swapIntoPlace(
  run: (command: RemoteCommand) => ReturnType<SshRunner['run']>,
  must: (command: RemoteCommand, stage: 'swap') => Promise<void>,
  target: FilesTarget,
  staging: string,
  stamp: string,
): Promise<void> {
  const swapped: Array<{ original: string; previous: string | undefined }> = [];
  try {
    for (const original of target.paths) {
      const restored = path.posix.join(staging, original);
      if (!(await exists(run, restored))) continue;
      const previous = (await exists(run, original))
        ? `${original}.vigie-before-restore-${stamp}`
        : undefined;
      if (previous !== undefined)
        await must(
          { argv: ['mv', '-T', '--', original, previous], label: `restore: set ${original} aside` },
          'swap',
        );
      swapped.push({ original, previous });
      await must(
        { argv: ['mv', '-T', '--', restored, original], label: `restore: put ${original} in place` },
        'swap',
      );
    }
  } catch (error) {
    for (const { original, previous } of swapped.reverse()) {
      await run({ argv: ['rm', '-rf', '--', original], label: `restore: undo ${original}` }).catch(
        () => undefined,
      );
      if (previous !== undefined)
        await run({
          argv: ['mv', '-T', '--', previous, original],
          label: `restore: put ${original} back`,
        }).catch(() => undefined);
    }
    await run({ argv: ['rm', '-rf', '--', staging], label: `restore: remove ${staging}` }).catch(
      () => undefined,
    );
    throw error;
  }
  const leftovers = [staging, ...swapped.flatMap((s) => (s.previous === undefined ? [] : [s.previous]))];
  await run({ argv: ['rm', '-rf', '--', ...leftovers], label: 'restore: remove the previous copies' });
}

/** Whether `file` exists on the host, asked so that a missing path is not a failed command. */
async function exists(
  run: (command: RemoteCommand) => ReturnType<SshRunner['run']>,
  file: string,
): Promise<boolean> {
  const parent = path.posix.dirname(file);
  const pattern = file.replace(/[*?[\]\\]/g, '\\$&');
  const result = await run({
    argv: ['find', '-H', parent, '-mindepth', '1', '-maxdepth', '1', '-path', pattern, '-print'],
    label: `restore: look for ${file}`,
  });
  return result.stdout.trim() !== '';
}

/**
 * The SSH channel is a duplex whose readable side (tar's output) may close first; the stream pipeline
 * would take that for a premature close. This is its writable side alone, and whether the channel
 * closed before everything was written to it.
 */
function writableSide(channel: Writable): { stream: Writable; closedEarly: () => boolean } {
  let closedEarly = false;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (channel.write(chunk)) done();
      else channel.once('drain', () => done());
    },
    final(done) {
      channel.end();
      done();
    },
  });
  channel.once('close', () => {
    if (stream.writableFinished) return;
    closedEarly = true;
    stream.destroy(new Error('tar on the host stopped reading its input'));
  });
  return { stream, closedEarly: () => closedEarly };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ') || 'no message';
}
