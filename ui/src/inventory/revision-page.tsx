/** One applied revision: when, by whom, and every object it added, changed or removed, field by field. */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useRevisionDetail } from '../api/queries.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { ActorName } from '../object/actor-name.js';
import { changeCountsOf } from '../overview/revision-summary.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { PlanTotals } from './plan-totals.js';
import { PlanView } from './plan-view.js';

export function RevisionPage() {
  const { id } = useParams();
  const revisionId = Number(id);
  if (!Number.isInteger(revisionId) || revisionId < 1) return <NotFoundPage />;
  return <RevisionDetailView id={revisionId} />;
}

function RevisionDetailView({ id }: { readonly id: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const revision = useRevisionDetail(id);
  return (
    <QueryView query={revision} fullPageErrors>
      {(detail) => {
        const counts = changeCountsOf(detail);
        return (
          <div data-testid="revision-page">
            <PageHeader
              title={t('inventory.revision.title', { id: detail.id })}
              subtitle={
                <>
                  {t('inventory.revision.appliedAt', { when: format.dateTime(detail.appliedAt) })}{' '}
                  <ActorName actor={detail.actor} />
                </>
              }
              actions={
                <Link className="button" to="/inventory">
                  {t('inventory.revision.back')}
                </Link>
              }
            />
            <section className="panel">
              <p className="lead revision-totals">
                <PlanTotals add={counts.added} change={counts.changed} remove={counts.removed} />
              </p>
              {detail.entries.length === 0 ? (
                <p className="muted">{t('plan.none')}</p>
              ) : (
                <PlanView entries={detail.entries} applied />
              )}
            </section>
          </div>
        );
      }}
    </QueryView>
  );
}
