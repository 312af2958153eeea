/**
 * N open dashboards: headless Chromium (Debian's, through playwright-core, as the browser tests do),
 * one browser context per dashboard, each logged in as its own user and left on the Supervision
 * overview, which polls on its own. Counts the overview polls and how many were answered 304. The
 * browser is the bench's child, not Vigie's: its CPU is never counted as Vigie's.
 */
import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = process.env.VIGIE_CHROMIUM ?? '/usr/bin/chromium';

export interface DashboardAccount {
  readonly username: string;
  readonly password: string;
}

export interface Dashboards {
  /** Overview polls seen by the tabs so far, and how many the server answered 304 (nothing changed). */
  polls(): { readonly total: number; readonly notModified: number };
  close(): Promise<void>;
}

/** Opens one tab per account on `${baseUrl}/monitoring`, resolved once each shows the state tiles. */
export async function openDashboards(
  baseUrl: string,
  accounts: readonly DashboardAccount[],
): Promise<Dashboards> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package or set VIGIE_CHROMIUM`);
  }
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Chromium's own background traffic would be refused in a closed network, many times over.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Tabs in the background must keep their timers: a dashboard on a wall screen is never hidden.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  let total = 0;
  let notModified = 0;
  try {
    for (const account of accounts) {
      const context = await browser.newContext({ baseURL: baseUrl });
      const login = await context.request.post('/api/v1/auth/login', {
        data: { username: account.username, password: account.password },
        headers: { origin: baseUrl },
      });
      if (!login.ok()) {
        throw new Error(`dashboard login as ${account.username} failed: HTTP ${login.status()}`);
      }
      const page = await context.newPage();
      page.on('response', (response) => {
        if (!response.url().endsWith('/api/v1/monitoring/overview')) return;
        total += 1;
        // A revalidated answer reaches the page as the cached 200: the 304 shows as the tag sent back.
        void Promise.all([response.request().headerValue('if-none-match'), response.headerValue('etag')])
          .then(([sent, etag]) => {
            if (sent !== null && sent === etag) notModified += 1;
          })
          .catch(() => undefined);
      });
      await page.goto('/monitoring');
      await page.locator('[data-testid="state-tiles"]').waitFor({ timeout: 60_000 });
    }
  } catch (error) {
    await browser.close();
    throw error;
  }
  return {
    polls: () => ({ total, notModified }),
    close: () => browser.close(),
  };
}
