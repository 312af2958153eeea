/**
 * The facts panel of a host's page in a real Chromium, against a real server on the dialect under test
 * and a real sshd standing in for DB03 (root) and Host03 (an account without sudo): never gathered,
 * "Gather now" refused until the host key is approved (the failure said plainly), then the facts with
 * their history and the package search; on Host03 the ports without processes and the problem saying
 * why. Screenshots go to /tmp/shots/facts-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyInventory } from '../../src/inventory/apply.js';
import { approveHostKey } from '../../src/remote/host-keys.js';
import { loadSecretBox } from '../../src/remote/secret-box.js';
import { storeSshKey } from '../../src/remote/secrets.js';
import { createPlainAccount, type OddAccount } from '../facts/odd-accounts.js';
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

const SHOTS = '/tmp/shots';
const ADMIN = { username: 'admin', password: 'vigie-admin-password-2026', displayName: 'Camille Fournier' };
const DEVELOPER = { username: 'dev', password: 'vigie-developer-password-2026', displayName: 'Dév' };

let server: UiServer;
let sshd: SshdFixture;
let plain: OddAccount;
let browser: Browser;
let page: Page;
let problems: PageProblems;
const translationKeys = allTranslationKeys(path.join(REPO, 'ui', 'src', 'i18n'));

/** The whole page, scrolled to the facts panel (an element shot would slide under the sticky top bar). */
async function shot(name: string): Promise<void> {
  await settled(page);
  await page.evaluate(
    "window.scrollTo(0, document.querySelector('[data-testid=host-facts]').getBoundingClientRect().top + window.scrollY - 70)",
  );
  await page.screenshot({ path: path.join(SHOTS, `facts-${TEST_DIALECT}-${name}.png`) });
}

async function openHost(kind: 'vm' | 'device', key: string): Promise<void> {
  await page.goto(`${server.baseUrl}/objects/${kind}/${key}`);
  await page.getByTestId('host-facts').waitFor();
  await settled(page);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  sshd = await startSshd();
  plain = createPlainAccount('vigie-facts-plain');
  const { deps } = server;
  await storeSshKey(
    { store: deps.store, clock: deps.clock, secretBox: loadSecretBox(deps.config) },
    { name: 'ops', privateKey: sshd.clientPrivateKey, actor: 'test' },
  );
  // DB03 and Host03 are reached on the local sshd instead of their lab addresses.
  const ssh = { address: '127.0.0.1', port: sshd.port, user: sshd.user, key: 'ops' };
  const objects = server.objects.map((object) =>
    object.kind === 'vm' && object.key === 'db03'
      ? { ...object, spec: { ...object.spec, ssh } }
      : object.kind === 'vm' && object.key === 'host03'
        ? { ...object, spec: { ...object.spec, ssh: { ...ssh, user: plain.user } } }
        : object,
  );
  await applyInventory(deps, { objects, actor: 'cli:operator' });
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
  await sshd?.stop();
  await server?.close();
  plain?.remove();
});

describe(`host facts panel in Chromium (${TEST_DIALECT})`, () => {
  it('says the facts were never gathered, then why the first gathering failed', async () => {
    await openHost('vm', 'db03');
    const panel = page.getByTestId('host-facts');
    await expectTextContaining(panel.locator('h2'), 'Faits relevés sur l’hôte');
    await expectTextContaining(panel.getByTestId('facts-never'), 'jamais été relevés');
    await shot('never');

    await panel.getByTestId('gather-facts').click();
    await expectTextContaining(panel.getByTestId('facts-last-failure'), 'Dernier relevé en échec');
    await expectTextContaining(panel.getByTestId('facts-last-failure'), 'pas encore approuvée');
    // Said once, in the last attempt, with a way to the key's review.
    await expectCount(panel.getByTestId('action-error'), 0, 'no second copy of the error');
    await panel.getByTestId('facts-hostkeys-link').waitFor();
    await shot('unapproved');
  }, 60_000);

  it('shows the facts once the key is approved, with history and package search', async () => {
    const { deps } = server;
    await approveHostKey(
      { store: deps.store, clock: deps.clock, dialect: deps.store.dialect },
      { host: 'db03', actor: 'test' },
    );
    const panel = page.getByTestId('host-facts');
    await panel.getByTestId('gather-facts').click();
    await panel.getByTestId('facts-details').waitFor();
    await expectCount(panel.getByTestId('facts-last-failure'), 0, 'the failure is gone');
    await expectTextContaining(panel.getByTestId('facts-gathered-at'), 'Relevés');
    await expectTextContaining(panel.getByTestId('facts-system'), 'Debian');
    await expectTextContaining(panel.getByTestId('facts-filesystems'), '/ (');
    const sshRow = panel.locator(`[data-testid="facts-listening"] tr[data-port="${sshd.port}"]`);
    await expectTextContaining(sshRow, 'sshd');
    await expectCount(panel.locator('[data-testid="facts-history"] tbody tr'), 1, 'one gathering');

    await panel.getByTestId('gather-facts').click();
    await expectCount(panel.locator('[data-testid="facts-history"] tbody tr'), 2, 'two gatherings');

    await panel.getByTestId('facts-packages').locator('summary').click();
    await panel.getByTestId('facts-package-search').fill('openssh-server');
    await expectTextContaining(panel.getByTestId('facts-package-matches'), '1 paquet correspond');
    await expectTextContaining(panel.getByTestId('facts-packages'), 'openssh-server');
    // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
    const text = await panel.innerText();
    expect(translationKeys.filter((key) => text.includes(key))).toEqual([]);
    expect(text).not.toMatch(/facts\.[a-z]/);
    await shot('db03');
  }, 60_000);

  it('shows ports without processes on a host where sudo is refused, and says why', async () => {
    await openHost('vm', 'host03');
    const panel = page.getByTestId('host-facts');
    const { deps } = server;
    await panel.getByTestId('gather-facts').click();
    await expectTextContaining(panel.getByTestId('facts-last-failure'), 'pas encore approuvée');
    await approveHostKey(
      { store: deps.store, clock: deps.clock, dialect: deps.store.dialect },
      { host: 'host03', actor: 'test' },
    );
    await panel.getByTestId('gather-facts').click();
    await panel.getByTestId('facts-details').waitFor();
    await expectTextContaining(panel.getByTestId('facts-problems'), 'sudo -n was refused');
    await expectTextContaining(panel.getByTestId('facts-problems'), 'ports en écoute');
    const sshRow = panel.locator(`[data-testid="facts-listening"] tr[data-port="${sshd.port}"]`);
    await expectTextContaining(sshRow, 'inconnu (sudo refusé)');
    await shot('host03-no-sudo');
  }, 60_000);

  it('speaks English on request', async () => {
    await page.locator('.language-switch button[lang="en"]').click();
    const panel = page.getByTestId('host-facts');
    await expectTextContaining(panel.locator('h2'), 'Facts read on the host');
    await expectTextContaining(panel.getByTestId('facts-problems'), 'listening ports');
    await expectTextContaining(panel.getByTestId('facts-listening'), 'unknown (sudo refused)');
    await expectTextContaining(panel.getByTestId('gather-facts'), 'Gather now');
    // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
    expect(await panel.innerText()).not.toMatch(/facts\.[a-z]/);
    await shot('host03-en');
    await page.locator('.language-switch button[lang="fr"]').click();
    expect(problems.errors()).toEqual([]);
  }, 60_000);
});
