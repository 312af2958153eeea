/**
 * The intervention journal and SSH host keys pages in a real Chromium, against a real server on the
 * dialect under test and a real sshd: a first connection leaves a pending key and a journal entry, the
 * key is approved through the page, a run then succeeds, and a changed host key raises an alert that the
 * page shows with both fingerprints, approved again only once the new one is typed. Screenshots go to
 * `test-artifacts/screenshots/<dialect>/remote-*.png`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors/app-error.js';
import { listHostKeys } from '../../src/remote/host-keys.js';
import type { CommandResult, RemoteHost, SshRunner } from '../../src/remote/remote-host.js';
import { createSshRunner, type SshRunnerDeps } from '../../src/remote/ssh-runner.js';
import { hostOf, remoteDeps } from '../support/remote-deps.js';
import { type SshdFixture, startSshd } from '../support/sshd.js';
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

const SHOTS = path.join(REPO, 'test-artifacts', 'screenshots', TEST_DIALECT);
const ADMIN = { username: 'admin', password: 'vigie-admin-password-2026', displayName: 'Camille Fournier' };
const DEVELOPER = { username: 'dev', password: 'vigie-developer-password-2026', displayName: 'Dév' };
const VIEWPORT = { width: 1440, height: 900 };

let server: UiServer;
let sshd: SshdFixture;
let deps: SshRunnerDeps;
let host: RemoteHost;
let browser: Browser;
let page: Page;
let problems: PageProblems;
const translationKeys = allTranslationKeys(path.join(REPO, 'ui', 'src', 'i18n'));

/** Runs `argv` on db03 with a fresh runner (a pooled connection would hide a restarted server). */
async function runOnce(argv: string[]): Promise<CommandResult | { code: string; message: string }> {
  const runner: SshRunner = createSshRunner(deps, { commandTimeoutMs: 20_000 });
  try {
    return await runner.run(host, { argv, label: argv[0] }, { actor: 'job:facts' });
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  } finally {
    await runner.close();
  }
}

async function shot(name: string, { dialog = false } = {}): Promise<void> {
  await settled(page);
  if (!dialog) await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `remote-${name}.png`), fullPage: !dialog });
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
  for (const file of fs.readdirSync(SHOTS).filter((name) => name.startsWith('remote-'))) {
    fs.rmSync(path.join(SHOTS, file));
  }
  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  sshd = await startSshd();
  deps = remoteDeps(server.testStore);
  host = await hostOf(deps, sshd, 'db03');
  browser = await launchTestBrowser();
  const context = await browser.newContext({
    viewport: VIEWPORT,
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
  await sshd?.stop();
  await server?.close();
});

describe(`journal and SSH host keys pages in Chromium (${TEST_DIALECT})`, () => {
  it('shows the refused first contact in the journal and the pending key', async () => {
    const first = await runOnce(['uptime']);
    expect(first).toMatchObject({ code: 'HOST_KEY_UNAPPROVED' });

    await page.locator('nav a[data-section="journal"]').click();
    await expect.poll(() => page.url()).toMatch(/\/journal$/);
    await expectTextContaining(page.locator('h1'), 'Journal d’interventions');
    const rows = page.locator('[data-testid="journal-entries"] tbody tr');
    await expectCount(rows, 1, 'one journal entry');
    const row = rows.first();
    expect(await row.getAttribute('data-result')).toBe('failed');
    await expectTextContaining(row, 'DB03');
    await expectTextContaining(row, 'uptime on db03');
    await expectTextContaining(row, 'Échec');
    await expectTextContaining(row.getByTestId('journal-error'), 'HOST_KEY_UNAPPROVED');
    // The start is shown in Paris time, in the French format.
    await expectTextContaining(row.locator('time'), String(new Date().getFullYear()));
    await expectNoRawKeys();
    await shot('journal-first-contact');
  }, 60_000);

  it('approves the pending key through the dialog, after which a run succeeds', async () => {
    const [pending] = await listHostKeys(deps, { host: 'db03' });
    expect(pending?.status).toBe('pending');

    await page.locator('nav a[data-section="hostkeys"]').click();
    await expectTextContaining(page.locator('h1'), 'Clés SSH des hôtes');
    const row = page.locator('[data-testid="host-keys"] tr[data-host="db03"]');
    await expectTextContaining(row, pending?.fingerprint ?? '');
    await expectTextContaining(row, 'En attente');
    await expectTextContaining(row, 'ssh-ed25519');
    await shot('hostkeys-pending');

    await row.getByTestId('approve').click();
    const dialog = page.getByTestId('approve-key');
    await expectTextContaining(dialog.getByTestId('new-fingerprint'), pending?.fingerprint ?? '');
    await expectTextContaining(dialog, 'console');
    await shot('hostkeys-approve-dialog', { dialog: true });
    await dialog.getByTestId('confirm').click();
    await expectCount(page.getByTestId('approve-key'), 0, 'the dialog closes');
    await expect.poll(() => row.getAttribute('data-status')).toBe('approved');
    await expectTextContaining(row, 'Approuvée');
    await expectTextContaining(row, ADMIN.username);

    const second = await runOnce(['echo', 'bonjour']);
    expect(second).toMatchObject({ exitCode: 0, stdout: 'bonjour\n' });

    await page.locator('nav a[data-section="journal"]').click();
    const rows = page.locator('[data-testid="journal-entries"] tbody tr');
    await expectCount(rows, 2, 'two journal entries');
    // Newest first: the successful run is on top.
    expect(await rows.first().getAttribute('data-result')).toBe('ok');
    await expectTextContaining(rows.first(), 'Réussie');
    await expectTextContaining(rows.first(), 'echo on db03');

    // The category filter narrows the list (the first contact is an operation too, the security list is empty).
    await page.getByTestId('journal-category').selectOption('security');
    await expectTextContaining(page.locator('.empty-state'), 'Aucune intervention ne correspond');
    await page.getByTestId('journal-category').selectOption('');
    await page.getByTestId('journal-host').selectOption('db03');
    await expectCount(rows, 2, 'both entries are on db03');
    await page.getByTestId('journal-host').selectOption('host04');
    await expectCount(rows, 0, 'nothing ran on host04');
    await page.getByTestId('journal-host').selectOption('');
    await expectCount(rows, 2, 'both entries again');
    await shot('journal-after-approval');
  }, 60_000);

  it('shows a changed key as an alert and re-approves it only with the new fingerprint typed', async () => {
    const [approved] = await listHostKeys(deps, { host: 'db03' });
    await sshd.restart({ newHostKey: true });
    const refused = await runOnce(['true']);
    expect(refused).toMatchObject({ code: 'HOST_KEY_MISMATCH' });
    const presented = (await listHostKeys(deps, { host: 'db03' })).find((key) => key.status === 'pending');
    expect(presented?.fingerprint).not.toBe(approved?.fingerprint);
    const newPrint = presented?.fingerprint ?? '';
    const oldPrint = approved?.fingerprint ?? '';

    await page.locator('nav a[data-section="hostkeys"]').click();
    const alerts = page.getByTestId('security-alerts');
    await expectTextContaining(alerts, 'alerte de sécurité à traiter');
    await expectTextContaining(alerts, 'Clé d’hôte changée');
    await expectTextContaining(alerts, oldPrint);
    await expectTextContaining(alerts, newPrint);
    const changedRow = page.locator(`[data-testid="host-keys"] tr[data-status="pending"][data-host="db03"]`);
    await expectTextContaining(changedRow, 'Clé changée');
    await shot('hostkeys-alert');

    await alerts.getByTestId('review-alert').first().click();
    const dialog = page.getByTestId('approve-changed-key');
    await expectTextContaining(dialog.getByTestId('old-fingerprint'), oldPrint);
    await expectTextContaining(dialog.getByTestId('new-fingerprint'), newPrint);
    const confirm = dialog.getByTestId('confirm');
    expect(await confirm.isDisabled()).toBe(true);
    // The old fingerprint is not accepted: the engineer must confirm the one the host now presents.
    await dialog.getByTestId('fingerprint-input').fill(oldPrint);
    await expectTextContaining(dialog.locator('.field-error'), 'n’est pas celle');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByTestId('fingerprint-input').fill(newPrint);
    await expect.poll(() => confirm.isDisabled()).toBe(false);
    await shot('hostkeys-reapprove-dialog', { dialog: true });
    await confirm.click();
    await expectCount(page.getByTestId('approve-changed-key'), 0, 'the dialog closes');
    await expectCount(
      page.locator('[data-testid="host-keys"] tr[data-status="pending"]'),
      0,
      'nothing pending',
    );
    await expectCount(
      page.locator('[data-testid="host-keys"] tr[data-status="replaced"]'),
      1,
      'old key replaced',
    );
    await expectTextContaining(alerts, 'traitée');

    const after = await runOnce(['echo', 'encore']);
    expect(after).toMatchObject({ exitCode: 0, stdout: 'encore\n' });

    await page.locator('nav a[data-section="journal"]').click();
    await page.getByTestId('journal-category').selectOption('security');
    const rows = page.locator('[data-testid="journal-entries"] tbody tr');
    await expectCount(rows, 1, 'one security entry');
    await expectTextContaining(rows.first(), 'Sécurité');
    await expectTextContaining(rows.first().getByTestId('journal-error'), 'HOST_KEY_MISMATCH');
    await expectNoRawKeys();
    await shot('journal-security');
    expect(problems.errors()).toEqual([]);
  }, 60_000);
});
