/**
 * The web interface's write side in a real Chromium, against a real server on the dialect under test:
 * inventory files checked, planned and applied (and refused when the store moved under the plan), accounts
 * created and disabled, API tokens created and revoked, audit checkpoints downloaded and verified, and the
 * buttons each role may not use kept out of sight. Screenshots go to
 * `test-artifacts/screenshots/<dialect>/write-*.png`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/users.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { TEST_DIALECT } from '../support/test-store.js';
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
const EXAMPLE = path.join(REPO, 'examples', 'gip-paca');
const ADMIN = { username: 'admin', password: 'vigie-admin-password-2026', displayName: 'Camille Fournier' };
const DEVELOPER = { username: 'dev', password: 'vigie-developer-password-2026', displayName: 'Dév' };
const VIEWER = { username: 'lecteur', password: 'vigie-viewer-password-2026', displayName: 'Lucie Lecteur' };
const MANAGER = { username: 'sophie', password: 'vigie-manager-password-2026', displayName: 'Sophie Arnaud' };
const VIEWPORT = { width: 1440, height: 900 };
const GiB = 1024 ** 3;
/** DB03's memory in the uploaded files; the store holds twice the example's (the server's second apply). */
const NEW_DB_MEMORY = 48 * GiB;
const NEW_WEBSITE = 'annuaire';

let server: UiServer;
let baseUrl: string;
let browser: Browser;
let adminContext: BrowserContext;
let page: Page;
let problems: PageProblems;
let work: string;
const translationKeys = allTranslationKeys(path.join(REPO, 'ui', 'src', 'i18n'));

/** Saves `write-<name>.png`; a page with a dialog open is shot as the user sees it (the backdrop covers the viewport). */
async function shot(target: Page, name: string, { dialog = false } = {}): Promise<void> {
  await settled(target);
  // A page scrolled down (by a click far below) would be drawn with its sticky top bar mid-way.
  if (!dialog) await target.evaluate('window.scrollTo(0, 0)');
  await target.screenshot({ path: path.join(SHOTS, `write-${name}.png`), fullPage: !dialog });
}

async function frenchContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
}

async function expectNoRawKeys(target: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
  const text = await target.locator('body').innerText();
  expect(
    translationKeys.filter((key) => text.includes(key)),
    `untranslated keys on ${target.url()}`,
  ).toEqual([]);
}

/** `48 Gio`, as the French interface writes sizes. */
function gio(bytes: number): string {
  return `${bytes / GiB}\u00a0Gio`;
}

/** Copies the example into `work/<name>`, with `edit(file, text)` applied to each file's text. */
function exampleCopy(name: string, edit: (file: string, text: string) => string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(EXAMPLE).filter((entry) => entry.endsWith('.yaml'))) {
    fs.writeFileSync(path.join(dir, file), edit(file, fs.readFileSync(path.join(EXAMPLE, file), 'utf8')));
  }
  return dir;
}

/** Replaces the first `field: …` line after `name: <vm>` in vms.yaml. */
function setVmField(text: string, vm: string, field: string, value: string): string {
  const start = text.indexOf(`name: ${vm}\n`);
  if (start === -1) throw new Error(`no VM ${vm} in vms.yaml`);
  const pattern = new RegExp(`(\\n\\s+${field}: )[^\\n]*`);
  const tail = text.slice(start).replace(pattern, `$1${value}`);
  return text.slice(0, start) + tail;
}

const NEW_WEBSITE_YAML = `
  - id: ${NEW_WEBSITE}
    name: Annuaire des organismes
    domains: [annuaire.gip-paca.test]
    host: host04
    service: host04-nginx
    tls: { mode: acme }
    document_root: /var/www/annuaire/public
    php_version: "8.2"
`;

/** The example with DB03 at 48 GiB and one more website. */
function changedInventory(
  name: string,
  extra: (file: string, text: string) => string = (_f, t) => t,
): string {
  return exampleCopy(name, (file, text) => {
    let edited = text;
    if (file === 'vms.yaml') edited = setVmField(edited, 'DB03', 'memory', '48GiB');
    if (file === 'websites.yaml') edited = `${edited.trimEnd()}\n${NEW_WEBSITE_YAML}`;
    return extra(file, edited);
  });
}

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => path.join(dir, file));
}

/** `file:line:column` of the first occurrence of `needle` in `text`. */
function locate(file: string, text: string, needle: string): string {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(needle));
  if (line === -1) throw new Error(`${needle} not in ${file}`);
  return `${file}:${line + 1}:${(lines[line] ?? '').indexOf(needle) + 1}`;
}

async function newPageAs(account: { username: string; password: string }): Promise<{
  context: BrowserContext;
  tab: Page;
  tabProblems: PageProblems;
}> {
  const context = await frenchContext();
  const tab = await context.newPage();
  const tabProblems = pageProblems(tab);
  await tab.goto(`${baseUrl}/login`);
  await logIn(tab, account);
  await tab.getByTestId('current-user').waitFor();
  return { context, tab, tabProblems };
}

/** Panels clip what is too wide for them: every button of the page must lie inside its panel. */
async function expectNothingClipped(target: Page): Promise<void> {
  for (const panel of await target.locator('main .panel').all()) {
    const frame = await panel.boundingBox();
    for (const button of await panel.locator('button:visible').all()) {
      const box = await button.boundingBox();
      expect(
        (box?.x ?? 0) + (box?.width ?? 0),
        `${await button.textContent()} is cut off`,
      ).toBeLessThanOrEqual((frame?.x ?? 0) + (frame?.width ?? 0) + 0.5);
    }
  }
}

function navSections(target: Page): Promise<(string | null)[]> {
  return attributeValues(target.locator('nav a[data-section]'), 'data-section');
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  // Only this file's screenshots: the read-side browser test writes to the same folder.
  for (const file of fs.readdirSync(SHOTS).filter((name) => name.startsWith('write-'))) {
    fs.rmSync(path.join(SHOTS, file));
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-ui-write-'));

  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  baseUrl = server.baseUrl;
  await addUser(server.deps, { ...VIEWER, role: 'viewer', actor: 'cli:operator' });
  await addUser(server.deps, {
    ...MANAGER,
    role: 'customer_manager',
    personKey: 'sophie-arnaud',
    actor: 'cli:operator',
  });

  browser = await launchTestBrowser();
  adminContext = await frenchContext();
  await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  page = await adminContext.newPage();
  problems = pageProblems(page);
  await page.goto(`${baseUrl}/login`);
  await logIn(page, ADMIN);
  await page.getByTestId('current-user').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

describe(`web interface, write side, in Chromium (${TEST_DIALECT})`, () => {
  it('plans uploaded inventory files as a diff of exactly what they change, and applies it', async () => {
    // Seen once before the apply, so that the page is in the cache with the old memory.
    await page.goto(`${baseUrl}/objects/vm/db03`);
    await expectText(page.locator('main'), new RegExp(`Mémoire\\s+${gio(server.dbMemory * 2)}`));

    await page.locator('nav a[data-section="inventory"]').click();
    await expectText(page.locator('h1'), 'Inventaire');
    await page.getByTestId('inventory-file-input').setInputFiles(yamlFiles(changedInventory('changed')));

    const plan = page.getByTestId('plan-view');
    await plan.waitFor();
    await expectCount(plan.locator('[data-action]'), 2, 'plan entries');
    const vmChange = plan.locator('[data-action="change"][data-key="db03"]');
    await expectCount(vmChange.locator('[data-testid="field-changes"] tbody tr'), 1, 'fields changed');
    await expectText(
      vmChange.locator('[data-testid="field-changes"] tbody tr'),
      `Mémoire\t${gio(server.dbMemory * 2)}\t→\t${gio(NEW_DB_MEMORY)}`,
    );
    const added = plan.locator(`[data-action="add"][data-key="${NEW_WEBSITE}"]`);
    await expectTextContaining(added, 'Annuaire des organismes');
    await expectTextContaining(added, 'annuaire.gip-paca.test');
    await expectTextContaining(plan.locator('[data-kind="website"] h3'), 'Sites web');
    const totals = page.getByTestId('plan-panel').getByTestId('plan-totals').first();
    await expectTextContaining(totals, '1 ajout');
    await expectTextContaining(totals, '1 modification');
    await expectTextContaining(totals, '0 suppression');
    await expectNoRawKeys(page);
    await shot(page, '01-plan');

    await page.getByTestId('apply-button').click();
    const dialog = page.getByTestId('apply-dialog');
    await expectTextContaining(dialog, '1 ajout');
    await expectText(dialog.getByTestId('confirm'), 'Appliquer 2 changements');
    await shot(page, '02-apply-confirm', { dialog: true });
    await dialog.getByTestId('confirm').click();

    const revisionLink = page.getByTestId('applied-revision');
    await expectText(revisionLink, /^Révision n° \d+ appliquée :$/);
    const revisionId = Number(/(\d+)$/.exec((await revisionLink.getAttribute('href')) ?? '')?.[1]);
    expect(revisionId).toBeGreaterThan(0);
    const history = page.getByTestId('revision-history');
    await expect
      .poll(() => history.locator('tr[data-revision]').first().getAttribute('data-revision'))
      .toBe(String(revisionId));
    await expectTextContaining(history.locator('tr[data-revision]').first(), 'admin');
    await shot(page, '03-applied');

    // Every cached page shows the new data: the VM page read before the apply now says 48 GiB.
    await page.getByTestId('applied-panel').locator('a[href="/objects/vm/db03"]').click();
    await expectText(page.locator('main'), new RegExp(`Mémoire\\s+${gio(NEW_DB_MEMORY)}`));
    await expectTextContaining(page.getByTestId('audit-history'), `révision n° ${revisionId}`);
    await shot(page, '04-vm-after-apply');

    await page.goto(`${baseUrl}/inventory/revisions/${revisionId}`);
    await expectText(page.locator('h1'), `Révision n° ${revisionId}`);
    await expectCount(page.getByTestId('plan-view').locator('[data-action]'), 2);
    await shot(page, '05-revision');
  }, 90_000);

  it('explains a plan that went stale before the apply, and re-plans on request', async () => {
    await page.goto(`${baseUrl}/inventory`);
    const bigger = changedInventory('changed-again', (file, text) =>
      file === 'vms.yaml' ? setVmField(text, 'Host04', 'memory', '24GiB') : text,
    );
    await page.getByTestId('inventory-file-input').setInputFiles(yamlFiles(bigger));
    await expectCount(page.getByTestId('plan-view').locator('[data-action]'), 1, 'only Host04 changes');

    // Someone applies other files meanwhile (the example as it ships).
    await applyInventory(server.deps, { objects: server.objects, actor: 'cli:operator' });
    await page.getByTestId('apply-button').click();
    await page.getByTestId('apply-dialog').getByTestId('confirm').click();
    const conflict = page.getByTestId('plan-conflict');
    await expectTextContaining(conflict, 'Le plan n’est plus à jour, rien n’a été appliqué.');
    await expectCount(page.getByTestId('apply-dialog'), 0, 'dialog closed');
    await expect.poll(() => page.getByTestId('apply-button').isDisabled()).toBe(true);
    await shot(page, '06-plan-conflict');

    await conflict.locator('button', { hasText: 'Recalculer le plan' }).click();
    // Against the store as it is now: DB03 and the website again, and Host04.
    await expectCount(page.getByTestId('plan-view').locator('[data-action]'), 3, 'entries after re-plan');
    await page.getByTestId('apply-button').click();
    await page.getByTestId('apply-dialog').getByTestId('confirm').click();
    await expectText(page.getByTestId('applied-revision'), /^Révision n° \d+ appliquée :$/);
  }, 60_000);

  it('lists every mistake of a chosen folder, located, and plans nothing', async () => {
    let vms = '';
    const bad = exampleCopy('bad', (file, text) => {
      if (file !== 'vms.yaml') return text;
      vms = setVmField(
        setVmField(setVmField(text, 'DB03', 'hypervisor', 'virtualwan99'), 'DB03', 'vcpu', 'eight'),
        'DB03',
        'memory',
        '32 parsecs',
      );
      return vms;
    });
    await page.getByRole('button', { name: 'Appliquer d’autres fichiers' }).click();
    await page.getByTestId('inventory-folder-input').setInputFiles(bad);
    const list = page.getByTestId('problem-list');
    await list.waitFor();
    const expected = ['virtualwan99', 'eight', '32 parsecs'].map((needle) =>
      locate('bad/vms.yaml', vms, needle),
    );
    await expect.poll(() => list.getByTestId('problem-location').allInnerTexts()).toEqual(expected);
    await expectCount(list.locator('[data-severity="error"]'), 3);
    await expectTextContaining(list.locator('li').first(), 'vms[0].hypervisor');
    await expectTextContaining(list.locator('li').first(), 'virtualwan03');
    await expectTextContaining(page.getByTestId('problems-panel'), '3 erreurs');
    await expectCount(page.getByTestId('plan-view'), 0);
    await expectCount(page.getByTestId('apply-button'), 0);
    await expectTextContaining(page.getByTestId('chosen-files'), 'bad/vms.yaml');

    // Dropped on the page: what is not YAML is left out, and the page says so.
    await page.evaluate(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['# notes'], 'README.md', { type: 'text/markdown' }));
      const zone = document.querySelector('[data-testid="drop-zone"]');
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    })()`);
    await expectTextContaining(page.getByTestId('ignored-files'), '1 fichier ignoré');
    await expectTextContaining(page.getByTestId('ignored-files'), 'README.md');
    await expectCount(page.getByTestId('chosen-files').locator('li'), 11);
    await expectNoRawKeys(page);
    await shot(page, '07-problems');
  });

  it('creates a developer account with a password shown once, which then logs in', async () => {
    await page.locator('nav a[data-section="users"]').click();
    await page.getByTestId('add-user').click();
    const form = page.getByTestId('create-user');

    // The server's refusals, in French, next to the field concerned.
    await form.locator('input[name="username"]').fill('admin');
    await form.locator('input[name="password-mode"][value="type"]').check();
    await form.locator('input[name="password"]').fill('court');
    await form.getByTestId('create-user-submit').click();
    await expectText(form.locator('.field-error'), 'Mot de passe trop court : au moins 12 caractères.');
    await form.locator('input[name="password-mode"][value="generate"]').check();
    await form.getByTestId('create-user-submit').click();
    await expectText(
      form.locator('.field-error'),
      'Un compte « admin » existe déjà : choisissez un autre identifiant.',
    );
    await shot(page, '08-account-duplicate', { dialog: true });

    await form.locator('input[name="username"]').fill('lea.fabre');
    await form.locator('input[name="displayName"]').fill('Léa Fabre');
    await form.locator('select[name="role"]').selectOption('customer_developer');
    await form.getByTestId('create-user-submit').click();
    await expectText(form.locator('.field-error'), /^Choisissez la personne de l’inventaire/);
    await form.locator('select[name="personKey"]').selectOption('lea-fabre');
    await form.getByTestId('create-user-submit').click();

    const secretDialog = page.getByTestId('user-password');
    const secret = secretDialog.getByTestId('secret-value');
    await secret.waitFor();
    const password = ((await secret.textContent()) ?? '').trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await secretDialog.getByTestId('copy-secret').click();
    await expectText(secretDialog.getByTestId('copy-secret'), 'Copié ✓');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(password);
    await shot(page, '09-account-password-once', { dialog: true });
    await secretDialog.getByTestId('secret-done').click();
    await expectCount(page.getByTestId('user-password'), 0, 'password dialog closed for good');
    const row = page.locator('tr[data-username="lea.fabre"]');
    await expectTextContaining(row, 'Léa Fabre');
    await expectTextContaining(row, 'Actif');
    await expectTextContaining(row, 'Développeur client');

    // The last provider administrator cannot be demoted: said in French, at the role.
    await page.locator('tr[data-username="admin"]').getByRole('button', { name: 'Modifier' }).click();
    const edit = page.getByTestId('edit-user');
    await edit.locator('select[name="role"]').selectOption('viewer');
    await edit.getByTestId('edit-user-submit').click();
    await expectText(
      edit.locator('.field-error'),
      /^« admin » est le dernier administrateur prestataire actif/,
    );
    await shot(page, '10-account-last-admin', { dialog: true });
    await edit.getByRole('button', { name: 'Annuler' }).click();

    const lea = await newPageAs({ username: 'lea.fabre', password });
    await expectText(lea.tab.locator('h1'), 'Vue d’ensemble');
    await expect.poll(() => navSections(lea.tab)).toEqual(['overview', 'websites', 'databases']);
    await shot(lea.tab, '11-new-developer-logged-in');

    // Disabled by the administrator: the developer's session ends at the next request.
    await page.locator('tr[data-username="lea.fabre"]').getByRole('button', { name: 'Désactiver' }).click();
    const disable = page.getByTestId('disable-user');
    await expectTextContaining(disable, 'Léa Fabre ne pourra plus se connecter');
    await disable.getByTestId('confirm').click();
    await expectTextContaining(page.getByTestId('users-done'), 'Compte « lea.fabre » désactivé');
    await expectTextContaining(page.locator('tr[data-username="lea.fabre"]'), 'Désactivé');
    await shot(page, '12-account-disabled');

    // The next read the page makes (an object it has not loaded yet) is refused, and the login page says why.
    await lea.tab.locator('a[href^="/objects/website/"]').first().click();
    await lea.tab.waitForURL('**/login');
    await expectText(lea.tab.locator('.notice'), 'Votre session a expiré. Reconnectez-vous pour continuer.');
    await logIn(lea.tab, { username: 'lea.fabre', password });
    await expectText(lea.tab.getByTestId('login-error'), /désactivé/);
    expect(lea.tabProblems.errors()).toEqual([]);
    await lea.context.close();
  }, 90_000);

  it('creates an API token shown once, which works from a script until it is revoked', async () => {
    await page.getByTestId('nav-account').click();
    await expectText(page.locator('h1'), 'Mon compte');
    const expiry = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('input[name="token-name"]').fill('supervision');
    await page.locator('input[name="token-expiry"]').fill(expiry);
    await page.getByTestId('token-form').locator('button[type="submit"]').click();

    const dialog = page.getByTestId('token-secret');
    const token = ((await dialog.getByTestId('secret-value').textContent()) ?? '').trim();
    expect(token).toMatch(/^vgt_/);
    await expectTextContaining(dialog, 'ne pourra plus jamais l’afficher');
    await shot(page, '13-token-once', { dialog: true });
    await dialog.getByTestId('secret-done').click();

    const row = page.locator('tr[data-token="supervision"]');
    await expectTextContaining(row, `${token.slice(0, 12)}…`);
    await expectTextContaining(row, '23:59');
    await expectTextContaining(row, 'jamais');
    await expectTextContaining(row, 'Actif');

    const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('admin');

    await page.reload();
    await expect.poll(() => row.locator('td').nth(3).textContent()).not.toBe('jamais');
    await row.getByRole('button', { name: 'Révoquer' }).click();
    const revoke = page.getByTestId('revoke-dialog');
    await expectTextContaining(revoke, token.slice(0, 12));
    await revoke.getByTestId('confirm').click();
    await expectTextContaining(row, 'Révoqué');
    await expectCount(row.getByRole('button', { name: 'Révoquer' }), 0);
    await shot(page, '14-token-revoked');

    const refused = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
  });

  it('downloads a signed checkpoint and verifies the chain against it', async () => {
    await page.locator('nav a[data-section="audit"]').click();
    const panel = page.getByTestId('audit-checkpoints');
    await expectTextContaining(panel, 'conservez le fichier hors de Vigie');
    const downloading = page.waitForEvent('download');
    await panel.getByTestId('create-checkpoint').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^vigie-checkpoint-\d{4}-\d{2}-\d{2}\.json$/);
    const saved = path.join(work, download.suggestedFilename());
    await download.saveAs(saved);
    const statement = JSON.parse(fs.readFileSync(saved, 'utf8')) as { format: string; length: number };
    expect(statement.format).toBe('vigie-audit-checkpoint/1');
    await expectTextContaining(panel.getByTestId('checkpoint-created'), download.suggestedFilename());

    await panel.getByTestId('checkpoint-file-input').setInputFiles(saved);
    const result = panel.getByTestId('checkpoint-result');
    await expectTextContaining(result, 'La chaîne prolonge bien le point de contrôle');
    await expectTextContaining(result, 'Chaîne intègre');
    await expectTextContaining(result, '(celle de ce Vigie)');
    await expectNoRawKeys(page);
    await shot(page, '15-checkpoint-verified');

    const notCheckpoint = path.join(work, 'not-a-checkpoint.json');
    fs.writeFileSync(notCheckpoint, '{"hello": "world"}\n');
    await panel.getByTestId('checkpoint-file-input').setInputFiles(notCheckpoint);
    await expectTextContaining(
      panel.getByTestId('action-error'),
      'Le fichier not-a-checkpoint.json n’est pas un point de contrôle Vigie',
    );
  });

  it('keeps out of sight the buttons a viewer or a customer manager may not use', async () => {
    const viewer = await newPageAs(VIEWER);
    await expect
      .poll(() => navSections(viewer.tab))
      .toEqual([
        'overview',
        'rack',
        'hypervisors',
        'hosts',
        'websites',
        'databases',
        'people',
        'drift',
        'updates',
        'capacity',
        'monitoring',
        'backups',
        'journal',
        'audit',
      ]);
    await viewer.tab.locator('nav a[data-section="audit"]').click();
    await viewer.tab.getByTestId('audit-checkpoints').waitFor();
    await expectCount(viewer.tab.getByTestId('create-checkpoint'), 0, 'no checkpoint for a viewer');
    await expectCount(viewer.tab.getByTestId('checkpoint-file-input'), 1, 'a viewer may verify');
    await viewer.tab.getByTestId('nav-account').click();
    await viewer.tab.getByTestId('account-profile').waitFor();
    await expectCount(viewer.tab.getByTestId('api-tokens'), 0, 'no API tokens for a viewer');
    await shot(viewer.tab, '16-viewer-account');
    await viewer.tab.goto(`${baseUrl}/inventory`);
    await viewer.tab.getByTestId('forbidden').waitFor();
    expect(viewer.tabProblems.errors()).toEqual([]);
    await viewer.context.close();

    const manager = await newPageAs(MANAGER);
    await manager.tab.locator('nav a[data-section="users"]').click();
    await manager.tab.getByTestId('users-table').waitFor();
    await expectCount(manager.tab.getByTestId('add-user'), 0, 'a manager adds no account');
    await expectCount(manager.tab.locator('.row-actions'), 0, 'a manager changes no account');
    await expectTextContaining(manager.tab.locator('.notice-info'), 'seul un administrateur du prestataire');
    await shot(manager.tab, '17-manager-accounts-read-only');
    await manager.tab.locator('nav a[data-section="audit"]').click();
    await expectCount(manager.tab.getByTestId('create-checkpoint'), 1, 'a manager may sign checkpoints');
    await expectCount(manager.tab.locator('nav a[data-section="inventory"]'), 0);
    expect(manager.tabProblems.errors()).toEqual([]);
    await manager.context.close();
  }, 60_000);

  it('speaks English on the same pages once the language is switched', async () => {
    await page.getByTestId('nav-account').click();
    await page.locator('#account-language').selectOption('en');
    await expectText(page.locator('h1'), 'My account');
    await expectTextContaining(page.locator('tr[data-token="supervision"]'), 'Revoked');
    await page.locator('nav a[data-section="inventory"]').click();
    await expectText(page.locator('h1'), 'Inventory');
    await page.getByTestId('inventory-file-input').setInputFiles(yamlFiles(changedInventory('english')));
    await page.getByTestId('plan-view').waitFor();
    await expectTextContaining(page.getByTestId('plan-panel'), 'Plan: what applying would change');
    // The store has Host04 at 24 GiB since the re-planned apply; these files say 16 GiB.
    await expectText(
      page.locator('[data-key="host04"] [data-testid="field-changes"] tbody tr'),
      'Memory\t24\u00a0GiB\t→\t16\u00a0GiB',
    );
    await expectNoRawKeys(page);
    await shot(page, '18-plan-english');

    // 1024 pixels wide: the plan and the accounts with their buttons still fit.
    await page.setViewportSize({ width: 1024, height: 768 });
    const overflow = async () =>
      // A string, evaluated in the page: the test code itself is compiled without the DOM library.
      Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(await overflow(), 'horizontal overflow on the plan').toBeLessThanOrEqual(0);
    await shot(page, '19-narrow-plan');
    await page.locator('nav a[data-section="users"]').click();
    await page.getByTestId('users-table').waitFor();
    expect(await overflow(), 'horizontal overflow on the accounts').toBeLessThanOrEqual(0);
    await expectNothingClipped(page);
    await shot(page, '20-narrow-accounts');
    await page.getByTestId('nav-account').click();
    await page.locator('input[name="token-name"]').fill('narrow screens');
    await page.getByTestId('token-form').locator('button[type="submit"]').click();
    await page.getByTestId('token-secret').getByTestId('secret-done').click();
    await expectCount(page.locator('tr[data-token="narrow screens"] button'), 1);
    await shot(page, '21-narrow-account');
    expect(await overflow(), 'horizontal overflow on the account page').toBeLessThanOrEqual(0);
    await expectNothingClipped(page);
    await shot(page, '21-narrow-account');
    await page.setViewportSize(VIEWPORT);
  });

  it('raised no script error in the administrator session', () => {
    expect(problems.errors()).toEqual([]);
  });
});
