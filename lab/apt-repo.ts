/**
 * The lab's local apt repository: small test packages the lab makes itself with `dpkg-deb --build`
 * (no download), published in two `file:` repositories the VMs' apt knows (and nothing else): the
 * release (`Origin: Debian`, `Label: Debian`) and its security suite (`Label: Debian-Security`,
 * `Suite: bookworm-security`: what apt shows as the security origin). Tests publish new versions and
 * reset it, so that "two pending updates, one a security fix with a CVE, one needing a reboot" is a
 * fixture, not luck. Rebuilt in its default state on every `up`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { AppError } from '../src/errors/app-error.js';
import { machineDebianRootSpec, VM_APT_REPO_MOUNT } from './debian-root.js';
import { mustRun } from './exec.js';
import type { LabPaths } from './paths.js';
import type { LabHost, LabHostId } from './topology.js';
import { runInVm } from './vm-root.js';

export type LabSuite = 'main' | 'security';

export interface LabPackage {
  readonly name: string;
  readonly version: string;
  /** `main`: the release; `security`: its security suite. */
  readonly suite: LabSuite;
  /** The changelog entry's urgency (`urgency=high`). */
  readonly urgency: 'low' | 'medium' | 'high' | 'critical';
  /** The changelog entry of this version, one item a line (CVE ids go here, as Debian writes them). */
  readonly changes: readonly string[];
  /**
   * Installing it asks for a reboot: its postinst writes /var/run/reboot-required(.pkgs) as Debian
   * packages do, and its control file says `Reboot-Required: yes` so the need shows before installing.
   */
  readonly rebootRequired?: boolean;
}

/** The lab's planted situation: what the repository publishes after `up` or a reset. */
export const DEFAULT_LAB_PACKAGES: readonly LabPackage[] = [
  {
    name: 'vigie-lab-tool',
    version: '1.0',
    suite: 'main',
    urgency: 'medium',
    changes: ['Initial release.'],
  },
  {
    name: 'vigie-lab-tool',
    version: '1.1',
    suite: 'main',
    urgency: 'medium',
    changes: ['New upstream release.', 'The new kernel module it ships is loaded at the next boot.'],
    rebootRequired: true,
  },
  {
    name: 'vigie-lab-libssl',
    version: '1.0',
    suite: 'main',
    urgency: 'medium',
    changes: ['Initial release.'],
  },
  {
    name: 'vigie-lab-libssl',
    version: '1.0+deb12u1',
    suite: 'security',
    urgency: 'high',
    changes: [
      'Non-maintainer upload by the Security Team.',
      'Fix a buffer overflow in the certificate parser (CVE-2026-11111).',
    ],
  },
];

/**
 * The versions each VM has installed after `up` (from the repository's pool): with the default
 * repository db03 has two pending updates (one a security fix with a CVE, one needing a reboot),
 * host03 one, host04 none.
 */
export const LAB_APT_BASELINE: Readonly<Partial<Record<LabHostId, readonly string[]>>> = {
  db03: ['vigie-lab-tool_1.0', 'vigie-lab-libssl_1.0'],
  host03: ['vigie-lab-tool_1.0'],
  host04: [],
};

interface RepoState {
  readonly release: string;
  readonly version: string;
  readonly architecture: string;
  readonly packages: readonly LabPackage[];
}

const STATE_FILE = 'packages.json';
const MAINTAINER = 'Vigie lab <lab@vigie.invalid>';
/** A fixed date in every changelog entry: the packages are the same bytes on every run. */
const CHANGELOG_DATE = 'Sat, 01 Nov 2025 09:00:00 +0000';

/** Rebuilds the repository in its default state (every `up`, and tests that reset the situation). */
export async function resetLabAptRepo(paths: LabPaths): Promise<void> {
  const spec = await machineDebianRootSpec();
  // The VMs bind-mount this directory: empty it, but keep it (a new one would not be what they see).
  fs.mkdirSync(paths.aptRepoDir, { recursive: true, mode: 0o755 });
  for (const name of fs.readdirSync(paths.aptRepoDir)) {
    fs.rmSync(path.join(paths.aptRepoDir, name), { recursive: true, force: true });
  }
  const state: RepoState = {
    release: spec.release,
    version: spec.version,
    architecture: spec.architecture,
    packages: [],
  };
  await writeRepo(paths, state, DEFAULT_LAB_PACKAGES);
  writeBaselines(paths);
}

/**
 * Publishes a package version (built now) into the repository; a later `apt-get update` on a VM sees
 * it. Versions of one package are published in increasing order: each one's changelog carries the
 * entries of the versions published before it.
 */
export async function publishLabPackage(paths: LabPaths, pkg: LabPackage): Promise<void> {
  const state = readState(paths);
  const others = state.packages.filter((p) => !(p.name === pkg.name && p.version === pkg.version));
  await writeRepo(paths, { ...state, packages: others }, [pkg]);
}

/** The packages the repository publishes now. */
export function labAptPackages(paths: LabPaths): readonly LabPackage[] {
  return readState(paths).packages;
}

function readState(paths: LabPaths): RepoState {
  const file = path.join(paths.aptRepoDir, STATE_FILE);
  if (!fs.existsSync(file)) {
    throw new AppError('CONFLICT', 'The lab apt repository does not exist: the lab is not up.', {
      hint: 'Bring the lab up first (npm run lab:up, or useLab() in a test).',
    });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RepoState;
}

async function writeRepo(paths: LabPaths, previous: RepoState, added: readonly LabPackage[]): Promise<void> {
  const state: RepoState = { ...previous, packages: [...previous.packages, ...added] };
  for (const pkg of added) await buildPackage(paths, state, pkg);
  for (const suite of ['main', 'security'] as const) writeIndex(paths, state, suite);
  fs.writeFileSync(path.join(paths.aptRepoDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

function suiteDir(paths: LabPaths, suite: LabSuite): string {
  return path.join(paths.aptRepoDir, suite === 'main' ? 'debian' : 'debian-security');
}

function suiteName(state: RepoState, suite: LabSuite): string {
  return suite === 'main' ? state.release : `${state.release}-security`;
}

/** Debian's pool prefix: the first letter, or the first four for `lib*` packages. */
function poolPrefix(name: string): string {
  return name.startsWith('lib') ? name.slice(0, 4) : name.slice(0, 1);
}

function debFile(pkg: Pick<LabPackage, 'name' | 'version'>): string {
  return `${pkg.name}_${pkg.version}_all.deb`;
}

function poolPath(pkg: LabPackage): string {
  return path.posix.join('pool/main', poolPrefix(pkg.name), pkg.name, debFile(pkg));
}

/** The Debian changelog of a version: its own entry, then those published before it, newest first. */
function changelogOf(state: RepoState, pkg: LabPackage): string {
  const history = [...state.packages.filter((p) => p.name === pkg.name && p !== pkg), pkg].reverse();
  return history
    .map((entry) =>
      [
        `${entry.name} (${entry.version}) ${suiteName(state, entry.suite)}; urgency=${entry.urgency}`,
        '',
        ...entry.changes.map((line) => `  * ${line}`),
        '',
        ` -- ${MAINTAINER}  ${CHANGELOG_DATE}`,
        '',
      ].join('\n'),
    )
    .join('\n');
}

async function buildPackage(paths: LabPaths, state: RepoState, pkg: LabPackage): Promise<void> {
  const build = path.join(paths.aptRepoDir, 'build', `${pkg.name}_${pkg.version}`);
  fs.rmSync(build, { recursive: true, force: true });
  const control = path.join(build, 'DEBIAN');
  const doc = path.join(build, 'usr/share/doc', pkg.name);
  fs.mkdirSync(control, { recursive: true, mode: 0o755 });
  fs.mkdirSync(doc, { recursive: true, mode: 0o755 });
  const changelog = changelogOf(state, pkg);
  fs.writeFileSync(path.join(control, 'control'), controlText(pkg));
  if (pkg.rebootRequired) {
    fs.writeFileSync(
      path.join(control, 'postinst'),
      [
        '#!/bin/sh',
        'set -e',
        '# As Debian packages that need a reboot do: tell the admin, and say which package asks.',
        'if [ "$1" = configure ]; then',
        '  touch /var/run/reboot-required',
        `  grep -qx '${pkg.name}' /var/run/reboot-required.pkgs 2>/dev/null || echo '${pkg.name}' >>/var/run/reboot-required.pkgs`,
        'fi',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  }
  fs.writeFileSync(path.join(doc, 'changelog.Debian.gz'), gzipSync(changelog, { level: 9 }));
  const target = path.join(suiteDir(paths, pkg.suite), poolPath(pkg));
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  await mustRun('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', build, target]);
  fs.rmSync(build, { recursive: true, force: true });
  // Where apt-get changelog finds it (the Release file's Changelogs field, @CHANGEPATH@).
  const changelogFile = path.join(
    paths.aptRepoDir,
    'changelogs/main',
    poolPrefix(pkg.name),
    pkg.name,
    `${pkg.name}_${pkg.version}_changelog`,
  );
  fs.mkdirSync(path.dirname(changelogFile), { recursive: true, mode: 0o755 });
  fs.writeFileSync(changelogFile, changelog);
}

/** The package's control file (also its stanza in the Packages index, with where and what the .deb is). */
function controlText(pkg: LabPackage): string {
  return [
    `Package: ${pkg.name}`,
    `Version: ${pkg.version}`,
    'Architecture: all',
    `Maintainer: ${MAINTAINER}`,
    'Section: misc',
    'Priority: optional',
    ...(pkg.rebootRequired ? ['Reboot-Required: yes'] : []),
    `Description: Vigie lab test package (${pkg.name})`,
    ' A small package made by the Vigie lab to plant pending updates.',
    '',
  ].join('\n');
}

/** Writes a suite's Packages index and its Release file (origin, label, suite, hashes). */
function writeIndex(paths: LabPaths, state: RepoState, suite: LabSuite): void {
  const root = suiteDir(paths, suite);
  const name = suiteName(state, suite);
  const indexPath = `main/binary-${state.architecture}/Packages`;
  const stanzas: string[] = [];
  for (const pkg of state.packages.filter((p) => p.suite === suite)) {
    const deb = fs.readFileSync(path.join(root, poolPath(pkg)));
    stanzas.push(
      `${controlText(pkg).trimEnd()}\nFilename: ${poolPath(pkg)}\nSize: ${deb.length}\nSHA256: ${sha256(deb)}\n`,
    );
  }
  const index = stanzas.join('\n');
  const indexFile = path.join(root, 'dists', name, indexPath);
  fs.mkdirSync(path.dirname(indexFile), { recursive: true, mode: 0o755 });
  fs.writeFileSync(indexFile, index);
  const release = [
    'Origin: Debian',
    `Label: ${suite === 'main' ? 'Debian' : 'Debian-Security'}`,
    `Suite: ${name}`,
    `Codename: ${name}`,
    `Version: ${state.version}`,
    `Date: ${new Date().toUTCString().replace('GMT', 'UTC')}`,
    `Architectures: ${state.architecture}`,
    'Components: main',
    'Description: Vigie lab repository (test packages only)',
    `Changelogs: copy:${VM_APT_REPO_MOUNT}/changelogs/@CHANGEPATH@_changelog`,
    'SHA256:',
    ` ${sha256(Buffer.from(index))} ${Buffer.byteLength(index)} ${indexPath}`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(root, 'dists', name, 'Release'), release);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Copies each VM's baseline packages where lab/vm-root.sh installs them from at `up`. */
function writeBaselines(paths: LabPaths): void {
  const state = readState(paths);
  for (const [host, files] of Object.entries(LAB_APT_BASELINE)) {
    const dir = path.join(paths.aptRepoDir, 'baseline', host);
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    for (const id of files ?? []) {
      const pkg = state.packages.find((p) => `${p.name}_${p.version}` === id);
      if (pkg === undefined)
        throw new AppError('INTERNAL', `The lab baseline names ${id}, which is not published.`);
      fs.copyFileSync(path.join(suiteDir(paths, pkg.suite), poolPath(pkg)), path.join(dir, debFile(pkg)));
    }
  }
}

/** Where a published package's .deb lies inside a VM (for tests that install or downgrade one). */
export function vmPoolFile(pkg: LabPackage): string {
  return path.posix.join(
    VM_APT_REPO_MOUNT,
    pkg.suite === 'main' ? 'debian' : 'debian-security',
    poolPath(pkg),
  );
}

/**
 * Puts a running VM's test packages back to its baseline (every vigie-lab-* package purged, the
 * baseline reinstalled, no reboot pending, lists refreshed), inside the VM without SSH.
 */
export async function resetLabVmPackages(paths: LabPaths, host: LabHost): Promise<void> {
  const script = [
    'set -e',
    "installed=$(dpkg-query -W -f '${Package}\\n' 'vigie-lab-*' 2>/dev/null || true)",
    '[ -z "$installed" ] || dpkg --purge $installed >/dev/null',
    `if ls ${VM_APT_REPO_MOUNT}/baseline/"$1"/*.deb >/dev/null 2>&1; then dpkg --recursive --install ${VM_APT_REPO_MOUNT}/baseline/"$1" >/dev/null; fi`,
    'rm -f /var/run/reboot-required /var/run/reboot-required.pkgs',
    'apt-get update -qq',
  ].join('\n');
  const result = await runInVm(paths, host, ['sh', '-c', script, 'sh', host.id], { timeoutMs: 120_000 });
  if (result.code !== 0) {
    throw new AppError('INTERNAL', `Could not reset the test packages of ${host.id}.`, {
      hint: 'Look at the details; `npm run lab:down` then `npm run lab:up` rebuilds the VMs from scratch.',
      details: { stderr: result.stderr.slice(-2000) },
    });
  }
}
