/** Turns a failed login into a sentence for people, in the language shown. */
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client.js';

export function loginErrorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('login.error.unexpected');
  if (error.status === 0) return t('error.network');
  if (error.status === 401) {
    // The server answers a disabled account with 401 too, and says so in `details.reason`.
    const reason = (error.details as { reason?: unknown } | undefined)?.reason;
    return reason === 'account_disabled' ? t('login.error.disabled') : t('login.error.invalid');
  }
  if (error.status === 429) {
    const minutes =
      error.retryAfter === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfter / 60));
    return minutes === undefined
      ? t('login.error.tooManyLater')
      : t('login.error.tooMany', { count: minutes });
  }
  if (error.status === 403) return t('login.error.disabled');
  if (error.status === 400) return t('login.error.missing');
  return t('login.error.server', { message: error.message });
}
