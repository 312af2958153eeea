/**
 * Pending updates on RHEL-like hosts (Rocky, Alma, Fedora), in the same shape as apt: `dnf check-update`
 * for the candidates, `dnf updateinfo list --security --with-cve` for the security advisories and their
 * CVEs, and `needs-restarting -r` for the reboot. Written against dnf 4's output; the lab has no dnf
 * host, so only the parsers are tested (on recorded output).
 */
import { AppError } from '../errors/app-error.js';
import { maxUrgency } from './apt-output.js';
import type { PendingUpdate, Urgency } from './model.js';
import type { PackageManager } from './package-manager.js';
import { rebootReasonFor } from './reboot-rule.js';
import { stdoutOrFail } from './remote-result.js';

export interface DnfCandidate {
  readonly name: string;
  readonly architecture: string;
  readonly version: string;
  readonly repository: string;
}

/** `dnf -q check-update` lines: `openssl-libs.x86_64   1:3.0.7-27.el9   baseos`. */
export function parseDnfCheckUpdate(output: string): DnfCandidate[] {
  const candidates: DnfCandidate[] = [];
  for (const line of output.split('\n')) {
    if (/^(Obsoleting|Security:|Last metadata)/.test(line)) break;
    const match = /^(\S+)\.(\w+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (match === null) continue;
    candidates.push({
      name: match[1] ?? '',
      architecture: match[2] ?? '',
      version: match[3] ?? '',
      repository: match[4] ?? '',
    });
  }
  return candidates;
}

export interface DnfAdvisoryLine {
  /** The advisory id, or the CVE id with `--with-cve`. */
  readonly id: string;
  readonly severity: Urgency;
  /** name-[epoch:]version-release.arch of the fixed package. */
  readonly nevra: string;
  readonly name: string;
}

/** `dnf -q updateinfo list --updates --security [--with-cve]` lines: `RHSA-2024:1234 Important/Sec. nevra`. */
export function parseDnfUpdateinfo(output: string): DnfAdvisoryLine[] {
  const lines: DnfAdvisoryLine[] = [];
  for (const line of output.split('\n')) {
    const match = /^(\S+)\s+(\w+)\/Sec\.\s+(\S+)\s*$/.exec(line);
    if (match === null) continue;
    const nevra = match[3] ?? '';
    lines.push({
      id: match[1] ?? '',
      severity: dnfSeverity(match[2] ?? ''),
      nevra,
      name: nevra.replace(/-(\d+:)?[^-]+-[^-]+\.\w+$/, ''),
    });
  }
  return lines;
}

function dnfSeverity(word: string): Urgency {
  const severities: Record<string, Urgency> = {
    critical: 'critical',
    important: 'high',
    moderate: 'medium',
    low: 'low',
  };
  return severities[word.toLowerCase()] ?? 'unknown';
}

/** `needs-restarting -r` exits 1 when a reboot is needed and names the packages (`  * kernel`). */
export function parseNeedsRestarting(
  exitCode: number | null,
  output: string,
): { required: boolean; packages: string[] } {
  if (exitCode !== 1) return { required: false, packages: [] };
  const packages = [...output.matchAll(/^\s*\*\s+(\S+)/gm)].map((match) => match[1] ?? '').filter(Boolean);
  return { required: true, packages: [...new Set(packages)].sort() };
}

export const dnfPackageManager: PackageManager = {
  kind: 'dnf',

  async refresh(session) {
    stdoutOrFail(
      await session.run(
        {
          argv: ['dnf', '-q', 'makecache', '--refresh'],
          sudo: true,
          label: 'updates: refresh package lists',
        },
        { timeoutMs: 600_000 },
      ),
      'Refreshing the package lists (dnf makecache)',
      'Look at the repositories of the host and whether it reaches them.',
    );
  },

  async read(session) {
    const check = await session.run({
      argv: ['dnf', '-q', '-C', 'check-update'],
      label: 'updates: dnf check-update',
    });
    // check-update exits 100 when there are updates, 0 when none.
    if (check.exitCode !== 0 && check.exitCode !== 100) {
      throw new AppError(
        'REMOTE_FAILED',
        `dnf check-update failed on ${session.host}: ${check.stderr.trim().slice(0, 300)}`,
        {
          hint: 'Run `dnf check-update` on the host.',
          details: { host: session.host, exitCode: check.exitCode },
        },
      );
    }
    const candidates = parseDnfCheckUpdate(check.stdout);
    const advisories = parseDnfUpdateinfo(
      stdoutOrFail(
        await session.run({
          argv: ['dnf', '-q', '-C', 'updateinfo', 'list', '--updates', '--security', '--with-cve'],
          label: 'updates: dnf security advisories',
        }),
        'Listing security advisories (dnf updateinfo)',
        'Run `dnf updateinfo list --security` on the host.',
      ),
    );
    const installed = await installedVersions(session, candidates);
    const updates: PendingUpdate[] = candidates.map((candidate) => {
      const own = advisories.filter((advisory) => advisory.name === candidate.name);
      const rebootReason = rebootReasonFor(candidate.name);
      return {
        package: candidate.name,
        architecture: candidate.architecture,
        currentVersion: installed.get(`${candidate.name}.${candidate.architecture}`) ?? null,
        candidateVersion: candidate.version,
        sourcePackage: candidate.name,
        origins: [candidate.repository],
        security: own.length > 0,
        cves: [...new Set(own.map((a) => a.id).filter((id) => id.startsWith('CVE-')))]
          .sort()
          .map((id) => ({ id, from: ['advisory'] as const })),
        urgency: own.reduce<Urgency>((worst, advisory) => maxUrgency(worst, advisory.severity), 'unknown'),
        needsReboot: rebootReason !== null,
        rebootReason,
      };
    });
    const restart = await session.run({
      argv: ['needs-restarting', '-r'],
      label: 'updates: reboot required?',
    });
    const reboot = parseNeedsRestarting(restart.exitCode, restart.stdout);
    return { updates, rebootRequired: reboot.required, rebootPackages: reboot.packages, notes: [] };
  },
};

async function installedVersions(
  session: Parameters<PackageManager['read']>[0],
  candidates: readonly DnfCandidate[],
): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  if (candidates.length === 0) return versions;
  const result = await session.run({
    argv: [
      'rpm',
      '-q',
      '--qf',
      '%{NAME}.%{ARCH} %{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n',
      ...new Set(candidates.map((c) => c.name)),
    ],
    label: 'updates: installed versions',
  });
  for (const line of result.stdout.split('\n')) {
    const [key, version] = line.trim().split(' ');
    if (key !== undefined && version !== undefined) versions.set(key, version.replace(/^0:/, ''));
  }
  return versions;
}
