/**
 * The updates pages in a real Chromium against a real server on the dialect under test: the rack's
 * exposure ranking and a VM's pending updates (stored by the updates domain's own functions, as a check
 * over SSH stores them: db03 with the lab's planted situation, host04 up to date), the security feed
 * imported from the sample file, "Check now" failing with its reason shown, French and English.
 * Screenshots go to /tmp/shots/updates-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingUpdate } from '../../src/updates/model.js';
import { importSecurityFeed } from '../../src/updates/security-feed.js';
import { recordCheck } from '../../src/updates/store.js';
import { TEST_DIALECT } from '../support/test-store.js';
import {
  allTranslationKeys,
  attributeValues,
  expectCount,
  expectTextContaining,
  logIn,
  type PageProblems,
  pageProblems,
  settled,
} from './page-checks.js';
import { launchTestBrowser } from './test-browser.js';
import { REPO, startUiServer, type UiServer } from './ui-server.js';

const SHOTS = '/tmp/shots';
const ADMIN = { username: 'admin', password: 'vigie-admin-password-2026', displayName: 'Camille Fournier' };
const DEVELOPER = { username: 'dev', password: 'vigie-developer-password-2026', displayName: 'Dév' };
const OS = { id: 'debian', idLike: [], version: '12', codename: 'bookworm' };
const DAY = 86_400_000;

let server: UiServer;
let browser: Browser;
let page: Page;
let problems: PageProblems;
const translationKeys = allTranslationKeys(path.join(REPO, 'ui', 'src', 'i18n'));

const libssl: PendingUpdate = {
  package: 'vigie-lab-libssl',
  architecture: 'all',
  currentVersion: '1.0',
  candidateVersion: '1.0+deb12u1',
  sourcePackage: 'vigie-lab-libssl',
  origins: ['Debian-Security:12/bookworm-security'],
  security: true,
  cves: [{ id: 'CVE-2026-11111', from: ['changelog', 'feed'] }],
  urgency: 'high',
  needsReboot: false,
  rebootReason: null,
};
const tool: PendingUpdate = {
  ...libssl,
  package: 'vigie-lab-tool',
  candidateVersion: '1.1',
  sourcePackage: 'vigie-lab-tool',
  origins: ['Debian:12/bookworm'],
  security: false,
  cves: [],
  urgency: 'unknown',
  needsReboot: true,
  rebootReason: 'declared by the package',
};

async function shot(name: string): Promise<void> {
  await settled(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `updates-${name}.png`), fullPage: true });
}

async function expectNoRawKeys(): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
  const text = await page.locator('body').innerText();
  expect(
    translationKeys.filter((key) => text.includes(key)),
    `untranslated keys on ${page.url()}`,
  ).toEqual([]);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  const deps = server.deps;
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  const check = (host: string, checkedAt: string, updates: PendingUpdate[], rebootRequired = false) =>
    recordCheck(deps, {
      host,
      checkedAt,
      manager: 'apt',
      os: OS,
      refreshed: true,
      reading: {
        updates,
        rebootRequired,
        rebootPackages: rebootRequired ? ['vigie-lab-tool'] : [],
        notes: [],
      },
      actor: 'cli:operator',
    });
  // db03's security fix has waited five days; host03 needs a reboot; host04 is up to date.
  await check('db03', ago(5), [libssl]);
  await check('db03', ago(0.01), [libssl, tool]);
  await check('host03', ago(0.02), [], true);
  await check('host04', ago(0.03), []);
  await importSecurityFeed(deps, {
    text: fs.readFileSync(path.join(REPO, 'src/updates/testdata/security-tracker-sample.json'), 'utf8'),
    source: 'security-tracker-sample.json',
    actor: 'cli:operator',
  });
  browser = await launchTestBrowser();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  page = await context.newPage();
  problems = pageProblems(page);
  await page.goto(`${server.baseUrl}/login`);
  await logIn(page, ADMIN);
  await page.getByTestId('current-user').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`updates pages in Chromium (${TEST_DIALECT})`, () => {
  it('ranks the rack by exposure, in French', async () => {
    await page.locator('nav a[data-section="updates"]').click();
    await expect.poll(() => page.url()).toMatch(/\/updates$/);
    await expectTextContaining(page.locator('h1'), 'Mises à jour');
    const rows = page.locator('[data-testid="exposure-ranking"] tbody tr');
    await expectCount(rows, 3, 'three checked hosts');
    expect(await attributeValues(rows, 'data-host')).toEqual(['db03', 'host03', 'host04']);
    const db03 = rows.first();
    await expectTextContaining(db03, 'DB03');
    await expectTextContaining(db03, 'Haute');
    await expectTextContaining(db03, '5 jours');
    await expectTextContaining(db03, 'Après installation');
    await expectTextContaining(rows.nth(1), 'Requis');
    await expectTextContaining(page.getByTestId('feed-line'), '8 CVE corrigées');
    await expectNoRawKeys();
    await shot('page-fr');
  });

  it("lists a VM's pending updates: versions, security badge, CVE linked to the tracker, reboot, first seen", async () => {
    await page.locator('[data-host="db03"] a').first().click();
    await expect.poll(() => page.url()).toMatch(/\/objects\/vm\/db03$/);
    const panel = page.getByTestId('host-updates');
    await panel.waitFor();
    const rows = panel.locator('[data-testid="pending-updates"] tbody tr');
    await expectCount(rows, 2, 'two pending updates');
    const security = panel.locator('tr[data-package="vigie-lab-libssl"]');
    await expectTextContaining(security, '1.0 → 1.0+deb12u1');
    await expectTextContaining(security, 'Sécurité');
    const link = security.locator('a', { hasText: 'CVE-2026-11111' });
    expect(await link.getAttribute('href')).toBe(
      'https://security-tracker.debian.org/tracker/CVE-2026-11111',
    );
    await expectTextContaining(security, 'il y a 5 jours');
    await expectTextContaining(panel.locator('tr[data-package="vigie-lab-tool"]'), 'déclaré par le paquet');
    await expectNoRawKeys();
    await panel.scrollIntoViewIfNeeded();
    await settled(page);
    await panel.screenshot({ path: path.join(SHOTS, 'updates-panel-fr.png') });
  });

  it('shows why "Check now" failed on a host it cannot reach', async () => {
    await page.goto(`${server.baseUrl}/objects/vm/host04`);
    const panel = page.getByTestId('host-updates');
    await expectTextContaining(panel.getByTestId('updates-none'), 'À jour');
    await panel.getByTestId('check-updates').click();
    // The lab prefix is outside this server's allowlist: the check fails, located and explained.
    const failure = panel.getByTestId('updates-last-failure');
    await failure.waitFor();
    await expectTextContaining(failure, 'host04');
    await panel.scrollIntoViewIfNeeded();
    await settled(page);
    await panel.screenshot({ path: path.join(SHOTS, 'updates-check-failed-fr.png') });
  });

  it('speaks English', async () => {
    await page.locator('.language-switch button', { hasText: 'EN' }).click();
    await page.goto(`${server.baseUrl}/updates`);
    await expectTextContaining(page.locator('h1'), 'Updates');
    const db03 = page.locator('[data-testid="exposure-ranking"] tbody tr').first();
    await expectTextContaining(db03, '5 days');
    await expectTextContaining(db03, 'After install');
    await expectTextContaining(page.locator('[data-host="host04"]'), 'Failed');
    await expectNoRawKeys();
    await shot('page-en');
    expect(problems.errors()).toEqual([]);
  });
});
