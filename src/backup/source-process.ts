/** A child process whose stdout is an artifact, with its failure told in its own words. */
import type { ChildProcess } from 'node:child_process';
import type { SourceProcess } from './pipeline.js';

/** Wraps a child whose stdout is the artifact: `exited` rejects with its stderr when it fails. */
export function sourceProcess(child: ChildProcess, label: string): SourceProcess {
  const stderr: Buffer[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    if (stderr.length > 32) stderr.splice(0, stderr.length - 32);
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`${label}: cannot run it: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const said = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' / ');
      const how = signal === null ? `exited with status ${code}` : `was killed by ${signal}`;
      reject(new Error(`${label} ${how}${said === '' ? '' : `: ${said}`}`));
    });
  });
  exited.catch(() => undefined);
  return {
    label,
    output: child.stdout as NonNullable<ChildProcess['stdout']>,
    exited,
    kill: () => {
      child.kill('SIGTERM');
    },
  };
}
