/**
 * Signed checkpoints of the intervention journal, on the journal page in a real Chromium against a real
 * server on the dialect under test: one is signed and downloaded, listed, verified from the file, and
 * once the newest entries are deleted behind the page's back the same file shows the journal broken.
 * Screenshots go to `test-artifacts/screenshots/<dialect>/journal-checkpoint-*.png`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEntries, deleteEntries, liftJournalGuard } from '../support/journal-tampering.js';
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

let server: UiServer;
let browser: Browser;
let page: Page;
let problems: PageProblems;
let work: string;
const translationKeys = allTranslationKeys(path.join(REPO, 'ui', 'src', 'i18n'));

async function shot(name: string): Promise<void> {
  await settled(page);
  await page.screenshot({ path: path.join(SHOTS, `journal-checkpoint-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  work = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'vigie-journal-checkpoint-'));
  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  await appendEntries(server.testStore.store, server.deps.clock, 6);
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
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe(`journal checkpoints in Chromium (${TEST_DIALECT})`, () => {
  it('signs and downloads a journal checkpoint, lists it, and verifies the journal against it', async () => {
    await page.locator('nav a[data-section="journal"]').click();
    const panel = page.getByTestId('journal-checkpoints');
    await expectTextContaining(panel, 'Points de contrôle du journal');
    await expectTextContaining(panel, 'Aucun point de contrôle du journal');
    const downloading = page.waitForEvent('download');
    await panel.getByTestId('create-checkpoint').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^vigie-journal-checkpoint-\d{4}-\d{2}-\d{2}\.json$/);
    const saved = path.join(work, download.suggestedFilename());
    await download.saveAs(saved);
    const statement = JSON.parse(fs.readFileSync(saved, 'utf8')) as { format: string; length: number };
    expect(statement).toMatchObject({ format: 'vigie-journal-checkpoint/1', length: 6 });
    await expectTextContaining(panel.getByTestId('checkpoint-created'), '(6 interventions)');
    await expectTextContaining(panel.getByTestId('journal-checkpoint-list'), '6 interventions');

    await panel.getByTestId('checkpoint-file-input').setInputFiles(saved);
    const result = panel.getByTestId('checkpoint-result');
    await expectTextContaining(result, 'Le journal prolonge bien le point de contrôle');
    await expectTextContaining(result, '6 interventions vérifiées');
    await expectTextContaining(result, '(celle de ce Vigie)');
    // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
    const text = await page.locator('body').innerText();
    expect(translationKeys.filter((key) => text.includes(key))).toEqual([]);
    await shot('verified');

    // The two newest entries deleted in the database: the journal alone looks fine, the checkpoint does not.
    await liftJournalGuard(server.testStore.store);
    await deleteEntries(server.testStore.store, 5, 6);
    await panel.getByTestId('checkpoint-file-input').setInputFiles(saved);
    await expectTextContaining(result, 'ne correspond plus au point de contrôle');
    await expectTextContaining(result, 'Chaîne tronquée');
    await expectCount(result.locator('.findings li'), 1, 'one finding: the truncation');
    await shot('truncated');
    expect(problems.errors()).toEqual([]);
  }, 60_000);

  it('shows the audit trail checkpoint panel as before, next to the journal’s', async () => {
    await page.locator('nav a[data-section="audit"]').click();
    await expectTextContaining(page.getByTestId('audit-checkpoints'), 'Points de contrôle');
    await expectCount(page.getByTestId('journal-checkpoints'), 0, 'the journal panel stays on its page');
  });
});
