/**
 * The drift page and a host's drift panel in a real Chromium, against a real server on the dialect under
 * test with the example rack applied (DB03's memory then doubled in the inventory) and facts saved the way
 * `vigie facts` saves them: Host03 with a planted listener, DB03 as it runs (so its memory now differs from
 * the inventory), ECWAN without its IPsec daemon, VirtualWAN03 matching its inventory, Host04 whose last
 * gathering failed. Screenshots go to `/tmp/shots/drift-*.png`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAttempt, saveFacts } from '../../src/facts/store.js';
import { db03Facts, driftInventoryOf, host03Facts, withFacts } from '../facts/drift-fixtures.js';
import { TEST_DIALECT } from '../support/test-store.js';
import {
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
import { startUiServer, type UiServer } from './ui-server.js';

const SHOTS = '/tmp/shots';
const ADMIN = { username: 'admin', password: 'vigie-admin-password-2026', displayName: 'Camille Fournier' };
const VIEWER = { username: 'lecteur', password: 'vigie-viewer-password-2026', displayName: 'Lecteur' };
const DEVELOPER = { username: 'dev', password: 'vigie-developer-password-2026', displayName: 'Dév' };

let server: UiServer;
let browser: Browser;
let page: Page;
let problems: PageProblems;

async function shot(name: string): Promise<void> {
  await settled(page);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `drift-${name}-${TEST_DIALECT}.png`), fullPage: true });
}

async function expectNoRawKeys(): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only visible text can show a raw key to a person
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/facts\.drift\./);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startUiServer({ admin: ADMIN, developer: DEVELOPER, attemptsPerUsername: 20 });
  const deps = server.deps;
  const inventory = driftInventoryOf(server.objects);
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const host03 = host03Facts(inventory, at(12));
  await saveFacts(
    deps,
    withFacts(host03, {
      listening: [
        ...host03.listening,
        { protocol: 'tcp', address: '0.0.0.0', port: 8081, process: 'python3', pid: 4242 },
      ],
    }),
  );
  await saveFacts(deps, db03Facts(inventory, at(12)));
  await saveFacts(
    deps,
    withFacts(host03, {
      host: 'ecwan',
      gatheredAt: at(190),
      addresses: [...(inventory.devices.find((d) => d.key === 'ecwan')?.spec.interfaces ?? [])].flatMap(
        (i) =>
          i.address === undefined ? [] : [{ interface: i.name, address: i.address, family: 'inet' as const }],
      ),
      listening: host03.listening.filter((socket) => socket.process === 'sshd'),
      services: [{ name: 'ssh', source: 'systemd' }],
    }),
  );
  await saveFacts(
    deps,
    withFacts(host03, {
      host: 'virtualwan03',
      gatheredAt: at(30),
      os: { id: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)' },
      memory: { ...host03.memory, totalBytes: 263_808_262_144 },
      addresses: [{ interface: 'vmbr0', address: '198.18.3.13/24', family: 'inet' }],
      listening: host03.listening.filter((socket) => socket.process === 'sshd'),
      services: [{ name: 'ssh', source: 'systemd' }],
    }),
  );
  await recordAttempt(deps, {
    host: 'host04',
    attemptedAt: at(5),
    actor: 'job:facts',
    ok: false,
    durationMs: 10_004,
    error: {
      code: 'REMOTE_FAILED',
      message: 'host04 did not answer on 198.18.1.14:22 within 10 s',
      hint: undefined,
    },
  });
  const { addUser } = await import('../../src/auth/users.js');
  await addUser(deps, { ...VIEWER, role: 'viewer', actor: 'cli:operator' });
  browser = await launchTestBrowser();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  page = await context.newPage();
  problems = pageProblems(page);
  await page.goto(`${server.baseUrl}/login`);
  await logIn(page, VIEWER);
  await page.getByTestId('current-user').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`drift pages in Chromium (${TEST_DIALECT})`, () => {
  it('lists the findings across the rack, worst host first, with counts and what to do', async () => {
    await page.locator('nav a[data-section="drift"]').click();
    await expect.poll(() => page.url()).toMatch(/\/drift$/);
    await expectText(page.locator('h1'), 'Écarts avec l’inventaire');
    const tiles = page.getByTestId('drift-counts');
    await expectTextContaining(tiles.locator('[data-severity="critical"]'), '1\nécart critique');
    await expectTextContaining(tiles.locator('[data-severity="warning"]'), '2\navertissements');
    await expectTextContaining(tiles.locator('[data-severity="neverGathered"]'), '2\nhôtes jamais relevés');

    const sections = page.getByTestId('drift-host');
    await expectCount(sections, 6, 'one section per host');
    expect((await attributeValues(sections, 'data-host')).slice(0, 3)).toEqual(['ecwan', 'db03', 'host03']);

    const ecwan = page.locator('[data-testid="drift-host"][data-host="ecwan"]');
    const ipsec = ecwan.locator('[data-kind="service_not_running"]');
    await expectTextContaining(ipsec, 'Critique');
    await expectTextContaining(ipsec, 'Service arrêté');
    await expectTextContaining(ipsec, 'ecwan-ipsec (ipsec) est déclaré mais ne tourne pas');
    await expectTextContaining(ipsec, 'À faire : Démarrez le service (unité ou processus charon');
    await expectTextContaining(ipsec.locator('.source-location'), 'services.yaml:');
    await expectTextContaining(ecwan.getByTestId('drift-skipped'), 'Non vérifié (services) : ecwan-nftables');

    const host03 = page.locator('[data-testid="drift-host"][data-host="host03"]');
    const port = host03.locator('[data-kind="undeclared_port"]');
    await expectTextContaining(port, 'Port non déclaré');
    await expectTextContaining(port, '8081/tcp écoute sur 0.0.0.0 (python3 (pid 4242))');
    await expectTextContaining(port, 'Déclarez 8081/tcp dans les ports d’un service de l’hôte');
    await expectTextContaining(host03.getByTestId('drift-age'), 'Faits relevés il y a 12 minutes');

    const db03 = page.locator('[data-testid="drift-host"][data-host="db03"]');
    await expectTextContaining(
      db03.locator('[data-kind="memory_mismatch"]'),
      'L’hôte a 31.3GiB de mémoire (MemTotal), l’inventaire déclare 64GiB : -51 %',
    );
    await expectTextContaining(
      db03.locator('[data-kind="memory_mismatch"]'),
      'mettez memory: 32GiB en vms.yaml:',
    );

    await expectTextContaining(
      page.locator('[data-testid="drift-host"][data-host="virtualwan03"]').getByTestId('drift-none'),
      'Aucun écart trouvé (faits relevés il y a 30 minutes',
    );
    const host04 = page.locator('[data-testid="drift-host"][data-host="host04"]');
    await expectTextContaining(host04.getByTestId('drift-never'), 'Faits jamais relevés');
    await expectTextContaining(
      host04.getByTestId('drift-attempt-failed'),
      'Dernier relevé en échec il y a 5 minutes : host04 did not answer',
    );
    await expectNoRawKeys();
    await shot('page-fr');
  });

  it("shows a host's findings on its page, and a calm line when it has none", async () => {
    await page.locator('[data-testid="drift-host"][data-host="host03"] h2 a').click();
    await expect.poll(() => page.url()).toMatch(/\/objects\/vm\/host03$/);
    const panel = page.getByTestId('host-drift');
    await expectTextContaining(panel.locator('h2'), 'Écarts avec l’inventaire');
    await expectCount(panel.locator('[data-kind]'), 1);
    await expectTextContaining(panel.locator('[data-kind="undeclared_port"]'), '8081/tcp');
    await expectNoRawKeys();
    await shot('host-panel-fr');

    await page.goto(`${server.baseUrl}/objects/device/virtualwan03`);
    await expectTextContaining(page.getByTestId('host-drift'), 'Aucun écart trouvé');
    await expectCount(page.getByTestId('host-drift').locator('[data-kind]'), 0);
    await shot('host-calm-fr');
  });

  it('speaks English', async () => {
    await page.locator('.language-switch button', { hasText: 'EN' }).click();
    await page.goto(`${server.baseUrl}/drift`);
    await expectText(page.locator('h1'), 'Drift from the inventory');
    const port = page.locator('[data-testid="drift-host"][data-host="host03"] [data-kind="undeclared_port"]');
    await expectTextContaining(port, 'Undeclared port');
    await expectTextContaining(port, '8081/tcp is listening on 0.0.0.0 (python3 (pid 4242)), but no service');
    await expectTextContaining(port, 'To do: Declare 8081/tcp in the ports of a service of the host');
    await expectTextContaining(page.getByTestId('drift-counts'), 'critical finding');
    await expectNoRawKeys();
    await shot('page-en');
    expect(problems.errors()).toEqual([]);
  });

  it('is not offered to a developer, whose role does not read hosts', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const dev = await context.newPage();
    await dev.goto(`${server.baseUrl}/login`);
    await logIn(dev, DEVELOPER);
    await dev.getByTestId('current-user').waitFor();
    expect(await dev.locator('nav a[data-section="drift"]').count()).toBe(0);
    await context.close();
  });
});
