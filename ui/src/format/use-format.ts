/** The formatters for the language currently shown. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { normaliseLocale } from '../i18n/i18n.js';
import { createFormatters, type Formatters } from './format.js';

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const locale = normaliseLocale(i18n.language);
  return useMemo(() => createFormatters(locale), [locale]);
}
