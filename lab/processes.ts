/**
 * Lab processes: pid files, the processes living in a lab namespace, and stopping them. Only
 * processes inside a lab namespace are ever signalled, so a recycled pid or the machine's own
 * PostgreSQL and MariaDB are never touched.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../src/errors/app-error.js';
import { runCommand } from './exec.js';

/** The pids of every process whose network namespace is this one (empty if it does not exist). */
export async function namespacePids(namespace: string): Promise<number[]> {
  const result = await runCommand('ip', ['netns', 'pids', namespace]);
  if (result.code !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** The pid written in a pid file, if the file exists and names a live process. */
export function livePidFromFile(pidFile: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(pidFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Whether a process exists (signal 0 probes without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Stops the daemon named in a pid file with its clean-shutdown signal, if it runs in this namespace. */
export async function stopByPidFile(
  namespace: string,
  pidFile: string,
  stopSignal: NodeJS.Signals = 'SIGTERM',
  graceMs = 5_000,
): Promise<void> {
  const pid = livePidFromFile(pidFile);
  if (pid === undefined || !(await namespacePids(namespace)).includes(pid)) return;
  signal(pid, stopSignal);
  await waitForExit([pid], graceMs);
}

/** Ends every process left in a namespace: SIGTERM, then SIGKILL after the grace time. */
export async function killNamespaceProcesses(namespace: string, graceMs = 3_000): Promise<void> {
  const pids = await namespacePids(namespace);
  if (pids.length === 0) return;
  for (const pid of pids) signal(pid, 'SIGTERM');
  const left = await waitForExit(pids, graceMs);
  for (const pid of left) signal(pid, 'SIGKILL');
  await waitForExit(left, 2_000);
}

async function waitForExit(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Waits until a check passes, polling; fails with the message after the timeout. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new AppError('INTERNAL', `The lab timed out after ${timeoutMs} ms waiting for ${what}.`, {
        hint: 'Look at the daemon logs under the lab state directory (log/HOST/).',
      });
    }
    await sleep(50);
  }
}
