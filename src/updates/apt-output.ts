/**
 * Parsers for what apt prints: `apt-get -s dist-upgrade` (`Inst name [current] (candidate origins [arch])`),
 * `apt-cache show` stanzas, Debian changelogs (CVE ids of the entries between two versions), and the
 * reboot-required files.
 */
import { compareDebianVersions } from './debian-version.js';
import { URGENCIES, type Urgency } from './model.js';

export interface SimulatedInstall {
  readonly package: string;
  readonly currentVersion: string | null;
  readonly candidateVersion: string;
  readonly origins: readonly string[];
  readonly architecture: string;
}

const INST_LINE = /^Inst (\S+) (?:\[([^\]]+)\] )?\((\S+) (.*?) ?\[([^\]]+)\]\)/;

/** The packages an `apt-get -s dist-upgrade` would install or upgrade (its `Inst` lines). */
export function parseAptSimulation(output: string): SimulatedInstall[] {
  const installs: SimulatedInstall[] = [];
  for (const line of output.split('\n')) {
    const match = INST_LINE.exec(line);
    if (match === null) continue;
    const [, name, current, candidate, origins, architecture] = match;
    installs.push({
      package: name ?? '',
      currentVersion: current ?? null,
      candidateVersion: candidate ?? '',
      origins: (origins ?? '')
        .split(', ')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
      architecture: architecture ?? '',
    });
  }
  return installs;
}

/** Whether an origin (`Label:Version/Suite`) is a security archive: Debian-Security, *-security suites. */
export function isSecurityOrigin(origin: string): boolean {
  const match = /^(.*?):([^/]*)\/(.*)$/.exec(origin);
  const label = match?.[1] ?? origin;
  const suite = match?.[3] ?? '';
  return /-security$/i.test(label) || /(^|[-/])security$/i.test(suite) || /-security\b/i.test(suite);
}

/** `apt-cache show` output as one field map per stanza (continuation lines dropped). */
export function parseAptStanzas(output: string): Array<Readonly<Record<string, string>>> {
  const stanzas: Array<Record<string, string>> = [];
  for (const block of output.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const match = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(line);
      if (match?.[1] !== undefined) fields[match[1]] = (match[2] ?? '').trim();
    }
    if (fields.Package !== undefined) stanzas.push(fields);
  }
  return stanzas;
}

/** The source package a stanza belongs to (`Source: openssl (3.0.11-1)` → `openssl`), else its own name. */
export function sourcePackageOf(fields: Readonly<Record<string, string>>): string {
  const source = fields.Source?.split(' ')[0];
  return source !== undefined && source !== '' ? source : (fields.Package ?? '');
}

export interface ChangelogFindings {
  readonly cves: readonly string[];
  readonly urgency: Urgency;
}

const CHANGELOG_HEADER = /^(\S+) \(([^)]+)\) [^;]*;(.*)$/;
const CVE_ID = /CVE-\d{4}-\d{4,}/g;

/**
 * The CVE ids and highest urgency of the changelog entries newer than `installed` and at most
 * `candidate` (what the update brings). Entries with unparsable versions are skipped.
 */
export function changelogFindings(
  changelog: string,
  installed: string | null,
  candidate: string,
): ChangelogFindings {
  const cves = new Set<string>();
  let urgency: Urgency = 'unknown';
  let inRange = false;
  for (const line of changelog.split('\n')) {
    const header = CHANGELOG_HEADER.exec(line);
    if (header !== null) {
      const version = header[2] ?? '';
      inRange = versionInRange(version, installed, candidate);
      if (inRange)
        urgency = maxUrgency(urgency, normaliseUrgency(/urgency=(\S+)/.exec(header[3] ?? '')?.[1]));
      continue;
    }
    if (inRange) for (const id of line.match(CVE_ID) ?? []) cves.add(id);
  }
  return { cves: [...cves].sort(), urgency };
}

function versionInRange(version: string, installed: string | null, candidate: string): boolean {
  try {
    return (
      (installed === null || compareDebianVersions(version, installed) > 0) &&
      compareDebianVersions(version, candidate) <= 0
    );
  } catch {
    return false;
  }
}

/** Debian's urgency words (and the feed's `not yet assigned`, `low**`) as one scale. */
export function normaliseUrgency(text: string | undefined): Urgency {
  const word = (text ?? '').toLowerCase().replace(/\*+$/, '').trim();
  if (word === 'emergency') return 'critical';
  return (URGENCIES as readonly string[]).includes(word) ? (word as Urgency) : 'unknown';
}

export function maxUrgency(a: Urgency, b: Urgency): Urgency {
  return URGENCIES.indexOf(a) >= URGENCIES.indexOf(b) ? a : b;
}

/** The output of the reboot probe: `reboot-required` then the packages of reboot-required.pkgs. */
export function parseRebootProbe(output: string): { required: boolean; packages: string[] } {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines[0] !== 'reboot-required') return { required: false, packages: [] };
  return { required: true, packages: [...new Set(lines.slice(1))].sort() };
}
