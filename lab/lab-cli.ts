/**
 * The lab's commands for people: up, down, status, cut HOST, restore HOST, purge, each printing what
 * it did. Exit 0 on success, 1 on a failure, 2 on bad usage. The entry point is lab/cli.ts.
 */
import { isAppError } from '../src/errors/app-error.js';
import {
  formatLabStatus,
  type LabDeps,
  labDown,
  labPurge,
  labReplaceHostKey,
  labSetHostLink,
  labStatus,
  labUp,
} from './lab.js';
import { labCacheDirFromEnv, labDirFromEnv, labPaths } from './paths.js';
import { LAB_HOSTS } from './topology.js';

const USAGE = `usage: lab up | down | status [--json] | cut HOST | restore HOST | rekey HOST | purge
  hosts: ${LAB_HOSTS.map((host) => host.id).join(', ')}
  state directory: $VIGIE_LAB_DIR or /var/lib/vigie-lab`;

/** Runs one lab command and returns the process exit code. */
export async function runLabCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const deps: LabDeps = {
    paths: labPaths(labDirFromEnv(env), labCacheDirFromEnv(env)),
    log: (line) => console.log(line),
  };
  const [command, argument] = argv;
  try {
    switch (command) {
      case 'up': {
        const status = await labUp(deps);
        for (const line of formatLabStatus(status)) console.log(line);
        console.log(`  client key  ${deps.paths.clientKey} (user vigie-lab)`);
        console.log(`  known_hosts ${deps.paths.knownHosts}`);
        return status.up ? 0 : 1;
      }
      case 'down': {
        const status = await labDown(deps);
        for (const line of formatLabStatus(status)) console.log(line);
        return status.absent ? 0 : 1;
      }
      case 'status': {
        const status = await labStatus(deps);
        if (argument === '--json') console.log(JSON.stringify(status, null, 2));
        else for (const line of formatLabStatus(status)) console.log(line);
        return 0;
      }
      case 'cut':
      case 'restore': {
        if (!argument) break;
        await labSetHostLink(deps, { host: argument, state: command === 'cut' ? 'down' : 'up' });
        console.log(`${argument} ${command === 'cut' ? 'is cut off the rack' : 'is back on the rack'}.`);
        return 0;
      }
      case 'rekey': {
        if (!argument) break;
        const key = await labReplaceHostKey(deps, argument);
        console.log(`${argument} has a new host key: ${key}`);
        console.log('Vigie will refuse it until an engineer approves it (vigie hostkey approve).');
        return 0;
      }
      case 'purge':
        await labPurge(deps);
        console.log('The lab is down and its keys, data and user are removed.');
        return 0;
      default:
        break;
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(`error: ${error.message}`);
    if (error.details !== undefined) console.error(JSON.stringify(error.details, null, 2));
    if (error.hint) console.error(`hint: ${error.hint}`);
    return 1;
  }
  console.error(USAGE);
  return 2;
}
