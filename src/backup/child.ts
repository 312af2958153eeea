/**
 * Starts the programs of a backup pipeline so that they die with Vigie: each runs under
 * `setpriv --pdeathsig KILL` (util-linux), so a Vigie killed mid-backup cannot leave a restic behind
 * that would save the truncated stream as a snapshot once its input closes.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import fs from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';
const hasSetpriv = fs.existsSync(SETPRIV);

export function spawnTied(program: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  if (!hasSetpriv) return spawn(program, [...args], options);
  return spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', program, ...args], options);
}
