/** The FR/EN switch of the top bar and the login page. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types.js';
import { LOCALES, normaliseLocale } from '../i18n/i18n.js';
import { useSession } from '../session/session-context.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { changeLocale } = useSession();
  const [failed, setFailed] = useState(false);
  const current = normaliseLocale(i18n.language);

  const choose = (locale: Locale) => {
    if (locale === current) return;
    setFailed(false);
    changeLocale(locale).catch((error: unknown) => {
      console.warn('cannot save the language', error);
      setFailed(true);
    });
  };

  return (
    <fieldset className="language-switch" aria-label={t('language.label')}>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          className={locale === current ? 'active' : undefined}
          aria-pressed={locale === current}
          title={t(`language.name.${locale}`)}
          onClick={() => choose(locale)}
        >
          {locale.toUpperCase()}
        </button>
      ))}
      {failed && (
        <span className="language-error" role="alert">
          {t('language.saveFailed')}
        </span>
      )}
    </fieldset>
  );
}
