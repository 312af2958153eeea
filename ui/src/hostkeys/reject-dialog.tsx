/** Rejects a host key after confirmation: it stays recorded, and nothing runs on a host presenting it. */
import { useTranslation } from 'react-i18next';
import type { HostKey } from '../api/types.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { useRejectHostKey } from './hostkey-requests.js';

export function RejectDialog({
  hostKey,
  onClose,
}: {
  readonly hostKey: HostKey;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const reject = useRejectHostKey();
  return (
    <ConfirmDialog
      title={t('hostkeys.reject.title', { host: hostKey.host })}
      confirmLabel={t('hostkeys.reject.submit')}
      tone="danger"
      pending={reject.isPending}
      error={reject.error}
      onConfirm={() =>
        reject.mutate({ host: hostKey.host, fingerprint: hostKey.fingerprint }, { onSuccess: onClose })
      }
      onClose={onClose}
      testId="reject-key"
    >
      <p>{t('hostkeys.reject.body', { host: hostKey.host })}</p>
      <p className="mono fingerprint-strong">{hostKey.fingerprint}</p>
    </ConfirmDialog>
  );
}
