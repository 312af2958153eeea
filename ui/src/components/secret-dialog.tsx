/** Shows a secret (a password, an API token) the one time the server gives it, with a copy button. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './copy-button.js';
import { ModalDialog } from './modal-dialog.js';

interface SecretDialogProps {
  readonly title: ReactNode;
  /** What the secret is for, before it. */
  readonly intro: ReactNode;
  readonly secret: string;
  readonly onClose: () => void;
  readonly testId?: string;
}

export function SecretDialog({ title, intro, secret, onClose, testId }: SecretDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={title}
      onClose={onClose}
      {...(testId === undefined ? {} : { testId })}
      actions={
        <button type="button" className="button primary" onClick={onClose} data-testid="secret-done">
          {t('secret.done')}
        </button>
      }
    >
      <p>{intro}</p>
      <div className="secret-box">
        <code className="secret-value" data-testid="secret-value">
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
      <p className="notice notice-warning">{t('secret.onlyOnce')}</p>
    </ModalDialog>
  );
}
