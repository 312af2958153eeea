/** When the inventory was last applied, by whom, and what it changed. */
import { useTranslation } from 'react-i18next';
import type { Revision } from '../api/types.js';
import { useFormat } from '../format/use-format.js';
import { ActorName } from '../object/actor-name.js';
import { changeCountsOf } from './revision-summary.js';

export function LastApplyPanel({ revision }: { readonly revision: Revision | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (revision === null) {
    return (
      <section className="panel">
        <h2>{t('overview.lastApply')}</h2>
        <p className="muted">{t('overview.neverApplied')}</p>
      </section>
    );
  }
  const counts = changeCountsOf(revision);
  return (
    <section className="panel" data-testid="last-apply">
      <h2>{t('overview.lastApply')}</h2>
      <p className="lead">
        <time dateTime={revision.appliedAt} title={format.dateTime(revision.appliedAt)}>
          {format.relative(revision.appliedAt)}
        </time>
      </p>
      <dl className="facts">
        <dt>{t('overview.appliedBy')}</dt>
        <dd>
          <ActorName actor={revision.actor} />
        </dd>
        <dt>{t('overview.appliedAt')}</dt>
        <dd>{format.dateTime(revision.appliedAt)}</dd>
        <dt>{t('overview.revision')}</dt>
        <dd>#{revision.id}</dd>
        <dt>{t('overview.changes')}</dt>
        <dd className="change-counts">
          {counts.added > 0 && <span className="added">{t('plan.added', { count: counts.added })}</span>}
          {counts.changed > 0 && (
            <span className="changed">{t('plan.changed', { count: counts.changed })}</span>
          )}
          {counts.removed > 0 && (
            <span className="removed">{t('plan.removed', { count: counts.removed })}</span>
          )}
          {counts.added + counts.changed + counts.removed === 0 && (
            <span className="muted">{t('plan.none')}</span>
          )}
        </dd>
      </dl>
    </section>
  );
}
