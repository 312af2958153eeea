/** Remembers the last language shown in this browser, so the login page speaks it after a logout. */
import type { Locale } from '../api/types.js';

const STORAGE_KEY = 'vigie.locale';

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch (error) {
    // Private browsing or disabled storage: the language then follows the browser, which is fine.
    console.debug('cannot remember the language', error);
  }
}

export function rememberedLocale(): Locale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'fr' || value === 'en' ? value : null;
  } catch (error) {
    console.debug('cannot read the remembered language', error);
    return null;
  }
}
