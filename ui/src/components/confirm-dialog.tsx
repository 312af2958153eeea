/** Asks before an action that is hard to undo: says what will happen, then runs it and shows any failure. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from './action-error.js';
import { ModalDialog } from './modal-dialog.js';

interface ConfirmDialogProps {
  readonly title: ReactNode;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  /** `danger` for what removes or disables; `primary` otherwise. */
  readonly tone?: 'danger' | 'primary';
  readonly pending: boolean;
  /** The last failure of the action, shown in the dialog so the user can retry or cancel. */
  readonly error: unknown;
  /** A translation of `error` when the caller knows what it means here. */
  readonly errorText?: string | undefined;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
  readonly testId?: string;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  tone = 'primary',
  pending,
  error,
  errorText,
  onConfirm,
  onClose,
  testId,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={title}
      onClose={onClose}
      busy={pending}
      {...(testId === undefined ? {} : { testId })}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={pending}>
            {t('dialog.cancel')}
          </button>
          <button
            type="button"
            className={tone === 'danger' ? 'button danger' : 'button primary'}
            onClick={onConfirm}
            disabled={pending}
            data-testid="confirm"
          >
            {pending ? t('dialog.working') : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      {error !== null && error !== undefined && <ActionError error={error} text={errorText} />}
    </ModalDialog>
  );
}
