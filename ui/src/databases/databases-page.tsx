/** The databases page: engine, server, owner and whether each database is public or internal. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { isScopedToOwnWork } from '../session/access.js';
import { useMe } from '../session/session-context.js';
import { DatabasesTable } from './databases-table.js';

export function DatabasesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const databases = useObjects('database');
  return (
    <>
      <PageHeader
        title={t('databases.title')}
        subtitle={isScopedToOwnWork(me) ? t('databases.subtitleOwn') : t('databases.subtitle')}
      />
      <section className="panel flush">
        <QueryView query={databases}>{(items) => <DatabasesTable databases={items} />}</QueryView>
      </section>
    </>
  );
}
