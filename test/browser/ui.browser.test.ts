/**
 * The web interface in a real Chromium, against a real server on the dialect under test, with the
 * example rack applied: an administrator and a customer developer log in, the language is switched and
 * remembered, and every step is saved as a screenshot in `test-artifacts/screenshots/<dialect>/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredObject } from '../../src/inventory/model.js';
import { liftAppendOnlyGuard } from '../support/audit-tampering.js';
import { TEST_DIALECT, type TestStore } from '../support/test-store.js';
import {
  allTranslationKeys,
  attributeValues,
  expectCount,
  expectText,
  expectTextContaining,
  logIn,
  type PageProblems,
  pageProblems,
  settled,
} from './page-checks.js';
import { launchTestBrowser } from './test-browser.js';
import { REPO, startUiServer, type UiServer } from './ui-server.js';

const SHOTS = path.join(REPO, 'test-artifacts', 'screenshots', TEST_DIALECT);
const ADMIN = { username: 'admin', password: 'vigie-admin-password-2026', displayName: 'Camille Fournier' };
const DEVELOPER = {
  username: 'dev',
  password: 'vigie-developer-password-2026',
  displayName: 'Développeur du site',
};
const VIEWPORT = { width: 1440, height: 900 };
/** Login attempts per username and minute: the administrator logs in four times, an intruder tries more. */
const ATTEMPTS_PER_USERNAME = 5;

let server: UiServer;
let testStore: TestStore;
let baseUrl: string;
let browser: Browser;
let objects: readonly DesiredObject[];
let developerPerson: DesiredObject;
/** DB03's memory in the example, in bytes; the test doubles it. */
let dbMemory: number;
let adminContext: BrowserContext;
let page: Page;
let problems: PageProblems;
const translationKeys = allTranslationKeys(path.join(REPO, 'ui', 'src', 'i18n'));

/** Saves the page as `NN-name.png` once it has finished loading; every step of the scenario leaves one. */
async function shot(target: Page, name: string): Promise<void> {
  await settled(target);
  await target.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** A fresh browser profile (no cookie, no remembered language) whose browser speaks French. */
async function frenchContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
}

/** The visible text of the page, checked for translation keys that were shown untranslated. */
async function expectNoRawKeys(target: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
  const text = await target.locator('body').innerText();
  const leaked = translationKeys.filter((key) => text.includes(key));
  expect(leaked, `untranslated keys on ${target.url()}`).toEqual([]);
}

function specOf(kind: string, key: string): Record<string, unknown> {
  const found = objects.find((object) => object.kind === kind && object.key === key);
  if (found === undefined) throw new Error(`the example has no ${kind} ${key}`);
  return found.spec as Record<string, unknown>;
}

function nameOf(kind: string, key: string): string {
  const name = specOf(kind, key).name;
  return typeof name === 'string' ? name : key;
}

beforeAll(async () => {
  // Screenshots are overwritten by name; other browser tests write theirs beside these.
  fs.mkdirSync(SHOTS, { recursive: true });

  server = await startUiServer({
    admin: ADMIN,
    developer: DEVELOPER,
    attemptsPerUsername: ATTEMPTS_PER_USERNAME,
  });
  ({ baseUrl, testStore, objects, developerPerson, dbMemory } = server);

  browser = await launchTestBrowser();
  adminContext = await frenchContext();
  page = await adminContext.newPage();
  problems = pageProblems(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`web interface in Chromium (${TEST_DIALECT})`, () => {
  it('shows the login page in French and says plainly what went wrong', async () => {
    await page.goto(`${baseUrl}/rack`);
    await page.waitForURL('**/login');
    await expectText(page.locator('button[type="submit"]'), 'Se connecter');
    await shot(page, '01-login');

    await logIn(page, { username: ADMIN.username, password: 'not-the-password' });
    await expectText(page.getByTestId('login-error'), 'Identifiant ou mot de passe incorrect.');
    await shot(page, '02-login-wrong-password');

    for (let attempt = 0; attempt <= ATTEMPTS_PER_USERNAME; attempt++)
      await logIn(page, { username: 'mallory', password: 'guess' });
    await expectText(
      page.getByTestId('login-error'),
      /^Trop de tentatives de connexion\. Réessayez dans \d+ minutes?\.$/,
    );
    await shot(page, '03-login-too-many-attempts');
  });

  it('logs the administrator in, back to the page asked for, with the rack drawn unit by unit', async () => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/rack');
    const rack = page.getByTestId('rack-elevation');
    await rack.waitFor();
    const rackKey = objects.find((object) => object.kind === 'rack')?.key ?? '';
    const height = Number(specOf('rack', rackKey).height ?? 42);
    await expectCount(rack.locator('.rack-rail-left'), height);
    for (const name of ['ECWAN', 'VirtualWAN03', 'VirtualWAN04']) {
      await expectCount(rack.locator('.rack-device', { hasText: name }), 1, name);
    }
    // A device spanning several units is one block as tall as its units.
    const tallest = objects
      .filter((object) => object.kind === 'device' && (object.spec as { rack?: unknown }).rack === rackKey)
      .sort((a, b) => Number(b.spec.height ?? 1) - Number(a.spec.height ?? 1))[0];
    if (tallest === undefined) throw new Error('no device in the rack');
    const block = await rack.locator(`[data-device="${tallest.key}"]`).boundingBox();
    const unit = await rack.locator('.rack-rail-left').first().boundingBox();
    expect(Math.round((block?.height ?? 0) / (unit?.height ?? 1))).toBe(Number(tallest.spec.height ?? 1));
    await expectTextContaining(page.locator('.rack-legend'), 'Hyperviseur');
    await expectTextContaining(page.getByTestId('current-user'), ADMIN.displayName);
    await expectNoRawKeys(page);
    await shot(page, '04-rack-elevation');
  });

  it('shows the overview with the customer, the counts, the last apply and a rack thumbnail', async () => {
    await page.locator('nav a[data-section="overview"]').click();
    await expectText(page.locator('h1'), 'Vue d’ensemble');
    const counts = page.locator('.count-tiles');
    await expectText(
      counts.locator('[data-kind="vm"] .count-value'),
      String(objects.filter((object) => object.kind === 'vm').length),
    );
    await expectTextContaining(page.getByTestId('last-apply'), 'operator');
    await page.getByTestId('rack-thumbnail').waitFor();
    const customer = objects.find((object) => object.kind === 'customer');
    await expectTextContaining(page.getByTestId('customer-panel'), String(customer?.spec.legal_name));
    for (const section of [
      'rack',
      'hypervisors',
      'hosts',
      'websites',
      'databases',
      'people',
      'audit',
      'users',
    ]) {
      await expectCount(page.locator(`nav a[data-section="${section}"]`), 1, section);
    }
    await expectNoRawKeys(page);
    await shot(page, '05-overview');
  });

  it('opens a device from the rack, then a VM with its relations, source and audit history', async () => {
    await page.locator('nav a[data-section="rack"]').click();
    await page.getByTestId('rack-elevation').locator('.rack-device', { hasText: 'VirtualWAN03' }).click();
    await page.getByTestId('object-page').waitFor();
    await expectTextContaining(page.locator('h1'), 'VirtualWAN03');
    const hypervisorKey = objects.find(
      (object) => object.kind === 'device' && object.spec.name === 'VirtualWAN03',
    )?.key;
    const guests = objects.filter(
      (object) => object.kind === 'vm' && object.spec.hypervisor === hypervisorKey,
    );
    expect(guests.length).toBeGreaterThan(0);
    for (const vm of guests) {
      await expectCount(page.getByTestId('relations').locator(`a[href="/objects/vm/${vm.key}"]`), 1, vm.key);
    }
    await shot(page, '06-device-page');

    await page.locator('nav a[data-section="hypervisors"]').click();
    await page.locator('.hypervisor-card').first().waitFor();
    const hypervisors = objects.filter(
      (object) => object.kind === 'device' && object.spec.type === 'hypervisor',
    );
    await expectCount(page.locator('.hypervisor-card'), hypervisors.length);
    // vCPU, memory and disk: three bars per hypervisor.
    await expectCount(page.locator('.hypervisor-card [role="meter"]'), hypervisors.length * 3);
    await expectText(page.locator('main'), /\d+(,\d)?\u00a0Gio/);
    await expectNoRawKeys(page);
    await shot(page, '07-hypervisors');

    const db03 = objects.find((object) => object.kind === 'vm' && nameOf('vm', object.key) === 'DB03');
    if (db03 === undefined) throw new Error('the example has no VM named DB03');
    await page.locator('.hypervisor-card a', { hasText: 'DB03' }).click();
    await page.waitForURL(`**/objects/vm/${db03.key}`);
    const relations = page.getByTestId('relations');
    const hypervisor = String(specOf('vm', db03.key).hypervisor);
    await expectCount(relations.locator(`a[href="/objects/device/${hypervisor}"]`), 1);
    await expectText(page.getByTestId('object-source'), db03.source);
    const history = page.getByTestId('audit-history');
    await expectTextContaining(history, 'Ajout');
    await expectTextContaining(history, 'operator');
    const gib = (bytes: number) => `${bytes / 1024 ** 3}\u00a0Gio`;
    const change = history.locator('.change-table tbody tr', { hasText: 'Mémoire' });
    await expectText(change, `Mémoire\t${gib(dbMemory)}\t${gib(dbMemory * 2)}`);
    await expectTextContaining(history.locator('.timeline-item').first(), 'Modification');
    await expectText(page.locator('main'), new RegExp(`Mémoire\\s+${gib(dbMemory * 2)}`));
    await expectNoRawKeys(page);
    await shot(page, '08-vm-page');
  });

  it('shows hosts, websites, databases, people, accounts and the audit trail', async () => {
    const pages: readonly [string, string, string][] = [
      ['hosts', 'Hôtes et services', '09-hosts'],
      ['websites', 'Sites web', '10-websites'],
      ['databases', 'Bases de données', '11-databases'],
      ['people', 'Personnes', '12-people'],
      ['users', 'Comptes', '13-users'],
      ['audit', 'Journal d’audit', '14-audit'],
    ];
    for (const [section, title, name] of pages) {
      await page.locator(`nav a[data-section="${section}"]`).click();
      await expectText(page.locator('h1'), title);
      await settled(page);
      await expectNoRawKeys(page);
      await shot(page, name);
    }
    await expectTextContaining(page.getByTestId('audit-integrity'), 'Chaîne intègre');
    await page.locator('nav a[data-section="people"]').click();
    const referents = objects.filter(
      (object) => object.kind === 'person' && (object.spec.roles as string[]).includes('referent'),
    );
    await expectCount(page.locator('.person-card.referent'), referents.length);
  });

  it('is usable 1024 pixels wide', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    for (const section of ['overview', 'rack', 'hypervisors']) {
      await page.locator(`nav a[data-section="${section}"]`).click();
      await settled(page);
      await page.locator('main h1').waitFor();
      // A string, evaluated in the page: the test code itself is compiled without the DOM library.
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      expect(overflow, `horizontal overflow on ${section}`).toBeLessThanOrEqual(0);
      await shot(page, `15-narrow-${section}`);
    }
    await page.setViewportSize(VIEWPORT);
  });

  it('switches to English, and remembers it for the next login', async () => {
    await page.locator('nav a[data-section="overview"]').click();
    await page.locator('.language-switch button', { hasText: 'EN' }).click();
    await expectText(page.locator('h1'), 'Overview');
    await expectText(page.locator('nav a[data-section="rack"]'), 'Rack');
    await page.getByTestId('rack-thumbnail').waitFor();
    await expectNoRawKeys(page);
    await shot(page, '16-overview-english');

    await page.locator('button', { hasText: 'Log out' }).click();
    await page.waitForURL('**/login');
    await expectText(page.locator('.notice'), 'You are logged out.');
    await shot(page, '17-logged-out');

    // Another browser, French by default: the account's saved language wins once logged in.
    const fresh = await frenchContext();
    const again = await fresh.newPage();
    const freshProblems = pageProblems(again);
    await again.goto(`${baseUrl}/login?lang=en`);
    await expectText(again.locator('button[type="submit"]'), 'Log in');
    await again.goto(baseUrl);
    await again.waitForURL('**/login');
    await expectText(again.locator('button[type="submit"]'), 'Se connecter');
    await logIn(again, ADMIN);
    await expectText(again.locator('h1'), 'Overview');
    await expectText(again.locator('nav a[data-section="audit"]'), 'Audit trail');
    await shot(again, '18-english-after-login');
    expect(freshProblems.errors()).toEqual([]);
    await fresh.close();
  });

  it('shows a developer only their websites and databases, and no rack, accounts or audit', async () => {
    const context = await frenchContext();
    const dev = await context.newPage();
    const devProblems = pageProblems(dev);
    await dev.goto(`${baseUrl}/login`);
    await logIn(dev, DEVELOPER);
    await expectText(dev.locator('h1'), 'Vue d’ensemble');
    const access = (developerPerson.spec as { access: { websites?: string[]; databases?: string[] } }).access;
    await expect
      .poll(() => attributeValues(dev.locator('nav a[data-section]'), 'data-section'))
      .toEqual(['overview', 'websites', 'databases']);
    await dev.getByTestId('websites-table').waitFor();
    await expectNoRawKeys(dev);
    await shot(dev, '19-developer-overview');

    await dev.locator('nav a[data-section="websites"]').click();
    await expectText(dev.locator('h1'), 'Sites web');
    const websiteLinks = dev.getByTestId('websites-table').locator('a[href^="/objects/website/"]');
    const expectedWebsites = (access.websites ?? []).map((key) => `/objects/website/${key}`).sort();
    await expect
      .poll(async () => (await attributeValues(websiteLinks, 'href')).sort())
      .toEqual(expectedWebsites);
    await shot(dev, '20-developer-websites');

    await dev.locator('nav a[data-section="databases"]').click();
    await expectText(dev.locator('h1'), 'Bases de données');
    const databaseLinks = dev.getByTestId('databases-table').locator('a[href^="/objects/database/"]');
    const expectedDatabases = (access.databases ?? []).map((key) => `/objects/database/${key}`).sort();
    await expect
      .poll(async () => (await attributeValues(databaseLinks, 'href')).sort())
      .toEqual(expectedDatabases);

    await dev.goto(`${baseUrl}/rack`);
    await dev.getByTestId('forbidden').waitFor();
    await expectText(dev.locator('h1'), 'Accès refusé');
    await shot(dev, '21-developer-rack-forbidden');

    const firewall = objects.find((object) => object.kind === 'device' && object.spec.type === 'firewall');
    await dev.goto(`${baseUrl}/objects/device/${firewall?.key ?? 'ecwan'}`);
    await dev.getByTestId('not-found').waitFor();
    await shot(dev, '22-developer-device-not-found');

    // The session ends on the server (expiry, revocation): the next request brings the login page back, saying why.
    await testStore.store.db.deleteFrom('sessions').execute();
    await dev.locator('nav a[data-section="databases"]').click();
    await dev.waitForURL('**/login');
    await expectText(dev.locator('.notice'), 'Votre session a expiré. Reconnectez-vous pour continuer.');
    await shot(dev, '23-session-expired');
    expect(devProblems.errors()).toEqual([]);
    await context.close();
  });

  it('shows a tampered audit trail as broken, naming the altered row', async () => {
    // What an attacker with write access to the database would do: rewrite DB03's recorded change.
    const row = await testStore.store.db
      .selectFrom('audit_events')
      .select('seq')
      .where('action', '=', 'inventory.change')
      .where('target_kind', '=', 'vm')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    await liftAppendOnlyGuard(testStore.store);
    await testStore.store.db
      .updateTable('audit_events')
      .set({ after: JSON.stringify({ memory: dbMemory }) })
      .where('seq', '=', row.seq)
      .execute();

    const context = await frenchContext();
    const auditor = await context.newPage();
    const auditorProblems = pageProblems(auditor);
    await auditor.goto(`${baseUrl}/audit`);
    await logIn(auditor, ADMIN);
    // The administrator chose English earlier: the account remembers it.
    const integrity = auditor.getByTestId('audit-integrity');
    await expectTextContaining(integrity, 'Chain broken: 1 problem found');
    await expectTextContaining(integrity, `Row ${row.seq} altered after the fact`);
    await expectCount(auditor.locator('[data-testid="audit-events"] tr.suspect'), 1);
    await shot(auditor, '24-audit-tampered');
    expect(auditorProblems.errors()).toEqual([]);
    await context.close();
  });

  it('raised no script error in the administrator session', () => {
    expect(problems.errors()).toEqual([]);
  });
});
