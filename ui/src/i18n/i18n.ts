/** The i18next instance of the app: French is the reference and the default, English on request. */
import { createInstance, type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types.js';
import backupsEn from './domains/backups.en.json' with { type: 'json' };
import backupsFr from './domains/backups.fr.json' with { type: 'json' };
import factsEn from './domains/facts.en.json' with { type: 'json' };
import factsFr from './domains/facts.fr.json' with { type: 'json' };
import metricsEn from './domains/metrics.en.json' with { type: 'json' };
import metricsFr from './domains/metrics.fr.json' with { type: 'json' };
import monitoringEn from './domains/monitoring.en.json' with { type: 'json' };
import monitoringFr from './domains/monitoring.fr.json' with { type: 'json' };
import updatesEn from './domains/updates.en.json' with { type: 'json' };
import updatesFr from './domains/updates.fr.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };

// Each domain keeps its strings in its own file under one top-level key (`facts`, `metrics`...).
const resources = {
  fr: { translation: { ...fr, ...backupsFr, ...factsFr, ...metricsFr, ...monitoringFr, ...updatesFr } },
  en: { translation: { ...en, ...backupsEn, ...factsEn, ...metricsEn, ...monitoringEn, ...updatesEn } },
};

export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** Maps any language tag (`en-GB`, `fr`, `de`) to a locale the app speaks; French otherwise. */
export function normaliseLocale(tag: string | null | undefined): Locale {
  return tag?.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/** Before login: `?lang=` wins, then the browser's first French or English preference, then French. */
export function initialLocale(search: string, browserLanguages: readonly string[]): Locale {
  const requested = new URLSearchParams(search).get('lang');
  if (requested === 'fr' || requested === 'en') return requested;
  const preferred = browserLanguages.find((tag) => /^(fr|en)\b/i.test(tag));
  return normaliseLocale(preferred);
}

/** Creates and initialises the translation instance (resources are bundled: init is synchronous). */
export function createI18n(locale: Locale): I18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'fr',
    supportedLngs: LOCALES,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}
