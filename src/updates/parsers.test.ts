import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import {
  changelogFindings,
  isSecurityOrigin,
  parseAptSimulation,
  parseAptStanzas,
  parseRebootProbe,
  sourcePackageOf,
} from './apt-output.js';
import { parseDnfCheckUpdate, parseDnfUpdateinfo, parseNeedsRestarting } from './dnf-package-manager.js';
import { packageManagerKindFor, parseOsRelease } from './package-manager.js';
import { rebootReasonFor } from './reboot-rule.js';
import { parseSecurityFeed } from './security-feed.js';

const SAMPLE_FEED = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'testdata/security-tracker-sample.json',
);

describe('apt output', () => {
  it('reads the Inst lines of apt-get -s dist-upgrade, new packages and multi-origin candidates included', () => {
    const output = [
      'Reading package lists...',
      'The following packages will be upgraded:',
      '  libssl3 linux-image-amd64',
      'Inst libssl3 [3.0.13-1~deb12u1] (3.0.15-1~deb12u1 Debian:12.8/stable, Debian-Security:12/stable-security [amd64])',
      'Inst linux-image-6.1.0-28-amd64 (6.1.119-1 Debian:12.8/stable [amd64])',
      'Inst libc6:i386 [2.36-9+deb12u7] (2.36-9+deb12u9 Debian:12.8/stable [i386]) []',
      'Conf libssl3 (3.0.15-1~deb12u1 Debian:12.8/stable, Debian-Security:12/stable-security [amd64])',
    ].join('\n');
    expect(parseAptSimulation(output)).toEqual([
      {
        package: 'libssl3',
        currentVersion: '3.0.13-1~deb12u1',
        candidateVersion: '3.0.15-1~deb12u1',
        origins: ['Debian:12.8/stable', 'Debian-Security:12/stable-security'],
        architecture: 'amd64',
      },
      {
        package: 'linux-image-6.1.0-28-amd64',
        currentVersion: null,
        candidateVersion: '6.1.119-1',
        origins: ['Debian:12.8/stable'],
        architecture: 'amd64',
      },
      {
        package: 'libc6:i386',
        currentVersion: '2.36-9+deb12u7',
        candidateVersion: '2.36-9+deb12u9',
        origins: ['Debian:12.8/stable'],
        architecture: 'i386',
      },
    ]);
  });

  it('knows a security origin from Debian and Ubuntu, and not from the plain archive', () => {
    expect(isSecurityOrigin('Debian-Security:12/stable-security')).toBe(true);
    expect(isSecurityOrigin('Debian-Security:12/bookworm-security')).toBe(true);
    expect(isSecurityOrigin('Ubuntu:22.04/jammy-security')).toBe(true);
    expect(isSecurityOrigin('Debian:12.8/stable')).toBe(false);
    expect(isSecurityOrigin('Debian:12/bookworm-updates')).toBe(false);
  });

  it('reads apt-cache show stanzas and their source package', () => {
    const stanzas = parseAptStanzas(
      'Package: libssl3\nSource: openssl (3.0.15-1~deb12u1)\nVersion: 3.0.15-1~deb12u1\nDescription: lib\n more\n\nPackage: vigie-lab-tool\nVersion: 1.1\nReboot-Required: yes\n',
    );
    expect(stanzas.map(sourcePackageOf)).toEqual(['openssl', 'vigie-lab-tool']);
    expect(rebootReasonFor('vigie-lab-tool', stanzas[1])).toBe('declared by the package');
  });

  it('takes the CVE ids and urgency of the changelog entries between installed and candidate only', () => {
    const changelog = [
      'openssl (3.0.15-1~deb12u1) bookworm-security; urgency=medium',
      '',
      '  * Fix CVE-2024-5535 and CVE-2024-6119.',
      '',
      ' -- Security Team <team@security.debian.org>  Mon, 02 Sep 2024 10:00:00 +0000',
      '',
      'openssl (3.0.14-1~deb12u2) bookworm-security; urgency=high',
      '',
      '  * CVE-2024-4741: use after free.',
      '',
      'openssl (3.0.13-1~deb12u1) bookworm; urgency=medium',
      '',
      '  * Fix CVE-2023-5678 (already installed).',
    ].join('\n');
    expect(changelogFindings(changelog, '3.0.13-1~deb12u1', '3.0.15-1~deb12u1')).toEqual({
      cves: ['CVE-2024-4741', 'CVE-2024-5535', 'CVE-2024-6119'],
      urgency: 'high',
    });
    expect(changelogFindings(changelog, '3.0.14-1~deb12u2', '3.0.14-1~deb12u2')).toEqual({
      cves: [],
      urgency: 'unknown',
    });
  });

  it('reads the reboot probe', () => {
    expect(parseRebootProbe('')).toEqual({ required: false, packages: [] });
    expect(parseRebootProbe('reboot-required\nlinux-image-6.1.0-28-amd64\nlibc6\nlibc6\n')).toEqual({
      required: true,
      packages: ['libc6', 'linux-image-6.1.0-28-amd64'],
    });
  });
});

describe('the reboot rule', () => {
  it('names boot-critical packages on Debian and RHEL, and nothing else', () => {
    for (const name of [
      'linux-image-6.1.0-28-amd64',
      'libc6',
      'libc6:i386',
      'systemd',
      'intel-microcode',
      'kernel-core',
      'glibc',
    ])
      expect(rebootReasonFor(name), name).toBe('boot-critical package');
    for (const name of ['libssl3', 'nginx', 'libc6-dev-tools', 'systemd-timesyncd'])
      expect(rebootReasonFor(name), name).toBeNull();
  });
});

describe('dnf output', () => {
  it('reads check-update, updateinfo with CVEs, and needs-restarting', () => {
    const check = parseDnfCheckUpdate(
      '\nopenssl-libs.x86_64                1:3.0.7-27.el9_4            baseos\nkernel-core.x86_64   5.14.0-427.22.1.el9_4   baseos\nObsoleting Packages\nfoo.noarch 1-1 appstream\n',
    );
    expect(check).toEqual([
      { name: 'openssl-libs', architecture: 'x86_64', version: '1:3.0.7-27.el9_4', repository: 'baseos' },
      { name: 'kernel-core', architecture: 'x86_64', version: '5.14.0-427.22.1.el9_4', repository: 'baseos' },
    ]);
    const advisories = parseDnfUpdateinfo(
      'CVE-2024-5535 Moderate/Sec.  openssl-libs-1:3.0.7-27.el9_4.x86_64\nCVE-2024-1086 Important/Sec. kernel-core-5.14.0-427.22.1.el9_4.x86_64\n',
    );
    expect(advisories.map((a) => [a.id, a.severity, a.name])).toEqual([
      ['CVE-2024-5535', 'medium', 'openssl-libs'],
      ['CVE-2024-1086', 'high', 'kernel-core'],
    ]);
    expect(
      parseNeedsRestarting(
        1,
        'Core libraries or services have been updated since boot-up:\n  * kernel\n  * systemd\n',
      ),
    ).toEqual({
      required: true,
      packages: ['kernel', 'systemd'],
    });
    expect(parseNeedsRestarting(0, 'No core libraries or services have been updated since boot-up.')).toEqual(
      {
        required: false,
        packages: [],
      },
    );
  });
});

describe('os-release', () => {
  it('picks the package manager from ID and ID_LIKE', () => {
    const rocky = parseOsRelease(
      'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n',
    );
    expect(packageManagerKindFor(rocky)).toBe('dnf');
    const mint = parseOsRelease('ID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_CODENAME=wilma\n');
    expect(packageManagerKindFor(mint)).toBe('apt');
    expect(packageManagerKindFor(parseOsRelease('ID=alpine\n'))).toBeUndefined();
  });
});

describe('the security tracker feed', () => {
  it('keeps the resolved entries with a real fixed version', () => {
    const entries = parseSecurityFeed(fs.readFileSync(SAMPLE_FEED, 'utf8'), 'sample.json');
    expect(entries).toHaveLength(8);
    expect(entries.find((e) => e.cve === 'CVE-2026-11111' && e.release === 'bookworm')).toMatchObject({
      sourcePackage: 'vigie-lab-libssl',
      fixedVersion: '1.0+deb12u1',
      urgency: 'high',
    });
    expect(entries.some((e) => e.cve === 'CVE-2026-33333' || e.cve === 'CVE-2010-4756')).toBe(false);
  });

  it('refuses what is not the feed, saying where', () => {
    for (const [text, where] of [
      ['not json', 'is not JSON'],
      ['[]', 'top level'],
      [
        '{"openssl": {"CVE-2024-1": {"releases": {"bookworm": 3}}}}',
        'package "openssl", CVE-2024-1, release bookworm',
      ],
    ] as const) {
      try {
        parseSecurityFeed(text, 'feed.json');
        expect.unreachable();
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('BAD_INPUT');
        expect((error as Error).message).toContain(where);
        expect((error as Error).message).toContain('feed.json');
      }
    }
  });
});
