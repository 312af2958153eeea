/** The intervention journal: what was done on which hosts, by whom, when, how long, with what result. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { JournalCheckpointPanel } from './journal-checkpoints.js';
import { JournalFilters } from './journal-filters.js';
import { useJournal } from './journal-requests.js';
import { JournalTable } from './journal-table.js';

export function JournalPage() {
  const { t } = useTranslation();
  const [host, setHost] = useState('');
  const [category, setCategory] = useState('');
  // The cursors of the pages walked through, so "newer" goes back exactly one page.
  const [cursors, setCursors] = useState<readonly (number | null)[]>([null]);
  const beforeSeq = cursors.at(-1) ?? null;
  const page = useJournal({ host, category, beforeSeq });
  const filtered = host !== '' || category !== '';
  return (
    <>
      <PageHeader title={t('journal.title')} subtitle={t('journal.subtitle')} />
      <section className="panel flush">
        <div className="panel-title-row">
          <h2 className="panel-title">{t('journal.entries')}</h2>
          <JournalFilters
            host={host}
            category={category}
            onChange={(filter) => {
              setHost(filter.host);
              setCategory(filter.category);
              setCursors([null]);
            }}
          />
        </div>
        <QueryView query={page}>
          {(body) => (
            <>
              <JournalTable entries={body.items} filtered={filtered} />
              {(cursors.length > 1 || body.nextBeforeSeq !== null) && (
                <div className="pager" data-testid="journal-pager">
                  <button
                    type="button"
                    className="button"
                    disabled={cursors.length <= 1}
                    onClick={() => setCursors((list) => list.slice(0, -1))}
                  >
                    {t('journal.newer')}
                  </button>
                  <span className="muted small">{t('journal.pageNumber', { page: cursors.length })}</span>
                  <button
                    type="button"
                    className="button"
                    disabled={body.nextBeforeSeq === null}
                    onClick={() => {
                      const next = body.nextBeforeSeq;
                      if (next !== null) setCursors((list) => [...list, next]);
                    }}
                    data-testid="journal-older"
                  >
                    {t('journal.older')}
                  </button>
                </div>
              )}
            </>
          )}
        </QueryView>
      </section>
      <JournalCheckpointPanel />
    </>
  );
}
