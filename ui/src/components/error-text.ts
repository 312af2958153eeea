/** The user's-language sentence for API errors whose meaning does not depend on the page. */
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';

/** Returns a function giving the sentence for an error: translated when its status says enough, else the server's. */
export function useGenericErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (!isApiError(error)) return error instanceof Error ? error.message : String(error);
    if (error.status === 0) return t('error.network');
    if (error.status === 401) return t('error.sessionEnded');
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 413) return t('error.tooLarge');
    if (error.status === 429) return t('error.rateLimited');
    if (error.status >= 500) return t('error.server', { message: error.message });
    return error.message;
  };
}
