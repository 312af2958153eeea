/**
 * The backup pages in a real Chromium against a real server on the dialect under test, with the
 * example rack plus a real PostgreSQL database on this machine backed up by real restic: "Back up now"
 * clicked shows the progress then the verified run, a drill gives the RTO, a run is verified again, the
 * restore dialog refuses to start a destructive restore until its confirmation is typed and restores
 * for real into a new database; an older verified run stored through the catalog makes a
 * late RPO; a website with backups off shows its reason; a viewer sees no action; French and English,
 * wide and narrow. Screenshots go to /tmp/shots/backups-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.js';
import { createRun, markVerified, markWritten } from '../../src/backup/catalog.js';
import { initDestination, readBackupPlan } from '../../src/backup/service.js';
import { applyInventory } from '../../src/inventory/apply.js';
import type { DesiredObject } from '../../src/inventory/model.js';
import { formatAge, scheduleInWords, sourcePath } from '../../ui/src/backups/backup-format.js';
import { createI18n } from '../../ui/src/i18n/i18n.js';
import { desired } from '../support/inventory-fixtures.js';
import { pgAdminQuery, TEST_DIALECT } from '../support/test-store.js';
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
const VIEWER = { username: 'lecteur', password: 'vigie-viewer-password-2026', displayName: 'Lou Lecteur' };
const PG_DB = `vigie_ui_backup_${process.pid}_${TEST_DIALECT}`;
const HOUR = 3_600_000;
const SOURCE = 'database:annuaire';
const COPY_DB = `${PG_DB}_copie`;

let server: UiServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: PageProblems;
let repoDir: string;
const previousAllow = process.env.VIGIE_OUTBOUND_ALLOW;
const translationKeys = allTranslationKeys(path.join(REPO, 'ui', 'src', 'i18n'));

async function shot(name: string): Promise<void> {
  await settled(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `backups-${name}.png`), fullPage: true });
}

async function expectNoRawKeys(): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
  const text = await page.locator('body').innerText();
  expect(
    translationKeys.filter((key) => text.includes(key)),
    `untranslated keys on ${page.url()}`,
  ).toEqual([]);
}

/** The example rack, plus a VM on this machine with a real PostgreSQL database, backed up into `repo`. */
function inventoryWithLocalDatabase(objects: readonly DesiredObject[], repo: string): DesiredObject[] {
  const db03 = objects.find((object) => object.kind === 'vm' && object.key === 'db03');
  if (db03 === undefined) throw new Error('the example has no VM db03');
  const changed = objects.map((object) => {
    if (object.kind === 'backup') {
      const spec = object.spec as {
        accounts: Record<string, unknown>;
        drill_servers: Record<string, string>;
      };
      // MariaDB loses its account: its databases show why they cannot be backed up.
      const { 'db03-mariadb': _mariadb, ...accounts } = spec.accounts;
      return {
        ...object,
        spec: {
          ...object.spec,
          destinations: [{ id: 'local', type: 'local', path: repo }],
          accounts: { ...accounts, 'labdb-postgresql': { user: 'postgres' } },
          drill_servers: { ...spec.drill_servers, postgresql: 'labdb-postgresql' },
        },
      };
    }
    if (object.kind === 'website' && object.key === 'orientation') {
      return { ...object, spec: { ...object.spec, backup: { disabled: true, reason: 'rebâti depuis Git' } } };
    }
    return object;
  });
  return [
    ...changed,
    desired('network', 'loopback', { name: 'Loopback', prefix: '127.0.0.0/8' }),
    desired('vm', 'labdb', {
      ...db03.spec,
      name: 'LABDB',
      interfaces: [{ name: 'lo', network: 'loopback', address: '127.0.0.1/8' }],
    }),
    desired('service', 'labdb-postgresql', {
      host: 'labdb',
      host_kind: 'vm',
      kind: 'postgresql',
      ports: [{ port: 5432, protocol: 'tcp' }],
    }),
    desired('database', 'annuaire', {
      engine: 'postgresql',
      server: 'labdb-postgresql',
      name: PG_DB,
      owner: 'postgres',
      visibility: 'internal',
    }),
  ];
}

/** A verified run of opendata taken 30 h ago (target 26 h), stored through the catalog: a late RPO. */
async function storeLateRun(): Promise<void> {
  const db = server.deps.store.db;
  const taken = new Date(Date.now() - 30 * HOUR);
  const id = await createRun(db, {
    source: 'database:opendata',
    sourceKind: 'postgresql',
    destination: 'local',
    trigger: 'schedule',
    actor: 'schedule',
    startedAt: taken,
  });
  await markWritten(db, id, {
    finishedAt: new Date(taken.getTime() + 42_000),
    takenAt: taken,
    artifacts: [
      {
        filename: 'opendata.pgdump',
        snapshotId: 'f'.repeat(64),
        sha256: 'ab'.repeat(32),
        bytes: 48 * 1024 * 1024,
        addedBytes: 3 * 1024 * 1024,
        reader: 'pg_restore',
      },
    ],
    sourceVersion: '15.8',
    toolVersion: 'restic 0.16.4',
    rowCounts: [{ table: 'public.jeux_de_donnees', rows: 1200 }],
    warnings: [],
  });
  await markVerified(db, id, new Date(taken.getTime() + 60_000));
}

/** Waits until the job of `kind` ends, and expects it to have ended well (its text says why not). */
async function expectJobDone(kind: string, timeout = 90_000): Promise<Locator> {
  const ended = page.locator(
    `[data-testid="backup-jobs"] [data-job-kind="${kind}"]:not([data-job-state="running"])`,
  );
  await ended.first().waitFor({ timeout });
  // biome-ignore lint/performance/useDomNodeTextContent: the visible text says why the job failed
  expect(await ended.first().getAttribute('data-job-state'), await ended.first().innerText()).toBe('done');
  return ended.first();
}

function card(source: string) {
  return page.locator(`[data-testid="backup-source"][data-source="${source}"]`);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // The dump connects from the server's process to this machine's PostgreSQL: the allowlist must say so.
  process.env.VIGIE_OUTBOUND_ALLOW = '127.0.0.0/8';
  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-ui-backup-'));
  await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB}`);
  await pgAdminQuery(`DROP DATABASE IF EXISTS ${COPY_DB}`);
  await pgAdminQuery(`CREATE DATABASE ${PG_DB}`);
  // Big enough (some tens of MB) for the backup to take a few seconds, so its progress can be seen.
  await pgAdminQuery(
    "CREATE TABLE adherents AS SELECT i AS id, md5(i::text) || md5((i * 7)::text) || repeat('x', 80) AS fiche FROM generate_series(1, 250000) i",
    PG_DB,
  );
  await applyInventory(server.deps, {
    objects: inventoryWithLocalDatabase(server.objects, path.join(repoDir, 'repo')),
    actor: 'cli:operator',
  });
  const plan = await readBackupPlan(server.deps);
  const destination = plan.destinations[0];
  if (destination === undefined) throw new Error('the backup plan has no destination');
  await initDestination(server.deps, destination, 'cli:operator');
  await storeLateRun();
  await addUser(server.deps, { ...VIEWER, role: 'viewer', actor: 'cli:operator' });
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
  await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
  await pgAdminQuery(`DROP DATABASE IF EXISTS ${COPY_DB} WITH (FORCE)`);
  if (repoDir !== undefined) fs.rmSync(repoDir, { recursive: true, force: true });
  if (previousAllow === undefined) delete process.env.VIGIE_OUTBOUND_ALLOW;
  else process.env.VIGIE_OUTBOUND_ALLOW = previousAllow;
});

describe(`backup pages in Chromium (${TEST_DIALECT})`, () => {
  it('shows every service with its RPO state, late ones first, problems and disabled sources, in French', async () => {
    await page.locator('nav a[data-section="backups"]').click();
    await expect.poll(() => page.url()).toMatch(/\/backups$/);
    await expectTextContaining(page.locator('h1'), 'Sauvegardes');
    await expectTextContaining(page.getByTestId('restore-plan-link'), 'Plan de restauration (PDF)');
    expect(await page.getByTestId('restore-plan-link').getAttribute('href')).toBe(
      '/api/v1/backups/restore-plan?format=pdf&lang=fr',
    );
    const late = card('database:opendata');
    await expectTextContaining(late.locator('[data-rpo-state="late"]'), 'En retard');
    await expectTextContaining(late.getByTestId('rpo'), '30 h');
    await expectTextContaining(late.getByTestId('rpo'), 'objectif 26 h');
    await expectTextContaining(late.getByTestId('last-run'), 'Vérifiée');
    await expectTextContaining(late, 'tous les jours à 02:00');
    // Late comes first: what needs attention leads.
    expect(await page.getByTestId('backup-source').first().getAttribute('data-source')).toBe(
      'database:opendata',
    );
    const fresh = card(SOURCE);
    await expectTextContaining(fresh.locator('[data-rpo-state="none"]'), 'Aucune sauvegarde');
    await expectTextContaining(fresh.getByTestId('last-run'), 'jamais');
    await expectTextContaining(fresh, 'PostgreSQL · sur labdb');
    await expectTextContaining(
      card('database:intranet').getByTestId('backup-problem'),
      'Ne peut pas tourner : no backup account on db03-mariadb',
    );
    await expectTextContaining(
      page.locator('[data-testid="backup-disabled"] tr[data-source="files:website-orientation"]'),
      'rebâti depuis Git',
    );
    await expectTextContaining(page.locator('[data-rpo-state="late"]').first(), 'En retard');
    await expectTextContaining(page.locator('.rpo-tile[data-state="late"]'), '1');
    await page.getByTestId('rpo-chart').and(page.locator('[data-drawn="true"]')).waitFor();
    await expectNoRawKeys();
    await shot('overview-before-fr');
  }, 60_000);

  it('backs up on a click: the job shows its stage and bytes, then the verified run and the RPO within target', async () => {
    const fresh = card(SOURCE);
    await fresh.getByTestId('backup-now').click();
    const progress = page.locator(
      '[data-testid="backup-jobs"] [data-job-kind="backup"][data-job-state="running"]',
    );
    await progress.waitFor({ timeout: 10_000 });
    await expectTextContaining(progress, 'Sauvegarde');
    await expectTextContaining(progress, SOURCE);
    await expect.poll(() => fresh.getByTestId('backup-now').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'backups-progress-fr.png') });
    const done = await expectJobDone('backup');
    await expectTextContaining(done, 'résultat : Vérifiée');
    // The end of the job refreshes the overview without a reload.
    await expectTextContaining(fresh.locator('[data-rpo-state="ok"]'), 'Dans l’objectif');
    await expectTextContaining(fresh.getByTestId('last-run'), 'Vérifiée');
    await expectTextContaining(fresh.getByTestId('last-run'), 'Mio');
  }, 120_000);

  it('drills the verified backup: the RTO is measured and the drill passed', async () => {
    const fresh = card(SOURCE);
    await fresh.getByTestId('drill-now').click();
    const done = await expectJobDone('drill');
    await expectTextContaining(done, 'résultat : Réussi');
    await expectTextContaining(fresh.getByTestId('rto'), 'Réussi');
    await expect
      .poll(() => fresh.getByTestId('rto').locator('.backup-figure').textContent())
      .toMatch(/\d\u00a0s$/);
    await expectNoRawKeys();
    await shot('overview-fr');
  }, 120_000);

  it("shows a source's runs, drills and chart, verifies a run again, and walks the restore dialog", async () => {
    await card(SOURCE).locator('.backup-card-title a').click();
    await expect.poll(() => page.url()).toMatch(/\/backups\/database\/annuaire$/);
    const planLink = page.getByTestId('restore-plan-link');
    await expect
      .poll(() => planLink.getAttribute('href'))
      .toBe('/api/v1/backups/restore-plan?format=pdf&lang=fr&source=database%3Aannuaire');
    // The link gives the generated PDF, as the browser would open it with this session.
    const pdf = await page.evaluate(
      async (href) => {
        const response = await fetch(href ?? '');
        const bytes = new Uint8Array(await response.arrayBuffer());
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          magic: String.fromCharCode(...bytes.slice(0, 5)),
        };
      },
      await planLink.getAttribute('href'),
    );
    expect(pdf).toEqual({ status: 200, type: 'application/pdf', magic: '%PDF-' });
    const runs = page.locator('[data-testid="backup-runs"] tbody tr');
    await expectCount(runs, 1, 'one run');
    const run = runs.first();
    await expectTextContaining(run, 'Vérifiée');
    // One short SHA-256 per artifact: the dump, and the roles and globals.
    expect(await run.locator('td.mono').textContent()).toMatch(/^([0-9a-f]{12})+$/);
    const drill = page.locator('[data-testid="backup-drills"] tbody tr').first();
    await expectTextContaining(drill, 'Réussi');
    await expectTextContaining(drill, 'public.adherents');
    expect(await drill.locator('[data-ok="false"]').count()).toBe(0);
    await page.getByTestId('run-history-chart').and(page.locator('[data-drawn="true"]')).waitFor();

    await run.getByTestId('verify-run').click();
    const verified = await expectJobDone('verify');
    await expectTextContaining(verified, 'résultat : Vérifiée');
    await expectNoRawKeys();
    await shot('source-fr');

    await run.getByTestId('restore-run').click();
    const dialog = page.getByTestId('restore-dialog');
    await dialog.waitFor();
    await expectTextContaining(dialog, 'Restaurer database:annuaire');
    const plan = dialog.getByTestId('restore-plan');
    const confirm = dialog.getByTestId('confirm');
    const prepare = async () => {
      await dialog.getByTestId('restore-dry-run').click();
      await plan.or(dialog.getByTestId('action-error')).first().waitFor({ timeout: 30_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: the visible text says why the plan is missing
      expect(await plan.count(), await dialog.innerText()).toBe(1);
    };
    // To its origin, a restore replaces the database: the button waits for the typed confirmation.
    await prepare();
    await expectTextContaining(plan, 'Destructive');
    await expectTextContaining(plan, `the database ${PG_DB} on labdb-postgresql`);
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('restore-confirm-input').fill('pas ça');
    expect(await confirm.isDisabled()).toBe(true);
    const expected = (await dialog.locator('label code').textContent()) ?? '';
    expect(expected).not.toBe('');
    await dialog.getByTestId('restore-confirm-input').fill(expected);
    expect(await confirm.isDisabled()).toBe(false);
    await dialog.screenshot({ path: path.join(SHOTS, 'backups-restore-destructive-fr.png') });

    // Elsewhere, into a new database: not destructive, no confirmation; it runs for real.
    await dialog.getByTestId('restore-elsewhere').check();
    expect(await plan.count()).toBe(0);
    await dialog.locator('input[name="restore-database"]').fill(COPY_DB);
    await prepare();
    await expectTextContaining(plan, 'Non destructive');
    expect(await dialog.getByTestId('restore-confirm-input').count()).toBe(0);
    await dialog.screenshot({ path: path.join(SHOTS, 'backups-restore-elsewhere-fr.png') });
    await confirm.click();
    await expectCount(page.getByTestId('restore-dialog'), 0, 'the dialog closes once the restore started');
    const restored = await expectJobDone('restore', 120_000);
    await expectTextContaining(restored, 'Restaurée');
    const rows = await pgAdminQuery<{ count: string }>('SELECT count(*) AS count FROM adherents', COPY_DB);
    expect(Number(rows[0]?.count)).toBe(250_000);
  }, 180_000);

  it('speaks English, wide and narrow', async () => {
    await page.locator('.language-switch button', { hasText: 'EN' }).click();
    await page.goto(`${server.baseUrl}/backups`);
    await expectTextContaining(page.locator('h1'), 'Backups');
    await expectTextContaining(page.getByTestId('restore-plan-link'), 'Restore plan (PDF)');
    await expectTextContaining(card('database:opendata').locator('[data-rpo-state="late"]'), 'Late');
    await expectTextContaining(card(SOURCE).locator('[data-rpo-state="ok"]'), 'Within target');
    await expectTextContaining(card(SOURCE).getByTestId('backup-now'), 'Back up now');
    await expectTextContaining(card(SOURCE).getByTestId('drill-now'), 'Restore drill');
    await expectTextContaining(card(SOURCE), 'every day at 02:00');
    await expectTextContaining(card(SOURCE).getByTestId('last-run'), 'MiB');
    await expectNoRawKeys();
    await shot('overview-en');
    await page.goto(`${server.baseUrl}/backups/database/annuaire`);
    await expectTextContaining(page.locator('[data-testid="backup-runs"] tbody tr').first(), 'Verified');
    await expectTextContaining(page.locator('[data-testid="backup-drills"] tbody tr').first(), 'Passed');
    await expectNoRawKeys();
    await shot('source-en');
    await page.goto(`${server.baseUrl}/backups/runs`);
    await expectCount(page.locator('[data-testid="backup-runs"] tbody tr'), 2, 'every run of every source');
    await shot('runs-en');
    await page.setViewportSize({ width: 900, height: 900 });
    await page.goto(`${server.baseUrl}/backups`);
    await expectTextContaining(page.locator('h1'), 'Backups');
    await shot('overview-en-narrow');
    await page.goto(`${server.baseUrl}/backups/database/annuaire`);
    await shot('source-en-narrow');
    await page.locator('.language-switch button', { hasText: 'FR' }).click();
    await page.goto(`${server.baseUrl}/backups`);
    await expectTextContaining(page.locator('h1'), 'Sauvegardes');
    await shot('overview-fr-narrow');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(problems.errors()).toEqual([]);
  }, 120_000);

  it('shows a viewer the figures and no action, and keeps developers out', async () => {
    const viewerContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const viewer = await viewerContext.newPage();
    await viewer.goto(`${server.baseUrl}/login`);
    await logIn(viewer, VIEWER);
    await viewer.getByTestId('current-user').waitFor();
    await viewer.locator('nav a[data-section="backups"]').click();
    const fresh = viewer.locator(`[data-testid="backup-source"][data-source="${SOURCE}"]`);
    await expectTextContaining(fresh.locator('[data-rpo-state="ok"]'), 'Dans l’objectif');
    expect(await viewer.getByTestId('backup-now').count()).toBe(0);
    expect(await viewer.getByTestId('drill-now').count()).toBe(0);
    // The restore plan is for everyone who reads the backups.
    await viewer.getByTestId('restore-plan-link').waitFor();
    await viewer.goto(`${server.baseUrl}/backups/database/annuaire`);
    await expectTextContaining(viewer.locator('[data-testid="backup-runs"] tbody tr').first(), 'Vérifiée');
    expect(await viewer.getByTestId('verify-run').count()).toBe(0);
    expect(await viewer.getByTestId('restore-run').count()).toBe(0);
    await viewerContext.close();

    const developerContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const developer = await developerContext.newPage();
    await developer.goto(`${server.baseUrl}/login`);
    await logIn(developer, DEVELOPER);
    await developer.getByTestId('current-user').waitFor();
    expect(await developer.locator('nav a[data-section="backups"]').count()).toBe(0);
    await developer.goto(`${server.baseUrl}/backups`);
    await developer.getByTestId('forbidden').or(developer.locator('.status-page')).first().waitFor();
    await developerContext.close();
  }, 60_000);
});

describe(`a backup that fails, in Chromium (${TEST_DIALECT})`, () => {
  it("says why on the job, in the server's words", async () => {
    await page.goto(`${server.baseUrl}/backups`);
    // DB03 is the lab's address, outside this server's allowlist: the backup cannot connect.
    await card('database:observatoire').getByTestId('backup-now').click();
    const failed = page.locator(
      '[data-testid="backup-jobs"] [data-job-kind="backup"][data-job-state="failed"]',
    );
    await failed.waitFor({ timeout: 60_000 });
    await expectTextContaining(failed, 'database:observatoire');
    await expectTextContaining(failed, 'Échec');
    await expectTextContaining(
      failed.locator('.backup-job-error'),
      'refused for backup of database:observatoire: 198.18.2.13 is outside the outbound allowlist',
    );
    await shot('failed-fr');
  }, 90_000);
});

describe('backup schedules and ages in words', () => {
  const fr = createI18n('fr').t;
  const en = createI18n('en').t;

  it('says the usual cron shapes, and leaves the others as written', () => {
    expect(scheduleInWords('0 2 * * *', fr)).toBe('tous les jours à 02:00');
    expect(scheduleInWords('0 2 * * *', en)).toBe('every day at 02:00');
    expect(scheduleInWords('0 5 * * 0', fr)).toBe('chaque dimanche à 05:00');
    expect(scheduleInWords('30 4 * * 7', en)).toBe('every Sunday at 04:30');
    expect(scheduleInWords('15 */6 * * *', fr)).toBe('toutes les 6 heures, à :15');
    expect(scheduleInWords('0 3 1 * *', en)).toBe('on day 1 of every month at 03:00');
    expect(scheduleInWords('5 * * * *', fr)).toBe('toutes les heures à :05');
    expect(scheduleInWords('*/5 1-3 * * *', fr)).toBe('*/5 1-3 * * *');
    expect(scheduleInWords('0 2 * 1 *', fr)).toBe('0 2 * 1 *');
  });

  it('gives ages in hours up to three days (RPO targets read in hours), in days beyond', () => {
    expect(formatAge(45, fr)).toBe('45 s');
    expect(formatAge(720, fr)).toBe('12 min');
    expect(formatAge(26 * 3600, fr)).toBe('26 h');
    expect(formatAge(30 * 3600 + 60, fr)).toBe('30 h 01');
    expect(formatAge(4 * 86_400 + 3 * 3600, fr)).toBe('4 j 3 h');
    expect(formatAge(4 * 86_400 + 3 * 3600, en)).toBe('4 d 3 h');
  });

  it('links each source to its page', () => {
    expect(sourcePath('database:opendata')).toBe('/backups/database/opendata');
    expect(sourcePath('files:website-intranet')).toBe('/backups/files/website-intranet');
  });
});
