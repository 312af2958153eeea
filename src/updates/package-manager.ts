/**
 * How Vigie reads pending updates from a host, whatever its package manager: apt now, dnf in the same
 * shape. Commands go through a `HostSession` (the SSH runner, bound to one host and actor), argv only.
 */
import type { CommandResult, RemoteCommand } from '../remote/remote-host.js';
import type { OsRelease, PackageManagerKind, PackageManagerReading } from './model.js';

/** Runs commands on one host for one check (journaled by the runner). */
export interface HostSession {
  readonly host: string;
  run(command: RemoteCommand, options?: { readonly timeoutMs?: number }): Promise<CommandResult>;
}

export interface PackageManager {
  readonly kind: PackageManagerKind;
  /** Refreshes the package lists (`apt-get update`): a change on the host, journaled. */
  refresh(session: HostSession): Promise<void>;
  /** Reads pending updates, their security flag and CVEs where the host tells them, and the reboot state. */
  read(session: HostSession, os: OsRelease): Promise<PackageManagerReading>;
}

/** The package manager family of an OS, from /etc/os-release's ID and ID_LIKE. */
export function packageManagerKindFor(os: OsRelease): PackageManagerKind | undefined {
  const ids = [os.id, ...os.idLike];
  if (ids.some((id) => id === 'debian' || id === 'ubuntu')) return 'apt';
  if (ids.some((id) => ['rhel', 'fedora', 'centos', 'rocky', 'almalinux'].includes(id))) return 'dnf';
  return undefined;
}

/** /etc/os-release as an OsRelease. */
export function parseOsRelease(text: string): OsRelease {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined) fields[match[1]] = (match[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
  }
  return {
    id: fields.ID ?? '',
    idLike: (fields.ID_LIKE ?? '').split(/\s+/).filter((id) => id !== ''),
    version: fields.VERSION_ID ?? '',
    codename: fields.VERSION_CODENAME ?? '',
  };
}
