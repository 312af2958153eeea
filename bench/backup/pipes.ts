/**
 * The bare tools run as a shell would pipe them (`pg_dump -Fc -Z0 | zstd -T2 > file`), but spawned
 * with argument lists: each stage's stdout is an OS pipe into the next one's stdin (no byte passes
 * through Node), and every stage's exit status counts, not only the last one's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Readable } from 'node:stream';

export interface Stage {
  readonly program: string;
  readonly args: readonly string[];
  /** Added to a minimal environment (PATH, LANG). */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

export interface PipelineEnds {
  /** A file the first stage reads as its stdin; none when undefined. */
  readonly input?: string | undefined;
  /** Where the last stage's stdout goes: a file path, or `/dev/null`. */
  readonly output: string;
}

/** Runs the stages as one pipeline; resolves when every stage exited 0, rejects naming the one that did not. */
export async function runPipeline(stages: readonly Stage[], ends: PipelineEnds): Promise<void> {
  if (stages.length === 0) throw new Error('runPipeline: no stage to run');
  const inputFd = ends.input === undefined ? undefined : fs.openSync(ends.input, 'r');
  const outputFd = fs.openSync(ends.output, 'w');
  const children: ChildProcess[] = [];
  const exits: Promise<void>[] = [];
  try {
    let previous: Readable | undefined;
    for (const [index, stage] of stages.entries()) {
      const last = index === stages.length - 1;
      const stdin = previous ?? inputFd ?? 'ignore';
      const child = spawn(stage.program, [...stage.args], {
        stdio: [stdin, last ? outputFd : 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...stage.env },
      });
      // The child holds its own copy of the pipe now; ours would keep the writer alive if the reader died.
      previous?.destroy();
      previous = last ? undefined : (child.stdout ?? undefined);
      children.push(child);
      exits.push(exitOf(child, `${stage.program} (stage ${index + 1} of ${stages.length})`));
    }
  } finally {
    if (inputFd !== undefined) fs.closeSync(inputFd);
    fs.closeSync(outputFd);
  }
  const results = await Promise.allSettled(exits);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    throw failed.reason;
  }
}

function exitOf(child: ChildProcess, label: string): Promise<void> {
  const stderr: Buffer[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    if (stderr.length > 32) stderr.splice(0, stderr.length - 32);
  });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`${label}: cannot run it: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const said = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' / ');
      const how = signal === null ? `exited with status ${code}` : `was killed by ${signal}`;
      reject(new Error(`${label} ${how}${said === '' ? '' : `: ${said}`}`));
    });
  });
}
