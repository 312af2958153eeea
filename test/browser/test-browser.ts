/** Starts Debian's Chromium for the browser tests, with the flags this closed network needs, once checked it can. */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { REPO } from './ui-server.js';

export const CHROMIUM = process.env.VIGIE_CHROMIUM ?? '/usr/bin/chromium';

/** Fails with what to do when the UI is not built or Chromium is missing; else launches it headless. */
export async function launchTestBrowser(): Promise<Browser> {
  if (!fs.existsSync(path.join(REPO, 'ui', 'dist', 'index.html'))) {
    throw new Error('ui/dist is not built: run `npm run build:ui`');
  }
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package`);
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps calling home, and is refused, many at a time.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
