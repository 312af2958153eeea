import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, createWebFixture, SAME_ORIGIN, type WebFixture } from '../../test/http/web-fixture.js';
import { TEST_DIALECT } from '../../test/support/test-store.js';
import type { HostExposure, PackageManagerReading, PendingUpdate } from './model.js';
import { recordCheck, recordFailedCheck } from './store.js';

const SAMPLE_FEED = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'testdata/security-tracker-sample.json',
);
const DAY = 86_400_000;
const OS = { id: 'debian', idLike: [], version: '12', codename: 'bookworm' };

function update(name: string, overrides: Partial<PendingUpdate> = {}): PendingUpdate {
  return {
    package: name,
    architecture: 'amd64',
    currentVersion: '1.0-1',
    candidateVersion: '1.0-2',
    sourcePackage: name,
    origins: ['Debian:12.8/stable'],
    security: false,
    cves: [],
    urgency: 'unknown',
    needsReboot: false,
    rebootReason: null,
    ...overrides,
  };
}

function reading(updates: PendingUpdate[], rebootRequired = false): PackageManagerReading {
  return { updates, rebootRequired, rebootPackages: rebootRequired ? ['linux-image-amd64'] : [], notes: [] };
}

const libssl = update('libssl3', {
  sourcePackage: 'openssl',
  currentVersion: '3.0.13-1~deb12u1',
  candidateVersion: '3.0.15-1~deb12u1',
  origins: ['Debian-Security:12/stable-security'],
  security: true,
  cves: [{ id: 'CVE-2024-5535', from: ['feed'] }],
  urgency: 'high',
});

describe(`updates routes and exposure on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let engineer: string;
  let viewer: string;
  let developer: string;
  const as = (cookie: string) => ({ cookies: { vigie_session: cookie }, headers: SAME_ORIGIN });

  beforeAll(async () => {
    fixture = await createWebFixture({ env: { VIGIE_SECURITY_FEED: SAMPLE_FEED } });
    const deps = fixture.deps;
    const at = () => fixture.clock.now().toISOString();
    // db03: a security update seen first 3 days ago and still pending, a kernel update, a reboot pending.
    await recordCheck(deps, {
      host: 'db03',
      checkedAt: at(),
      manager: 'apt',
      os: OS,
      refreshed: true,
      reading: reading([libssl]),
      actor: 'test',
    });
    await recordCheck(deps, {
      host: 'host04',
      checkedAt: at(),
      manager: 'apt',
      os: OS,
      refreshed: true,
      reading: reading([update('curl')]),
      actor: 'test',
    });
    fixture.clock.advance(3 * DAY + 3_600_000);
    const kernel = update('linux-image-amd64', { needsReboot: true, rebootReason: 'boot-critical package' });
    await recordCheck(deps, {
      host: 'db03',
      checkedAt: at(),
      manager: 'apt',
      os: OS,
      refreshed: true,
      reading: reading([libssl, kernel], true),
      actor: 'test',
    });
    // host04's update was installed: nothing pending now.
    await recordCheck(deps, {
      host: 'host04',
      checkedAt: at(),
      manager: 'apt',
      os: OS,
      refreshed: false,
      reading: reading([]),
      actor: 'test',
    });
    await recordFailedCheck(deps, {
      host: 'host03',
      checkedAt: at(),
      code: 'REMOTE_FAILED',
      message:
        'Refreshing the package lists (apt-get update) failed on host03 (exit 100): E: Could not resolve deb.debian.org',
      hint: 'Look at the apt sources of the host.',
      actor: 'test',
    });
    // Sessions are logged in after the clock moved: they would have expired otherwise.
    const login = async (role: Parameters<WebFixture['addAccount']>[0]) => {
      const { account, password } = await fixture.addAccount(role);
      return fixture.login(account.username, password);
    };
    [engineer, viewer, developer] = [
      await login('provider_engineer'),
      await login('viewer'),
      await login('customer_developer'),
    ];
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('ranks the rack by the documented exposure score, with the age of the oldest security update', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/api/v1/updates', ...as(viewer) });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: HostExposure[] }>().items;
    expect(items.map((item) => item.host)).toEqual(['db03', 'host03', 'host04']);
    // 10 (one security update) + 3 (one CVE) + 30 (high) + 3 (days) + 20 (reboot now) + 1 (other update).
    expect(items[0]).toMatchObject({
      score: 67,
      securityCount: 1,
      cveCount: 1,
      maxUrgency: 'high',
      oldestSecurityAgeDays: 3,
      rebootRequired: true,
      rebootNeededByUpdates: true,
      pendingCount: 2,
      lastFailure: null,
    });
    expect(items[1]).toMatchObject({
      host: 'host03',
      score: 0,
      checkedAt: null,
      lastFailure: { code: 'REMOTE_FAILED', message: expect.stringContaining('host03') },
    });
    expect(items[2]).toMatchObject({ host: 'host04', score: 0, pendingCount: 0 });
  });

  it("gives a host's pending updates with when each security update was first seen, and its history", async () => {
    const response = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/hosts/db03/updates',
      ...as(viewer),
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      snapshot: { updates: (PendingUpdate & { firstSeenAt: string | null })[]; rebootRequired: boolean };
      history: { pendingCount: number }[];
    }>();
    const first = body.snapshot.updates.find((u) => u.package === 'libssl3');
    expect(first?.firstSeenAt).toBe('2026-11-28T09:00:00.000Z');
    expect(body.snapshot.updates.find((u) => u.package === 'linux-image-amd64')).toMatchObject({
      needsReboot: true,
      firstSeenAt: null,
    });
    expect(body.history.map((entry) => entry.pendingCount)).toEqual([2, 1]);
    const never = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/hosts/nowhere/updates',
      ...as(viewer),
    });
    expect(never.json()).toMatchObject({ snapshot: null, lastFailure: null, history: [] });
  });

  it('imports the configured security feed (audited) for an engineer, not for a viewer', async () => {
    const refused = await fixture.app.inject({ method: 'POST', url: '/api/v1/updates/feed', ...as(viewer) });
    expect(refused.statusCode).toBe(403);
    const response = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/updates/feed',
      ...as(engineer),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      entryCount: 8,
      releases: ['bookworm', 'bullseye', 'trixie'],
      source: SAMPLE_FEED,
    });
    const events = await auditEvents(fixture, 'updates.feed.import');
    expect(events).toHaveLength(1);
    const ranking = await fixture.app.inject({ method: 'GET', url: '/api/v1/updates', ...as(viewer) });
    expect(ranking.json()).toMatchObject({ feed: { entryCount: 8 } });
  });

  it('checks a host now and returns its failure located when it cannot be read', async () => {
    const response = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/hosts/ghost01/updates/check',
      payload: { refresh: false },
      ...as(engineer),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      host: 'ghost01',
      ok: false,
      snapshot: null,
      failure: { code: 'NOT_FOUND', message: expect.stringContaining('ghost01'), hint: expect.any(String) },
    });
    const viewerCheck = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/hosts/db03/updates/check',
      ...as(viewer),
    });
    expect(viewerCheck.statusCode).toBe(403);
    const developerRead = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/updates',
      ...as(developer),
    });
    expect(developerRead.statusCode).toBe(403);
  });
});
