/**
 * Pending updates on Debian and Ubuntu: `apt-get update` (unless told not to), `apt-get -s dist-upgrade`
 * (nothing is installed), `apt-cache show` of the candidates (source package, declared reboot need),
 * the changelog of each security update (its CVE ids), and /var/run/reboot-required.
 */
import {
  changelogFindings,
  isSecurityOrigin,
  parseAptSimulation,
  parseAptStanzas,
  parseRebootProbe,
  sourcePackageOf,
} from './apt-output.js';
import type { CveReference, PackageManagerReading, PendingUpdate } from './model.js';
import type { HostSession, PackageManager } from './package-manager.js';
import { rebootReasonFor } from './reboot-rule.js';
import { stdoutOrFail } from './remote-result.js';

const C_LOCALE = ['env', 'LC_ALL=C', 'DEBIAN_FRONTEND=noninteractive'];
/** Candidates per `apt-cache show` call: keeps the command line short on a host with many updates. */
const SHOW_BATCH = 100;
/** A changelog comes from the network on most hosts: an offline host must not hold the check up. */
const CHANGELOG_TIMEOUT_MS = 30_000;

const REBOOT_PROBE =
  'if [ -e /var/run/reboot-required ]; then echo reboot-required; cat /var/run/reboot-required.pkgs 2>/dev/null; fi; true';

export const aptPackageManager: PackageManager = {
  kind: 'apt',

  async refresh(session) {
    const result = await session.run(
      { argv: [...C_LOCALE, 'apt-get', 'update', '-q'], sudo: true, label: 'updates: refresh package lists' },
      { timeoutMs: 600_000 },
    );
    stdoutOrFail(
      result,
      'Refreshing the package lists (apt-get update)',
      'Look at the apt sources of the host and whether it reaches its mirror; `vigie updates --no-refresh` reads the lists it has.',
    );
  },

  async read(session) {
    const simulation = stdoutOrFail(
      await session.run({
        argv: [...C_LOCALE, 'apt-get', '-s', '-o', 'Debug::NoLocking=1', 'dist-upgrade'],
        label: 'updates: simulate dist-upgrade',
      }),
      'Simulating the upgrade (apt-get -s dist-upgrade)',
      'Run `apt-get -s dist-upgrade` on the host: broken dependencies or a held dpkg state show there.',
    );
    const installs = parseAptSimulation(simulation);
    const fields = await candidateFields(session, installs);
    const notes: string[] = [];
    const updates: PendingUpdate[] = [];
    for (const install of installs) {
      const own = fields.get(`${install.package}=${install.candidateVersion}`) ?? {};
      const security = install.origins.some(isSecurityOrigin);
      let cves: CveReference[] = [];
      let urgency: PendingUpdate['urgency'] = 'unknown';
      if (security) {
        const changelog = await readChangelog(session, install.package, install.candidateVersion);
        if (changelog.ok) {
          const findings = changelogFindings(
            changelog.text,
            install.currentVersion,
            install.candidateVersion,
          );
          cves = findings.cves.map((id) => ({ id, from: ['changelog'] }));
          urgency = findings.urgency;
        } else {
          notes.push(`changelog of ${install.package} ${install.candidateVersion}: ${changelog.reason}`);
        }
      }
      const rebootReason = rebootReasonFor(install.package, own);
      updates.push({
        package: install.package,
        architecture: install.architecture,
        currentVersion: install.currentVersion,
        candidateVersion: install.candidateVersion,
        sourcePackage: sourcePackageOf({ Package: install.package.replace(/:.*$/, ''), ...own }),
        origins: install.origins,
        security,
        cves,
        urgency,
        needsReboot: rebootReason !== null,
        rebootReason,
      });
    }
    const reboot = parseRebootProbe(
      stdoutOrFail(
        await session.run({ argv: ['sh', '-c', REBOOT_PROBE], label: 'updates: reboot required?' }),
        'Reading /var/run/reboot-required',
        'Check that /bin/sh works for the SSH user on the host.',
      ),
    );
    return { updates, rebootRequired: reboot.required, rebootPackages: reboot.packages, notes };
  },
};

/** The control fields of each candidate, keyed `name=version`. */
async function candidateFields(
  session: HostSession,
  installs: readonly { readonly package: string; readonly candidateVersion: string }[],
): Promise<Map<string, Readonly<Record<string, string>>>> {
  const byKey = new Map<string, Readonly<Record<string, string>>>();
  for (let start = 0; start < installs.length; start += SHOW_BATCH) {
    const batch = installs.slice(start, start + SHOW_BATCH);
    const output = stdoutOrFail(
      await session.run({
        argv: [
          ...C_LOCALE,
          'apt-cache',
          'show',
          ...batch.map((install) => `${install.package}=${install.candidateVersion}`),
        ],
        label: 'updates: candidate details',
      }),
      'Reading the candidates (apt-cache show)',
      'Run `apt-cache show PACKAGE=VERSION` on the host for the packages named in the details.',
    );
    for (const stanza of parseAptStanzas(output)) {
      const arch = stanza.Architecture;
      const name = stanza.Package ?? '';
      byKey.set(`${name}=${stanza.Version}`, stanza);
      if (arch !== undefined) byKey.set(`${name}:${arch}=${stanza.Version}`, stanza);
    }
  }
  return byKey;
}

type ChangelogOutcome = { ok: true; text: string } | { ok: false; reason: string };

async function readChangelog(session: HostSession, name: string, version: string): Promise<ChangelogOutcome> {
  try {
    const result = await session.run(
      {
        argv: [...C_LOCALE, 'apt-get', 'changelog', '-qq', `${name.replace(/:.*$/, '')}=${version}`],
        label: 'updates: security changelog',
      },
      { timeoutMs: CHANGELOG_TIMEOUT_MS },
    );
    if (result.exitCode !== 0) {
      return { ok: false, reason: (result.stderr.trim().split('\n')[0] ?? 'unreachable').slice(0, 200) };
    }
    return { ok: true, text: result.stdout };
  } catch (error) {
    return { ok: false, reason: (error as Error).message.slice(0, 200) };
  }
}
