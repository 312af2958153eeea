/** A plan's counts in one line: added, changed, removed, and how many objects stay as they are. */
import { useTranslation } from 'react-i18next';

interface PlanTotalsProps {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
  /** Unknown for an applied revision, which records only what changed. */
  readonly unchanged?: number | undefined;
}

export function PlanTotals({ add, change, remove, unchanged }: PlanTotalsProps) {
  const { t } = useTranslation();
  return (
    <span className="change-counts plan-totals" data-testid="plan-totals">
      <span className={add > 0 ? 'added' : 'muted'}>{t('plan.added', { count: add })}</span>
      <span className={change > 0 ? 'changed' : 'muted'}>{t('plan.changed', { count: change })}</span>
      <span className={remove > 0 ? 'removed' : 'muted'}>{t('plan.removed', { count: remove })}</span>
      {unchanged !== undefined && <span className="muted">{t('plan.unchanged', { count: unchanged })}</span>}
    </span>
  );
}
