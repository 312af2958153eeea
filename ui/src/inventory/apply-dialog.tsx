/** The confirmation before applying: what will be written, in counts, and that it is recorded under the user's name. */
import { useTranslation } from 'react-i18next';
import type { PlanSummary } from '../api/types.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { PlanTotals } from './plan-totals.js';

interface ApplyDialogProps {
  readonly summary: PlanSummary;
  readonly pending: boolean;
  readonly error: unknown;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}

export function ApplyDialog({ summary, pending, error, onConfirm, onClose }: ApplyDialogProps) {
  const { t } = useTranslation();
  const total = summary.add + summary.change + summary.remove;
  return (
    <ConfirmDialog
      title={t('inventory.apply.confirmTitle')}
      confirmLabel={t('inventory.apply.confirm', { count: total })}
      tone={summary.remove > 0 ? 'danger' : 'primary'}
      pending={pending}
      error={error}
      onConfirm={onConfirm}
      onClose={onClose}
      testId="apply-dialog"
    >
      <p>{t('inventory.apply.confirmBody')}</p>
      <p className="lead">
        <PlanTotals add={summary.add} change={summary.change} remove={summary.remove} />
      </p>
      {summary.remove > 0 && (
        <p className="notice notice-warning">{t('inventory.apply.removals', { count: summary.remove })}</p>
      )}
      <p className="muted small">{t('inventory.apply.recorded')}</p>
    </ConfirmDialog>
  );
}
