/**
 * A lock file that serialises lab changes (`up`, `down`, `cut`...) between processes, such as
 * parallel vitest workers: created exclusively, holding the owner's pid; a dead owner's lock is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../src/errors/app-error.js';
import { isAlive } from './processes.js';

/** Runs `work` while holding the lock file; waits for another holder up to the timeout. */
export async function withLabLock<T>(
  lockFile: string,
  work: () => Promise<T>,
  timeoutMs = 180_000,
): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o755 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!holderIsAlive(lockFile)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new AppError('CONFLICT', 'Another process is changing the lab.', {
        hint: `Wait for it, or remove ${lockFile} if no lab command is running.`,
      });
    }
    await sleep(200);
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

function holderIsAlive(lockFile: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const pid = Number.parseInt(text, 10);
  // A lock file being written has no pid yet: treat its writer as alive.
  if (!Number.isInteger(pid)) return true;
  return pid === process.pid || isAlive(pid);
}
