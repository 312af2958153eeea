/**
 * A host's path set as a backup source: GNU tar runs on the host over SSH (pinned host key, journaled)
 * and its archive streams to Vigie, where restic deduplicates and encrypts it; restic and the
 * repository's key never leave the Vigie host. Paths are arguments after `--`, never shell text.
 */

import type { RemoteHost, RunOptions, SshRunner } from '../../remote/remote-host.js';
import type { SourceProcess } from '../pipeline.js';

export interface PathSet {
  readonly host: RemoteHost;
  /** Absolute paths on the host, e.g. /var/www/offre-formation. */
  readonly paths: readonly string[];
  /** Shell-style patterns tar leaves out (e.g. var/cache/*). */
  readonly exclude?: readonly string[] | undefined;
  /** Read as root through `sudo -n` (files the login user cannot read). */
  readonly sudo?: boolean | undefined;
}

/** A path Vigie will hand to tar: absolute, normalised, no `..`, no control characters. */
export function checkBackupPath(value: string): string | undefined {
  if (!value.startsWith('/')) return `"${value}" is not absolute: write the full path, e.g. /var/www/site`;
  if (value.split('/').some((part) => part === '..' || part === '.'))
    return `"${value}" contains . or .. parts: write the plain path`;
  if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f))
    return `"${value}" contains a control character`;
  if (value === '/')
    return 'the whole file system (/) is not a path set: name the directories that hold the data';
  return undefined;
}

/** tar's status 1 means "some files changed while being read": the archive is whole, the run says so. */
const TAR_CHANGED_WHILE_READ = 1;

export interface FilesSource extends SourceProcess {
  /** Set when the archive is whole but tar warned (files that changed while it read them). */
  readonly warnings: string[];
}

export async function startFilesArchive(
  runner: SshRunner,
  pathSet: PathSet,
  options: RunOptions,
): Promise<FilesSource> {
  const problems = pathSet.paths.map(checkBackupPath).filter((p) => p !== undefined);
  if (problems.length > 0 || pathSet.paths.length === 0) {
    throw new Error(`path set on ${pathSet.host.name}: ${problems.join('; ') || 'no path given'}`);
  }
  const argv = [
    'tar',
    '--create',
    '--file=-',
    '--numeric-owner',
    '--acls',
    '--xattrs',
    '--directory=/',
    ...(pathSet.exclude ?? []).map((pattern) => `--exclude=${pattern}`),
    '--',
    // Relative to / so that a restore elsewhere never writes over the target's own root by accident.
    ...pathSet.paths.map((p) => p.replace(/^\/+/, '')),
  ];
  const label = `tar on ${pathSet.host.name} (${pathSet.paths.join(', ')})`;
  const streamed = await runner.stream(
    pathSet.host,
    { argv, sudo: pathSet.sudo, label: `backup: ${label}` },
    options,
  );
  const warnings: string[] = [];
  const exited = streamed.result.then((result) => {
    const said = result.stderr.trim().split('\n').slice(-3).join(' / ');
    if (result.exitCode === 0) return;
    if (result.exitCode === TAR_CHANGED_WHILE_READ) {
      warnings.push(`tar: some files changed while they were read${said === '' ? '' : ` (${said})`}`);
      return;
    }
    const how =
      result.signal === null ? `exited with status ${result.exitCode}` : `was killed by ${result.signal}`;
    throw new Error(`${label} ${how}${said === '' ? '' : `: ${said}`}`);
  });
  exited.catch(() => undefined);
  return { label, output: streamed.output, exited, kill: () => streamed.kill(), warnings };
}
