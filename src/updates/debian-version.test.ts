import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { compareDebianVersions, parseDebianVersion } from './debian-version.js';

/** Versions chosen for the corners of dpkg's algorithm: tildes, epochs, leading zeros, letters, revisions. */
const VERSIONS = [
  '0',
  '0.0',
  '00',
  '1',
  '1.0',
  '1.0-0',
  '1.0-1',
  '1.0-1.1',
  '1.0-1+b1',
  '1.0-1~bpo12+1',
  '1.0~rc1',
  '1.0~rc1-1',
  '1.0~~',
  '1.0~',
  '1.0+deb12u1',
  '1.0+deb12u2',
  '1.0+deb12u10',
  '1.0a',
  '1.0.1',
  '1.00',
  '1.0-a',
  '1.0-A',
  '1:0.9',
  '2:1.0',
  '1:1.0-1',
  '3.0.11-1~deb12u2',
  '3.0.13-1~deb12u1',
  '3.0.13-1',
  '2.36-9+deb12u4',
  '2.36-9+deb12u10',
  '6.1.0-18',
  '6.1.0-9',
  '1.2.3+dfsg-1',
  '1.2.3.dfsg-1',
  '1.2.3-dfsg-1',
  '10.11.6-0+deb12u1',
  '9.2p1-2+deb12u3',
  '9.2p1-2+deb12u10',
  '0:1.0',
  '1.0+',
  '1.0.',
];

describe('Debian version comparison', () => {
  it.skipIf(!fs.existsSync('/usr/bin/dpkg'))(
    'agrees with dpkg --compare-versions on every pair of tricky versions',
    () => {
      const disagreements: string[] = [];
      for (const [index, a] of VERSIONS.entries()) {
        for (const b of VERSIONS.slice(index + 1)) {
          const dpkg = dpkgCompare(a, b);
          const ours = compareDebianVersions(a, b);
          if (dpkg !== ours) disagreements.push(`${a} vs ${b}: dpkg ${dpkg}, ours ${ours}`);
          expect(compareDebianVersions(b, a)).toBe(ours === 0 ? 0 : -ours);
        }
      }
      expect(disagreements).toEqual([]);
    },
    60_000,
  );

  it('orders the lab and Debian security cases as dpkg does', () => {
    expect(compareDebianVersions('1.0', '1.0+deb12u1')).toBe(-1);
    expect(compareDebianVersions('1.0~rc1', '1.0')).toBe(-1);
    expect(compareDebianVersions('1.0', '1.0-0')).toBe(0);
    expect(compareDebianVersions('1:0.1', '9.9')).toBe(1);
    expect(compareDebianVersions('2.36-9+deb12u10', '2.36-9+deb12u4')).toBe(1);
    expect(compareDebianVersions('1.01', '1.1')).toBe(0);
  });

  it('refuses what is not a Debian version, saying why', () => {
    for (const [text, why] of [
      ['', 'no upstream version'],
      ['a1.0', 'does not start with a digit'],
      ['x:1.0', 'epoch'],
      ['1.0 beta', 'character'],
    ] as const) {
      try {
        parseDebianVersion(text);
        expect.unreachable(`${text} should be refused`);
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('BAD_INPUT');
        expect((error as Error).message).toContain(why);
      }
    }
  });
});

function dpkgCompare(a: string, b: string): -1 | 0 | 1 {
  const holds = (op: string): boolean => {
    try {
      execFileSync('dpkg', ['--compare-versions', a, op, b], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (holds('lt')) return -1;
  return holds('eq') ? 0 : 1;
}
