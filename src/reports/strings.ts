/** The few words the renderers themselves write, per document language (French by default). */

export type ReportLanguage = 'fr' | 'en';

export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['fr', 'en'];

export interface RendererStrings {
  readonly generatedAt: (when: string) => string;
  readonly page: (page: number, pages: number) => string;
}

export const RENDERER_STRINGS: Readonly<Record<ReportLanguage, RendererStrings>> = {
  fr: {
    generatedAt: (when) => `Généré le ${when}`,
    page: (page, pages) => `page ${page} / ${pages}`,
  },
  en: {
    generatedAt: (when) => `Generated on ${when}`,
    page: (page, pages) => `page ${page} of ${pages}`,
  },
};

/** An instant for a reader of `language`, in `timeZone`, with the zone named: `28 novembre 2026 à 20:05 (Europe/Paris)`. */
export function formatReportInstant(at: Date | string, language: ReportLanguage, timeZone: string): string {
  const text = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(typeof at === 'string' ? new Date(at) : at);
  return `${text} (${timeZone})`;
}

/** An instant inside a document whose time zone is said once: `28 nov. 2026, 20:05` / `28 Nov 2026, 20:05`. */
export function formatShortInstant(at: Date | string, language: ReportLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(typeof at === 'string' ? new Date(at) : at);
}
