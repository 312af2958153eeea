/** The plan of the chosen files: totals, warnings, the diff, and the way to apply it (or re-plan after a conflict). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';
import type { PlanResult } from '../api/types.js';
import { ActionError } from '../components/action-error.js';
import { ApplyDialog } from './apply-dialog.js';
import { PlanTotals } from './plan-totals.js';
import { PlanView } from './plan-view.js';
import { ProblemList } from './problem-list.js';

interface PlanPanelProps {
  readonly planned: PlanResult;
  /** Null when the user's role may plan but not apply. */
  readonly apply: {
    readonly pending: boolean;
    readonly error: unknown;
    readonly run: (digest: string) => void;
    readonly reset: () => void;
  } | null;
  readonly onReplan: () => void;
  readonly replanning: boolean;
}

export function PlanPanel({ planned, apply, onReplan, replanning }: PlanPanelProps) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const { plan, warnings } = planned;
  const { summary } = plan;
  const empty = plan.entries.length === 0;
  const conflict = isApiError(apply?.error) && apply.error.status === 409;
  // A conflict is explained in the panel (the dialog is closed); other failures stay in the dialog.
  const dialogError = conflict ? null : apply?.error;

  useEffect(() => {
    if (conflict) setConfirming(false);
  }, [conflict]);

  return (
    <section className="panel" data-testid="plan-panel">
      <div className="plan-header">
        <div>
          <h2>{t('inventory.plan.title')}</h2>
          <PlanTotals
            add={summary.add}
            change={summary.change}
            remove={summary.remove}
            unchanged={summary.unchanged}
          />
        </div>
        <div className="plan-actions">
          <button type="button" className="button" onClick={onReplan} disabled={replanning}>
            {t('inventory.plan.replan')}
          </button>
          {apply !== null && !empty && (
            <button
              type="button"
              className="button primary"
              data-testid="apply-button"
              disabled={apply.pending || replanning || conflict}
              onClick={() => {
                apply.reset();
                setConfirming(true);
              }}
            >
              {t('inventory.apply.button')}
            </button>
          )}
        </div>
      </div>
      {apply === null && !empty && <p className="notice notice-info">{t('inventory.plan.planOnly')}</p>}
      {conflict && (
        <div className="notice notice-warning" role="alert" data-testid="plan-conflict">
          <strong>{t('inventory.apply.conflictTitle')}</strong> {t('inventory.apply.conflictBody')}
          <div className="notice-actions">
            <button type="button" className="button primary" onClick={onReplan} disabled={replanning}>
              {t('inventory.plan.replan')}
            </button>
          </div>
        </div>
      )}
      {!conflict && apply?.error !== null && apply?.error !== undefined && !confirming && (
        <ActionError error={apply.error} />
      )}
      {warnings.length > 0 && (
        <details className="plan-warnings">
          <summary>{t('inventory.problems.warnings', { count: warnings.length })}</summary>
          <ProblemList problems={warnings} />
        </details>
      )}
      {empty ? (
        <p className="empty-state" data-testid="plan-empty">
          {t('inventory.plan.empty')}
        </p>
      ) : (
        <PlanView entries={plan.entries} applied={false} />
      )}
      {confirming && apply !== null && (
        <ApplyDialog
          summary={summary}
          pending={apply.pending}
          error={dialogError}
          onConfirm={() => apply.run(plan.digest)}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
