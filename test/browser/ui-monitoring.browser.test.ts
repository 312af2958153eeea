/**
 * What people see of monitoring, in a real Chromium against a real server on the dialect under test
 * with the example inventory and a day of check results written through the real engine (a fixed
 * clock at the start of the minute): Host04 has been cut off for 10 minutes (its websites shown as
 * unreachable because of it), the public database `opendata` refuses connections, Host03 is in
 * maintenance. The overview, checks, a check's chart, incidents (acknowledged with a comment),
 * maintenance (planned in the dialog), the month's availability and the public status page (no
 * session, no internal address) are checked in French and English. Screenshots: /tmp/shots/monitoring-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryChecks } from '../../src/monitoring/inventory-checks.js';
import { addMaintenanceWindow } from '../../src/monitoring/maintenance.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { seedCheckResults } from '../monitoring/seed-views.js';
import { TEST_DIALECT } from '../support/test-store.js';
import {
  allTranslationKeys,
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
const MINUTE = 60_000;
const translationKeys = allTranslationKeys(path.join(REPO, 'ui', 'src', 'i18n')).filter((key) =>
  key.startsWith('monitoring.'),
);

let server: UiServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: PageProblems;

async function shot(target: Page, name: string): Promise<void> {
  await settled(target);
  await expect.poll(() => target.locator('[data-drawn="false"]').count(), { timeout: 10_000 }).toBe(0);
  await target.evaluate('window.scrollTo(0, 0)');
  await target.screenshot({
    path: path.join(SHOTS, `monitoring-${name}-${TEST_DIALECT}.png`),
    fullPage: true,
  });
}

async function expectNoRawKeys(target: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
  const text = await target.locator('body').innerText();
  expect(
    translationKeys.filter((key) => text.includes(key)),
    `untranslated keys on ${target.url()}`,
  ).toEqual([]);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  const nowMs = Math.floor(Date.now() / MINUTE) * MINUTE;
  const deps: CoreDeps = { ...server.deps, clock: { now: () => new Date(nowMs) } };
  const behindHost04 = (id: string) =>
    id === 'vm/host04/ping' ||
    id === 'vm/host04/ssh' ||
    /^website\/(intranet|orientation|site-institutionnel)\/(http|tls)$/.test(id);
  await seedCheckResults(deps, [
    { checks: behindHost04, fromAgoMin: 10, toAgoMin: 0, message: '100% packet loss' },
    {
      checks: (id) => id === 'database/opendata/postgres',
      fromAgoMin: 15,
      toAgoMin: 0,
      message: 'connect ECONNREFUSED 198.18.0.13:5432',
    },
    {
      checks: (id) => id === 'website/observatoire/http',
      fromAgoMin: 300,
      toAgoMin: 270,
      message: 'HTTP 502 Bad Gateway',
    },
  ]);
  const iso = (ms: number) => new Date(ms).toISOString();
  await addMaintenanceWindow(
    deps,
    {
      title: 'Mises à jour Debian 12.8',
      scope: { kind: 'host', value: 'host03' },
      start: iso(nowMs - 10 * MINUTE),
      end: iso(nowMs + 50 * MINUTE),
    },
    'user:admin',
  );
  await addMaintenanceWindow(
    deps,
    {
      title: 'Passage à PHP 8.3',
      scope: { kind: 'object', value: 'website/intranet' },
      start: iso(nowMs + 26 * 60 * MINUTE),
      end: iso(nowMs + 28 * 60 * MINUTE),
    },
    'user:admin',
  );
  browser = await launchTestBrowser();
  context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  page = await context.newPage();
  problems = pageProblems(page);
  await page.goto(`${server.baseUrl}/login`);
  await logIn(page, ADMIN);
  await page.getByTestId('current-user').waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`monitoring pages in Chromium (${TEST_DIALECT})`, () => {
  it('shows the live overview: tiles, maintenance banner, open incidents with their suppression label', async () => {
    await page.locator('nav a[data-section="monitoring"]').click();
    await expectTextContaining(page.locator('h1'), 'Supervision');
    const tiles = page.getByTestId('state-tiles');
    await expectTextContaining(tiles.locator('[data-state="down"]'), '9');
    await expectTextContaining(page.getByTestId('maintenance-banner'), 'Mises à jour Debian 12.8');
    const incidents = page.locator('[data-testid="incident-table"] tbody tr');
    // Host04's ping and the database open incidents; the rest behind Host04 is "unreachable because of Host04".
    await expect.poll(() => incidents.count()).toBeGreaterThanOrEqual(2);
    await expectTextContaining(
      page.locator('[data-incident="website/intranet/http"]'),
      'injoignable à cause de Host04',
    );
    await expectTextContaining(page.getByTestId('recent-changes'), 'database/opendata/postgres');
    await expectNoRawKeys(page);
    await shot(page, 'overview');
  }, 60_000);

  it('polls an unchanged overview for a 304: the browser sends back the tag the server keeps', async () => {
    const polled = page.waitForResponse((response) => response.url().endsWith('/api/v1/monitoring/overview'));
    await page.reload();
    const response = await polled;
    const sent = await response.request().headerValue('if-none-match');
    expect(sent).not.toBeNull();
    expect(await response.headerValue('etag')).toBe(sent);
    await page.getByTestId('state-tiles').waitFor();
  }, 60_000);

  it('acknowledges an incident with a comment', async () => {
    const row = page.locator('[data-incident="database/opendata/postgres"]');
    await row.getByTestId('ack-button').click();
    const dialog = page.getByTestId('ack-dialog');
    await expect.poll(() => dialog.getByTestId('ack-submit').isDisabled()).toBe(true);
    await dialog.getByTestId('ack-comment').fill('PostgreSQL relancé, surveillance en cours');
    await shot(page, 'ack-dialog');
    await dialog.getByTestId('ack-submit').click();
    await expectTextContaining(row, 'PostgreSQL relancé');
    await expectTextContaining(row, 'Pris en charge');
  }, 60_000);

  it('filters and pages the checks, then draws a check’s response time and state history', async () => {
    const firstPage = page.waitForResponse((response) => response.url().includes('/api/v1/checks?'));
    await page.locator('[data-tab="checks"]').click();
    // The server pages the checks: the browser never gets them all.
    const listed = await firstPage;
    expect(new URL(listed.url()).searchParams.get('limit')).toBe('25');
    expect(((await listed.json()) as { items: unknown[] }).items.length).toBeLessThanOrEqual(25);
    const rows = page.locator('[data-testid="checks-table"] tbody tr');
    await expectCount(rows, 25, 'a first page of 25 checks');
    await page.getByTestId('checks-pager').waitFor();
    await page.getByTestId('filter-host').selectOption('host04');
    // Host04's own checks and its websites': counted from the inventory, as the server pages them.
    const host04 = (await inventoryChecks(server.deps)).checks.filter((check) => check.host === 'host04');
    await expectCount(rows, host04.length, 'the checks of Host04');
    await page.getByTestId('filter-state').selectOption('down');
    await expectCount(rows, 8, 'the DOWN checks of Host04');
    await shot(page, 'checks');
    await page.getByTestId('filter-host').selectOption('');
    await page.getByTestId('filter-state').selectOption('');
    await page.getByTestId('filter-kind').selectOption('http');
    await page.locator('[data-check="website/observatoire/http"] a').click();
    await expectTextContaining(page.getByTestId('check-summary'), 'Observatoire');
    const chart = page.getByTestId('response-time-chart');
    await expect.poll(() => chart.locator('svg path').count()).toBeGreaterThan(3);
    await expectTextContaining(page.getByTestId('state-history'), 'HTTP 502 Bad Gateway');
    await shot(page, 'check-24h');
    await page.locator('button[data-range="7d"]').click();
    await expect
      .poll(() => page.locator('button[data-range="7d"]').getAttribute('aria-pressed'))
      .toBe('true');
    await shot(page, 'check-7d');
  }, 60_000);

  it('lists incidents open and resolved', async () => {
    await page.locator('[data-tab="incidents"]').click();
    await page.locator('button[data-filter="resolved"]').click();
    await expectTextContaining(page.locator('[data-incident="website/observatoire/http"]'), 'Résolu');
    await page.locator('button[data-filter="all"]').click();
    await expectTextContaining(page.getByTestId('incident-table'), 'opendata');
    await shot(page, 'incidents');
  }, 60_000);

  it('plans a recurring maintenance window, shows it, and ends one', async () => {
    await page.locator('[data-tab="maintenance"]').click();
    await expectCount(page.locator('[data-testid="maintenance-table"] tbody tr'), 2, 'two current windows');
    await page.getByTestId('maintenance-add').click();
    const dialog = page.getByTestId('maintenance-dialog');
    await dialog.getByTestId('maintenance-title').fill('Sauvegarde hebdomadaire');
    await dialog.getByTestId('maintenance-scopeKind').selectOption('tag');
    await dialog.getByTestId('maintenance-scopeValue').fill('databases');
    await dialog.getByTestId('maintenance-recurring').check();
    await dialog.getByTestId('maintenance-cron').fill('0 2 * * 0');
    await dialog.getByTestId('maintenance-duration').fill('nonsense');
    await dialog.getByTestId('maintenance-submit').click();
    await dialog.getByTestId('action-error').waitFor();
    await shot(page, 'maintenance-dialog-error');
    await dialog.getByTestId('maintenance-duration').fill('2h');
    await dialog.getByTestId('maintenance-submit').click();
    await expectCount(page.locator('[data-testid="maintenance-table"] tbody tr'), 3, 'three current windows');
    await expectTextContaining(page.locator('[data-window="Sauvegarde hebdomadaire"]'), '0 2 * * 0');
    await shot(page, 'maintenance');
    await page.locator('[data-window="Mises à jour Debian 12.8"]').getByTestId('maintenance-end').click();
    await expectCount(page.locator('[data-testid="maintenance-table"] tbody tr'), 2, 'the ended one is gone');
  }, 60_000);

  it('gives the month’s availability per service with a chart and the incidents behind it', async () => {
    await page.locator('[data-tab="sla"]').click();
    await expectTextContaining(page.locator('h1'), 'Disponibilité');
    const row = page.locator('[data-service="website/observatoire"]');
    await expectTextContaining(row, 'HTTP 502 Bad Gateway');
    const figure = await row.getByTestId('sla-figure').innerText();
    expect(figure).toMatch(/^\d{2},\d{2,3}\s?%$/);
    await expect.poll(() => page.getByTestId('sla-chart').locator('svg path').count()).toBeGreaterThan(3);
    await expectNoRawKeys(page);
    await shot(page, 'sla');
  }, 60_000);

  it('speaks English on every monitoring page when asked', async () => {
    await page.locator('.language-switch button[lang="en"]').click();
    await expectTextContaining(page.locator('h1'), 'Availability');
    await shot(page, 'sla-en');
    await page.locator('[data-tab="overview"]').click();
    await expectTextContaining(page.locator('h1'), 'Monitoring');
    await expectTextContaining(
      page.locator('[data-incident="website/intranet/http"]'),
      'unreachable because of Host04',
    );
    await expectNoRawKeys(page);
    await shot(page, 'overview-en');
    await page.locator('.language-switch button[lang="fr"]').click();
    await expectTextContaining(page.locator('h1'), 'Supervision');
    expect(problems.errors()).toEqual([]);
  }, 60_000);

  it('shows the public status page without a session, in French then English, with no internal detail', async () => {
    const anonymous = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    const visitor = await anonymous.newPage();
    const visitorProblems = pageProblems(visitor);
    await visitor.goto(`${server.baseUrl}/status`);
    const main = visitor.getByTestId('public-status');
    await expectTextContaining(main.locator('h1'), 'CARIF-OREF');
    await expectTextContaining(visitor.getByTestId('status-overall'), 'Certains services sont indisponibles');
    const services = visitor.locator('[data-testid="status-services"] .service-row');
    // Six websites and the one public database.
    await expectCount(services, 7, 'the public services');
    await expectTextContaining(visitor.getByTestId('status-maintenance'), 'Passage à PHP 8.3');
    await expectTextContaining(visitor.getByTestId('status-incidents'), 'résolu en');
    // Intranet's http and tls checks failed together: one outage for the public.
    await expectCount(
      visitor.locator('[data-testid="status-incidents"] tr', { hasText: 'Intranet' }),
      1,
      'one incident per service and outage',
    );
    // biome-ignore lint/performance/useDomNodeTextContent: what a visitor can read
    const text = await visitor.locator('body').innerText();
    for (const internal of [
      '198.18.',
      'ECONNREFUSED',
      'Host04',
      'DB03',
      'host04',
      'Debian 12.8',
      'observatoire/http',
    ])
      expect(text, internal).not.toContain(internal);
    expect(visitor.url()).toMatch(/\/status$/);
    await expectNoRawKeys(visitor);
    await shot(visitor, 'status-fr');
    await visitor.goto(`${server.baseUrl}/status?lang=en`);
    await expectTextContaining(visitor.getByTestId('status-overall'), 'Some services are unavailable');
    await expectTextContaining(visitor.getByTestId('status-incidents'), 'resolved after');
    await shot(visitor, 'status-en');
    expect(visitorProblems.errors()).toEqual([]);
    await anonymous.close();
  }, 60_000);
});
