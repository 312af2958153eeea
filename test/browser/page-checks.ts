/**
 * How the browser test reads and drives pages: waiting for text that arrives with the data, logging in,
 * and watching for script errors and translation keys shown untranslated.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface PageProblems {
  /** Uncaught exceptions and console errors so far, except failed requests (401, 403, 404 are part of the scenario). */
  errors(): string[];
}

/** Starts recording the problems of `page`. */
export function pageProblems(page: Page): PageProblems {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    // The browser reports each non-2xx response as a console error; the API's answers are checked by the test itself.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return { errors: () => [...errors] };
}

/** Every translation key of the French catalogue (`nav.rack`, `rack.subtitle`...), without plural suffixes. */
/** A locale's whole catalogue as the app sees it: the main file merged with every domain file. */
export function readCatalogue(i18nDir: string, locale: string): Record<string, unknown> {
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const domainsDir = path.join(i18nDir, 'domains');
  const domains = fs.existsSync(domainsDir)
    ? fs
        .readdirSync(domainsDir)
        .filter((name) => name.endsWith(`.${locale}.json`))
        .map((name) => read(path.join(domainsDir, name)))
    : [];
  return Object.assign(read(path.join(i18nDir, `${locale}.json`)), ...domains);
}

export function allTranslationKeys(i18nDir: string): string[] {
  const catalogue = readCatalogue(i18nDir, 'fr');
  const keys = new Set<string>();
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [name, value] of Object.entries(node)) {
      const key = prefix === '' ? name : `${prefix}.${name}`;
      if (typeof value === 'object' && value !== null) walk(value as Record<string, unknown>, key);
      else keys.add(key.replace(/_(zero|one|two|few|many|other)$/, ''));
    }
  };
  walk(catalogue, '');
  return [...keys];
}

/** Waits until the element's text is `expected` (or matches it): pages render after their data arrives. */
export async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  // innerText, not textContent: what a person sees (CSS applied, table cells separated by tabs).
  // biome-ignore lint/performance/useDomNodeTextContent: the visible text is what is checked
  const poll = expect.poll(() => locator.first().innerText(), { timeout: 10_000 });
  await (typeof expected === 'string' ? poll.toBe(expected) : poll.toMatch(expected));
}

/** Waits until the element's text contains `part`. */
export async function expectTextContaining(locator: Locator, part: string): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: the visible text is what is checked
  await expect.poll(() => locator.first().innerText(), { timeout: 10_000 }).toContain(part);
}

/** Waits until `locator` matches `expected` elements. */
export async function expectCount(locator: Locator, expected: number, what?: string): Promise<void> {
  await expect
    .poll(() => locator.count(), { timeout: 10_000, ...(what === undefined ? {} : { message: what }) })
    .toBe(expected);
}

/** The values of one attribute on every element `locator` matches, in page order. */
export async function attributeValues(locator: Locator, name: string): Promise<(string | null)[]> {
  return Promise.all((await locator.all()).map((element) => element.getAttribute(name)));
}

/** Waits until no part of the page is still loading. */
export async function settled(target: Page): Promise<void> {
  await expect.poll(() => target.locator('.loading').count(), { timeout: 10_000 }).toBe(0);
}

/** Submits the login form and waits until the form has taken the answer in (it clears the password on failure). */
export async function logIn(target: Page, user: { username: string; password: string }): Promise<void> {
  await target.locator('input[name="username"]').fill(user.username);
  await target.locator('input[name="password"]').fill(user.password);
  const answered = target.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
  await target.locator('button[type="submit"]').click();
  await answered;
  await target.locator('button[type="submit"]:enabled, [data-testid="current-user"]').first().waitFor();
}
