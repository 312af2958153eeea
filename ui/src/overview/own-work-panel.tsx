/** For a customer developer: the websites and databases they work on. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import { QueryView } from '../components/query-view.js';
import { DatabasesTable } from '../databases/databases-table.js';
import { WebsitesTable } from '../websites/websites-table.js';

export function OwnWorkPanel() {
  const { t } = useTranslation();
  const websites = useObjects('website');
  const databases = useObjects('database');
  return (
    <div className="stack">
      <section className="panel flush">
        <h2 className="panel-title">{t('websites.title')}</h2>
        <QueryView query={websites}>{(items) => <WebsitesTable websites={items} />}</QueryView>
      </section>
      <section className="panel flush">
        <h2 className="panel-title">{t('databases.title')}</h2>
        <QueryView query={databases}>{(items) => <DatabasesTable databases={items} />}</QueryView>
      </section>
    </div>
  );
}
