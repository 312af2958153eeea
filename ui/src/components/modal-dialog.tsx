/** A modal dialog on the native `<dialog>`: focus kept inside, Escape and the close button call `onClose`. */
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface ModalDialogProps {
  readonly title: ReactNode;
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** The buttons at the bottom, right-aligned. */
  readonly actions?: ReactNode;
  /** While a request runs the dialog cannot be dismissed: its answer must be seen. */
  readonly busy?: boolean;
  readonly testId?: string;
  readonly wide?: boolean;
}

export function ModalDialog({
  title,
  onClose,
  children,
  actions,
  busy = false,
  testId,
  wide,
}: ModalDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return undefined;
    // StrictMode mounts twice: showModal on an open dialog throws.
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={wide === true ? 'modal wide' : 'modal'}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        // Escape: the browser would close the dialog behind React's back; let the owner decide.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="modal-close"
          aria-label={t('dialog.close')}
          title={t('dialog.close')}
          disabled={busy}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <div className="modal-body">{children}</div>
      {actions !== undefined && <div className="modal-actions">{actions}</div>}
    </dialog>
  );
}
