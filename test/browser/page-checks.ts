/** What the browser test watches on every page: script errors, and translation keys shown untranslated. */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

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
export function allTranslationKeys(i18nDir: string): string[] {
  const catalogue = JSON.parse(fs.readFileSync(path.join(i18nDir, 'fr.json'), 'utf8')) as Record<
    string,
    unknown
  >;
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
