/**
 * Where the lab keeps its files under its state directory: keys and database data directories that
 * survive `down` (so the next `up` is fast), and runtime files (configs, pid files, sockets, logs)
 * that `down` deletes.
 */
import path from 'node:path';
import type { LabHostId } from './topology.js';

/** The lab's state directory: $VIGIE_LAB_DIR, or /var/lib/vigie-lab. */
export function labDirFromEnv(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.VIGIE_LAB_DIR || '/var/lib/vigie-lab');
}

export interface LabPaths {
  readonly dir: string;
  readonly keysDir: string;
  /** The private key of the lab client (ed25519), authorised for the lab user on every host. */
  readonly clientKey: string;
  readonly authorizedKeys: string;
  /** Every lab host key under each of the host's names and addresses, for StrictHostKeyChecking. */
  readonly knownHosts: string;
  readonly lockFile: string;
  readonly leasesDir: string;
  /** Runtime files: deleted by `down`. */
  readonly runDir: string;
  readonly logDir: string;
  readonly wwwDir: string;
  hostKeyDir(host: LabHostId): string;
  hostKey(host: LabHostId): string;
  hostRunDir(host: LabHostId): string;
  hostLogDir(host: LabHostId): string;
  dataDir(host: LabHostId, engine: 'postgresql' | 'mariadb'): string;
}

/** The file layout of a lab state directory. */
export function labPaths(dir: string): LabPaths {
  const keysDir = path.join(dir, 'keys');
  const runDir = path.join(dir, 'run');
  const logDir = path.join(dir, 'log');
  return {
    dir,
    keysDir,
    clientKey: path.join(keysDir, 'client_ed25519'),
    authorizedKeys: path.join(keysDir, 'authorized_keys'),
    knownHosts: path.join(keysDir, 'known_hosts'),
    lockFile: path.join(dir, 'lab.lock'),
    leasesDir: path.join(runDir, 'leases'),
    runDir,
    logDir,
    wwwDir: path.join(runDir, 'www'),
    hostKeyDir: (host) => path.join(keysDir, 'hosts', host),
    hostKey: (host) => path.join(keysDir, 'hosts', host, 'ssh_host_ed25519_key'),
    hostRunDir: (host) => path.join(runDir, host),
    hostLogDir: (host) => path.join(logDir, host),
    dataDir: (host, engine) => path.join(dir, 'data', host, engine),
  };
}
