/**
 * Where the lab keeps its files under its state directory: keys and database data directories that
 * survive `down` (so the next `up` is fast), and runtime files (configs, pid files, sockets, logs)
 * that `down` deletes.
 */
import path from 'node:path';
import { labUpMarkerFile } from '../src/net/lab-marker.js';
import type { LabHostId } from './topology.js';

/** The lab's state directory: $VIGIE_LAB_DIR, or /var/lib/vigie-lab. */
export function labDirFromEnv(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.VIGIE_LAB_DIR || '/var/lib/vigie-lab');
}

/** Where the lab caches what is slow to make (the VMs' Debian root): $VIGIE_LAB_CACHE_DIR, or /var/cache/vigie-lab. */
export function labCacheDirFromEnv(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.VIGIE_LAB_CACHE_DIR || DEFAULT_LAB_CACHE_DIR);
}

const DEFAULT_LAB_CACHE_DIR = '/var/cache/vigie-lab';

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
  /** Exists while the lab is up: the outbound allowlist's `lab` entry admits the lab prefix then. */
  readonly upMarker: string;
  readonly logDir: string;
  readonly wwwDir: string;
  /** The lab's local apt repository (lab/apt-repo.ts), rebuilt on every `up`. */
  readonly aptRepoDir: string;
  /** Kept across `down` and shared by every lab: the cached Debian root (`purge` removes it). */
  readonly cacheDir: string;
  hostKeyDir(host: LabHostId): string;
  hostKey(host: LabHostId): string;
  hostRunDir(host: LabHostId): string;
  hostLogDir(host: LabHostId): string;
  dataDir(host: LabHostId, engine: 'postgresql' | 'mariadb'): string;
  /** A VM's own root: the overlay's mount point, upper and work directories (under run/HOST/). */
  hostRoot(host: LabHostId): { readonly mount: string; readonly upper: string; readonly work: string };
}

/** The file layout of a lab state directory. */
export function labPaths(dir: string, cacheDir = DEFAULT_LAB_CACHE_DIR): LabPaths {
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
    upMarker: labUpMarkerFile(dir),
    logDir,
    wwwDir: path.join(runDir, 'www'),
    aptRepoDir: path.join(runDir, 'apt-repo'),
    cacheDir,
    hostKeyDir: (host) => path.join(keysDir, 'hosts', host),
    hostKey: (host) => path.join(keysDir, 'hosts', host, 'ssh_host_ed25519_key'),
    hostRunDir: (host) => path.join(runDir, host),
    hostLogDir: (host) => path.join(logDir, host),
    dataDir: (host, engine) => path.join(dir, 'data', host, engine),
    hostRoot: (host) => ({
      mount: path.join(runDir, host, 'root'),
      upper: path.join(runDir, host, 'root-upper'),
      work: path.join(runDir, host, 'root-work'),
    }),
  };
}
