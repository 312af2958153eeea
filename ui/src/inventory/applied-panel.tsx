/** What an apply did: the new revision with a link, and its changes. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApplyResult } from '../api/types.js';
import { PlanTotals } from './plan-totals.js';
import { PlanView } from './plan-view.js';
import { revisionPath } from './revision-path.js';

export function AppliedPanel({
  result,
  onDone,
}: {
  readonly result: ApplyResult;
  readonly onDone: () => void;
}) {
  const { t } = useTranslation();
  const { summary } = result.plan;
  return (
    <section className="panel" data-testid="applied-panel">
      {result.applied && result.revisionId !== null ? (
        <div className="notice notice-success" role="status">
          <strong>
            <Link to={revisionPath(result.revisionId)} data-testid="applied-revision">
              {t('inventory.applied.revision', { id: result.revisionId })}
            </Link>
          </strong>{' '}
          <PlanTotals add={summary.add} change={summary.change} remove={summary.remove} />
          <span className="block small">{t('inventory.applied.everywhere')}</span>
        </div>
      ) : (
        <p className="notice notice-info" role="status">
          {t('inventory.applied.nothing')}
        </p>
      )}
      {result.plan.entries.length > 0 && <PlanView entries={result.plan.entries} applied />}
      <button type="button" className="button" onClick={onDone}>
        {t('inventory.applied.again')}
      </button>
    </section>
  );
}
