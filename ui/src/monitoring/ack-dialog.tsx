/** Acknowledge an incident: a comment saying what is being done is required (it stops the escalation). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from '../components/action-error.js';
import { FormField } from '../components/form-field.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { useAcknowledge } from './monitoring-requests.js';
import type { Incident } from './monitoring-types.js';

export function AckDialog({
  incident,
  onClose,
}: {
  readonly incident: Incident;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const ack = useAcknowledge();
  const submit = () => ack.mutate({ id: incident.id, comment: comment.trim() }, { onSuccess: onClose });
  return (
    <ModalDialog
      title={t('monitoring.ack.title', { name: incident.objectName })}
      onClose={onClose}
      busy={ack.isPending}
      testId="ack-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={ack.isPending}>
            {t('monitoring.cancel')}
          </button>
          <button
            type="button"
            className="button primary"
            data-testid="ack-submit"
            disabled={ack.isPending || comment.trim() === ''}
            onClick={submit}
          >
            {t('monitoring.ack.submit')}
          </button>
        </>
      }
    >
      <p className="muted">{incident.lastMessage}</p>
      <FormField label={t('monitoring.ack.comment')} help={t('monitoring.ack.help')}>
        {({ id, describedBy }) => (
          <textarea
            id={id}
            aria-describedby={describedBy}
            rows={3}
            maxLength={2000}
            value={comment}
            data-testid="ack-comment"
            onChange={(event) => setComment(event.target.value)}
          />
        )}
      </FormField>
      {ack.isError && <ActionError error={ack.error} />}
    </ModalDialog>
  );
}
