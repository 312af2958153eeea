/** Why a change was refused, in the user's language when the error is known, else in the server's words. */
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';
import { useGenericErrorText } from './error-text.js';

interface ActionErrorProps {
  readonly error: unknown;
  /** The caller's translation of this error, when it knows what it means in its context. */
  readonly text?: string | undefined;
}

export function ActionError({ error, text }: ActionErrorProps) {
  const { t } = useTranslation();
  const generic = useGenericErrorText();
  const shown = text ?? generic(error);
  // The server's hint is in English and explains its own message: only shown with that message.
  const hint = text === undefined && isApiError(error) && error.status !== 0 ? error.hint : undefined;
  return (
    <div className="notice notice-danger action-error" role="alert" data-testid="action-error">
      <strong>{t('error.actionFailed')}</strong> {shown}
      {hint !== undefined && <span className="block small">{hint}</span>}
    </div>
  );
}
