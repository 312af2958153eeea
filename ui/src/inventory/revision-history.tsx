/** Every apply, newest first: who, when, what it changed; each opens its revision. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRevisions } from '../api/queries.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { ActorName } from '../object/actor-name.js';
import { changeCountsOf } from '../overview/revision-summary.js';
import { PlanTotals } from './plan-totals.js';
import { revisionPath } from './revision-path.js';

const PAGE = 20;

export function RevisionHistory() {
  const { t } = useTranslation();
  const format = useFormat();
  const [limit, setLimit] = useState(PAGE);
  const revisions = useRevisions(limit);
  return (
    <section className="panel flush" data-testid="revision-history">
      <h2 className="panel-title">{t('inventory.history.title')}</h2>
      <QueryView query={revisions}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty-state">{t('inventory.history.none')}</p>
          ) : (
            <>
              <table className="table middle">
                <thead>
                  <tr>
                    <th>{t('inventory.history.revision')}</th>
                    <th>{t('audit.when')}</th>
                    <th>{t('audit.who')}</th>
                    <th>{t('audit.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((revision) => {
                    const counts = changeCountsOf(revision);
                    return (
                      <tr key={revision.id} data-revision={revision.id}>
                        <td className="nowrap">
                          <Link to={revisionPath(revision.id)}>
                            {t('inventory.history.number', { id: revision.id })}
                          </Link>
                        </td>
                        <td className="nowrap">
                          <time dateTime={revision.appliedAt} title={format.relative(revision.appliedAt)}>
                            {format.dateTime(revision.appliedAt)}
                          </time>
                        </td>
                        <td>
                          <ActorName actor={revision.actor} />
                        </td>
                        <td>
                          <PlanTotals add={counts.added} change={counts.changed} remove={counts.removed} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {list.length === limit && (
                <div className="panel-footer">
                  <button type="button" className="button" onClick={() => setLimit(limit + PAGE)}>
                    {t('inventory.history.more')}
                  </button>
                </div>
              )}
            </>
          )
        }
      </QueryView>
    </section>
  );
}
