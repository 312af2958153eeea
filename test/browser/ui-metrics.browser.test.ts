/**
 * Host metrics in a real Chromium, against a real server on the dialect under test with the example
 * inventory and ten days of synthetic readings ending now (every 10 minutes, rolled up like the
 * schedule does): DB03's page draws its CPU, load, memory and filesystem charts with thresholds and a
 * fill forecast, a reading on demand that cannot reach the host says why, and the capacity page ranks
 * every filesystem by days to full, in French and in English. Screenshots go to /tmp/shots/metrics-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpAndPrune } from '../../src/metrics/rollup.js';
import { GiB } from '../support/inventory-fixtures.js';
import { seedMetrics } from '../support/metrics-samples.js';
import { TEST_DIALECT } from '../support/test-store.js';
import {
  expectCount,
  expectTextContaining,
  logIn,
  type PageProblems,
  pageProblems,
  settled,
} from './page-checks.js';
import { launchTestBrowser } from './test-browser.js';
import { startUiServer, type UiServer } from './ui-server.js';

const SHOTS = '/tmp/shots';
const ADMIN = { username: 'admin', password: 'vigie-admin-password-2026', displayName: 'Camille Fournier' };
const DEVELOPER = { username: 'dev', password: 'vigie-developer-password-2026', displayName: 'Dév' };

let server: UiServer;
let browser: Browser;
let page: Page;
let problems: PageProblems;

async function shot(name: string): Promise<void> {
  await settled(page);
  await expect.poll(() => page.locator('[data-drawn="false"]').count(), { timeout: 10_000 }).toBe(0);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `metrics-${name}-${TEST_DIALECT}.png`), fullPage: true });
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  // Whole minutes, so that two runs draw the same shapes; the server reads "now" from the system clock.
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const store = server.deps.store;
  await seedMetrics(store, {
    host: 'db03',
    end,
    days: 10,
    stepMinutes: 10,
    cpuCount: 8,
    memoryTotalBytes: 32 * GiB,
    cpuAt: (d) => 35 + 25 * Math.sin(2 * Math.PI * d) + (d > 9.9 ? 55 : 0),
    memoryUsedAt: (d) => (22 + 4 * Math.sin(2 * Math.PI * d)) * GiB,
    filesystems: [
      { mountpoint: '/', capacityBytes: 40 * GiB, usedAt: () => 14 * GiB },
      // The databases grow 3 GiB a day on 250 GiB: full in about two weeks.
      { mountpoint: '/var/lib/postgresql', capacityBytes: 250 * GiB, usedAt: (d) => 180 * GiB + d * 3 * GiB },
    ],
  });
  await seedMetrics(store, {
    host: 'host03',
    end,
    days: 10,
    stepMinutes: 10,
    filesystems: [
      { mountpoint: '/', capacityBytes: 40 * GiB, usedAt: () => 11 * GiB },
      { mountpoint: '/var/www', capacityBytes: 100 * GiB, usedAt: (d) => 40 * GiB + d * 0.8 * GiB },
    ],
  });
  await seedMetrics(store, {
    host: 'host04',
    end,
    days: 10,
    stepMinutes: 10,
    filesystems: [{ mountpoint: '/', capacityBytes: 40 * GiB, usedAt: (d) => 30 * GiB - d * 0.2 * GiB }],
  });
  await rollUpAndPrune(store, end);
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

describe(`host metrics pages in Chromium (${TEST_DIALECT})`, () => {
  it("draws DB03's metrics with thresholds, breaches and the fill forecast", async () => {
    await page.goto(`${server.baseUrl}/objects/vm/db03`);
    const panel = page.getByTestId('metrics-panel');
    await expectTextContaining(panel.locator('h2'), 'Métriques');
    await expectTextContaining(panel.getByTestId('metrics-last-reading'), 'Dernière mesure');
    for (const chart of ['chart-cpu', 'chart-load', 'chart-memory']) {
      await expect.poll(() => panel.getByTestId(chart).locator('svg path').count()).toBeGreaterThan(2);
    }
    const filesystems = panel.getByTestId('filesystem-chart');
    await expectCount(filesystems, 2, 'two filesystems');
    const pg = panel.locator('[data-testid="filesystem-chart"][data-mountpoint="/var/lib/postgresql"]');
    // 210 GiB of 250 used at +3 GiB a day: about 13 days, within the 30-day warning.
    await expectTextContaining(pg, 'Plein le');
    await expectTextContaining(pg, 'confiance élevée');
    await expectTextContaining(pg.locator('figcaption'), 'Alerte');
    // The threshold lines are drawn and labelled inside the chart.
    await expect.poll(() => pg.locator('svg').textContent()).toContain('Critique');
    const breaches = panel.getByTestId('metrics-breaches');
    await expectTextContaining(breaches, 'Disque plein bientôt');
    await expectTextContaining(breaches, 'CPU');
    await shot('host-24h');

    await panel.locator('button[data-range="30d"]').click();
    await expect
      .poll(() => panel.locator('button[data-range="30d"]').getAttribute('aria-pressed'))
      .toBe('true');
    await settled(page);
    await shot('host-30d');
  }, 60_000);

  it('says why a reading on demand could not reach the host', async () => {
    const panel = page.getByTestId('metrics-panel');
    await panel.getByTestId('metrics-collect').click();
    const failed = panel.getByTestId('metrics-collection-failed');
    await expectTextContaining(failed, 'Échec de la dernière mesure');
    // The test server has no SSH key stored: the reading stops there, and says so.
    await expectTextContaining(failed, 'NOT_FOUND');
    await expectTextContaining(failed, 'No SSH key named default is stored');
    await expectTextContaining(failed, 'Dernière mesure réussie');
    await shot('host-collect-failed');
  }, 60_000);

  it('ranks every filesystem by days to full, in French then in English', async () => {
    await page.locator('nav a[data-section="capacity"]').click();
    await expectTextContaining(page.locator('h1'), 'Capacité');
    const rows = page.locator('[data-testid="capacity-table"] tbody tr');
    await expectCount(rows, 5, 'five filesystems');
    expect(await rows.nth(0).getAttribute('data-mountpoint')).toBe('/var/lib/postgresql');
    expect(await rows.nth(0).getAttribute('data-level')).toBe('warning');
    expect(await rows.nth(1).getAttribute('data-mountpoint')).toBe('/var/www');
    await expectTextContaining(rows.nth(1), 'Plein le');
    await expectTextContaining(rows.nth(4), 'Ne se remplit pas');
    await expect.poll(() => page.getByTestId('days-to-full').locator('svg path').count()).toBeGreaterThan(1);
    await shot('capacity-fr');

    await page.locator('.language-switch button[lang="en"]').click();
    await expectTextContaining(page.locator('h1'), 'Capacity');
    await expectTextContaining(rows.nth(0), 'Full on');
    await expectTextContaining(rows.nth(4), 'Not filling');
    await shot('capacity-en');
    await page.goto(`${server.baseUrl}/objects/vm/db03`);
    await expectTextContaining(page.getByTestId('metrics-panel'), 'Disk full soon');
    await shot('host-en');
    await page.locator('.language-switch button[lang="fr"]').click();
    expect(problems.errors()).toEqual([]);
  }, 60_000);
});
