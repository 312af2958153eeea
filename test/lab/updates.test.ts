/**
 * Pending and security updates read end to end over SSH from the lab VMs, each chrooted in its own
 * Debian root with the lab's apt repository: the planted situation (db03: two pending updates, one a
 * security fix with a CVE, one needing a reboot; host04: none), the security feed imported from a
 * file, first sightings kept across checks, a reboot required now, and one host's failure isolated.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labHost } from '../../lab/topology.js';
import { runInVm } from '../../lab/vm-root.js';
import { main } from '../../src/cli/main.js';
import type { HostCheckOutcome, HostExposure } from '../../src/updates/model.js';
import { captureIo } from '../support/cli-io.js';
import { labSkipReason, useLab } from '../support/lab.js';
import { plantLabUpdates, publishLabUpdate } from '../support/lab-apt.js';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../support/test-store.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE_FEED = path.join(ROOT, 'src/updates/testdata/security-tracker-sample.json');

function fingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.split(' ')[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

describe.skipIf(labSkipReason !== undefined)(`updates on the lab VMs (${TEST_DIALECT})`, () => {
  const lab = useLab();
  let environment: TestEnvironment;
  let env: NodeJS.ProcessEnv;
  let db03FirstChecked = '';

  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, env);
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };
  const check = async (...argv: string[]): Promise<{ code: number; outcomes: HostCheckOutcome[] }> => {
    const result = await vigie('updates', ...argv, '--json');
    return { code: result.code, outcomes: JSON.parse(result.stdout) as HostCheckOutcome[] };
  };
  const snapshotOf = (outcomes: HostCheckOutcome[], host: string) => {
    const outcome = outcomes.find((candidate) => candidate.host === host);
    if (!outcome?.ok) throw new Error(`${host} was not checked: ${JSON.stringify(outcome)}`);
    return outcome.snapshot;
  };

  beforeAll(async () => {
    await plantLabUpdates(lab);
    environment = await createTestEnvironment();
    env = {
      ...environment.env,
      VIGIE_SSH_USER: lab.user,
      VIGIE_SSH_KEY: 'lab',
      VIGIE_OUTBOUND_ALLOW: '198.18.0.0/16',
    };
    expect((await vigie('apply', '--yes', path.join(ROOT, 'examples/gip-paca'))).code).toBe(0);
    expect((await vigie('secret', 'set-ssh-key', 'lab', '--file', lab.clientKey)).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    if (labSkipReason === undefined) await plantLabUpdates(lab);
    await environment?.cleanup();
  }, 120_000);

  it('isolates a host it cannot check: the others are read, the failure says where and why', async () => {
    const first = await check('db03', 'host03', 'host04');
    expect(first.code).not.toBe(0);
    for (const outcome of first.outcomes) {
      expect(outcome).toMatchObject({ ok: false, failure: { code: 'HOST_KEY_UNAPPROVED' } });
    }
    // Only db03's key is approved (the one the lab made for it): host03 still fails, alone.
    const db03Key = lab.hostKeys.db03 ?? '';
    expect((await vigie('hostkey', 'approve', 'db03', '--fingerprint', fingerprint(db03Key))).code).toBe(0);
    const second = await check('db03', 'host03');
    expect(second.code).not.toBe(0);
    expect(snapshotOf(second.outcomes, 'db03').updates.length).toBe(2);
    db03FirstChecked = snapshotOf(second.outcomes, 'db03').checkedAt;
    const host03 = second.outcomes.find((outcome) => outcome.host === 'host03');
    expect(host03).toMatchObject({ ok: false, failure: { host: 'host03', code: 'HOST_KEY_UNAPPROVED' } });
    for (const host of ['host03', 'host04']) {
      const key = lab.hostKeys[host] ?? '';
      expect((await vigie('hostkey', 'approve', host, '--fingerprint', fingerprint(key))).code).toBe(0);
    }
  }, 120_000);

  it('reads the planted situation: two pending updates on db03, one a security fix with a CVE, one needing a reboot; none on host04', async () => {
    const imported = await vigie('updates', 'import-feed', SAMPLE_FEED);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/imported 8 fixed CVE entries for bookworm, bullseye, trixie/);

    const { code, outcomes } = await check('db03', 'host03', 'host04');
    expect(code).toBe(0);
    const db03 = snapshotOf(outcomes, 'db03');
    expect(db03).toMatchObject({
      manager: 'apt',
      os: { id: 'debian', codename: 'bookworm' },
      refreshed: true,
      rebootRequired: false,
    });
    const byName = Object.fromEntries(db03.updates.map((update) => [update.package, update]));
    expect(Object.keys(byName).sort()).toEqual(['vigie-lab-libssl', 'vigie-lab-tool']);
    expect(byName['vigie-lab-libssl']).toMatchObject({
      currentVersion: '1.0',
      candidateVersion: '1.0+deb12u1',
      security: true,
      origins: ['Debian-Security:12/bookworm-security'],
      // From the candidate's changelog over SSH and from the feed (CVE-2026-22222 is fixed only in a later version).
      cves: [{ id: 'CVE-2026-11111', from: ['changelog', 'feed'] }],
      urgency: 'high',
      needsReboot: false,
    });
    // Pending since the first check that saw it (the one of the test before), not since this one.
    expect(byName['vigie-lab-libssl']?.firstSeenAt).toBe(db03FirstChecked);
    expect(byName['vigie-lab-tool']).toMatchObject({
      currentVersion: '1.0',
      candidateVersion: '1.1',
      security: false,
      cves: [],
      needsReboot: true,
      rebootReason: 'declared by the package',
      firstSeenAt: null,
    });
    expect(snapshotOf(outcomes, 'host04').updates).toEqual([]);
    expect(snapshotOf(outcomes, 'host03').updates.map((update) => update.package)).toEqual([
      'vigie-lab-tool',
    ]);

    const shown = await vigie('updates', 'show', 'db03');
    expect(shown.stdout).toMatch(
      /db03: 2 pending, 1 security; no reboot required now; 1 update\(s\) will need a reboot/,
    );
    expect(shown.stdout).toMatch(
      /vigie-lab-libssl\s+1\.0 → 1\.0\+deb12u1\s+SECURITY, CVE-2026-11111, urgency high/,
    );

    // The refresh is an intervention: journaled, with the host and the command.
    const journal = await vigie('journal', 'list', '--host', 'db03', '--category', 'update', '--json');
    const summaries = (JSON.parse(journal.stdout) as { summary: string; detail: string }[]).map(
      (e) => e.summary,
    );
    expect(summaries).toContain('updates: refresh package lists on db03');
  }, 180_000);

  it('follows a newly published security fix, keeping when the first one was seen, and ranks the rack', async () => {
    const before = snapshotOf((await check('db03', '--no-refresh')).outcomes, 'db03');
    const firstSeen = before.updates.find((update) => update.package === 'vigie-lab-libssl')?.firstSeenAt;
    expect(firstSeen).toBeTruthy();
    await publishLabUpdate(lab, {
      name: 'vigie-lab-libssl',
      version: '1.0+deb12u2',
      suite: 'security',
      urgency: 'medium',
      changes: ['Non-maintainer upload by the Security Team.', 'Fix a use after free (CVE-2026-22222).'],
    });
    // Without a refresh the host does not know yet.
    const stale = snapshotOf((await check('db03', '--no-refresh')).outcomes, 'db03');
    expect(stale.updates.find((update) => update.package === 'vigie-lab-libssl')?.candidateVersion).toBe(
      '1.0+deb12u1',
    );
    const after = snapshotOf((await check('db03')).outcomes, 'db03');
    const libssl = after.updates.find((update) => update.package === 'vigie-lab-libssl');
    expect(libssl).toMatchObject({ candidateVersion: '1.0+deb12u2', firstSeenAt: firstSeen });
    expect(libssl?.cves.map((cve) => cve.id)).toEqual(['CVE-2026-11111', 'CVE-2026-22222']);

    const exposure = await vigie('updates', 'exposure', '--json');
    const ranking = JSON.parse(exposure.stdout) as HostExposure[];
    expect(ranking.map((entry) => entry.host)).toEqual(['db03', 'host03', 'host04']);
    // 10 per security update + 3 per CVE + high urgency 30 + 0 days + 1 other pending update.
    expect(ranking[0]).toMatchObject({
      host: 'db03',
      score: 10 + 6 + 30 + 0 + 1,
      securityCount: 1,
      cveCount: 2,
    });
    expect(ranking[2]).toMatchObject({ host: 'host04', score: 0, pendingCount: 0 });
  }, 180_000);

  it('sees a reboot required now once an update that asks for one is installed', async () => {
    const host03 = labHost('host03');
    const installed = await runInVm(
      lab.paths,
      host03,
      ['apt-get', 'install', '-y', '-qq', 'vigie-lab-tool'],
      {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeoutMs: 120_000,
      },
    );
    expect(installed.code, installed.stderr).toBe(0);
    const snapshot = snapshotOf((await check('host03', '--no-refresh')).outcomes, 'host03');
    expect(snapshot).toMatchObject({ rebootRequired: true, rebootPackages: ['vigie-lab-tool'], updates: [] });
    const ranking = JSON.parse((await vigie('updates', 'exposure', '--json')).stdout) as HostExposure[];
    expect(ranking.find((entry) => entry.host === 'host03')).toMatchObject({
      rebootRequired: true,
      score: 20,
    });
  }, 120_000);
});
