/**
 * Approves a pending host key. A first key is confirmed after comparing its fingerprint with the one read
 * on the host's console; a key that would replace an approved one (a changed key: maybe an attack) shows
 * both fingerprints and is only approved once the engineer has typed or pasted the new one.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostKey } from '../api/types.js';
import { ActionError } from '../components/action-error.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { sameFingerprint } from './host-key-changes.js';
import { useApproveHostKey } from './hostkey-requests.js';

interface ApproveDialogProps {
  readonly hostKey: HostKey;
  /** The approved key this one would replace, for a changed key. */
  readonly replacing: HostKey | undefined;
  readonly onClose: () => void;
}

export function ApproveDialog({ hostKey, replacing, onClose }: ApproveDialogProps) {
  const { t } = useTranslation();
  const approve = useApproveHostKey();
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const changed = replacing !== undefined;
  const matches = sameFingerprint(typed, hostKey.fingerprint);
  const canConfirm = !approve.isPending && (!changed || matches);
  return (
    <ModalDialog
      title={t(changed ? 'hostkeys.approve.changedTitle' : 'hostkeys.approve.title', { host: hostKey.host })}
      onClose={onClose}
      busy={approve.isPending}
      testId={changed ? 'approve-changed-key' : 'approve-key'}
      wide
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={approve.isPending}>
            {t('dialog.cancel')}
          </button>
          <button
            type="button"
            className={changed ? 'button danger' : 'button primary'}
            disabled={!canConfirm}
            onClick={() =>
              approve.mutate({ host: hostKey.host, fingerprint: hostKey.fingerprint }, { onSuccess: onClose })
            }
            data-testid="confirm"
          >
            {approve.isPending
              ? t('dialog.working')
              : t(changed ? 'hostkeys.approve.replaceSubmit' : 'hostkeys.approve.submit')}
          </button>
        </>
      }
    >
      {changed ? (
        <div className="notice notice-danger">
          <strong>{t('hostkeys.approve.changedWarning', { host: hostKey.host })}</strong>{' '}
          {t('hostkeys.approve.changedExplain')}
        </div>
      ) : (
        <p>{t('hostkeys.approve.body', { host: hostKey.host, address: hostKey.address })}</p>
      )}
      <dl className="fingerprints">
        {replacing !== undefined && (
          <>
            <dt>{t('hostkeys.approve.oldFingerprint')}</dt>
            <dd className="mono" data-testid="old-fingerprint">
              {replacing.fingerprint}
              <span className="muted small nowrap"> ({replacing.algorithm})</span>
            </dd>
          </>
        )}
        <dt>{t(changed ? 'hostkeys.approve.newFingerprint' : 'hostkeys.approve.fingerprint')}</dt>
        <dd className="mono fingerprint-strong" data-testid="new-fingerprint">
          {hostKey.fingerprint}
          <span className="muted small nowrap"> ({hostKey.algorithm})</span>
        </dd>
      </dl>
      <p className="small">{t('hostkeys.approve.compare')}</p>
      <pre className="command-line">{`ssh-keygen -lf /etc/ssh/ssh_host_${shortAlgorithm(hostKey.algorithm)}_key.pub`}</pre>
      {changed && (
        <div className={typed !== '' && !matches ? 'field has-error' : 'field'}>
          <label htmlFor={inputId}>{t('hostkeys.approve.typeLabel')}</label>
          <input
            id={inputId}
            className="mono"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            placeholder="SHA256:…"
            autoComplete="off"
            spellCheck={false}
            data-testid="fingerprint-input"
          />
          {typed !== '' && !matches && (
            <span className="field-error" role="alert">
              {t('hostkeys.approve.mismatch')}
            </span>
          )}
        </div>
      )}
      {approve.isError && <ActionError error={approve.error} />}
    </ModalDialog>
  );
}

/** `ssh-ed25519` → `ed25519`, `ecdsa-sha2-nistp256` → `ecdsa`, `ssh-rsa` → `rsa`: the host key file's name. */
function shortAlgorithm(algorithm: string): string {
  if (algorithm.startsWith('ecdsa')) return 'ecdsa';
  return algorithm.replace(/^ssh-/, '');
}
