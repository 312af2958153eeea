/** The websites page: every website the user may see, with its domains, host and TLS. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { isScopedToOwnWork } from '../session/access.js';
import { useMe } from '../session/session-context.js';
import { WebsitesTable } from './websites-table.js';

export function WebsitesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const websites = useObjects('website');
  return (
    <>
      <PageHeader
        title={t('websites.title')}
        subtitle={isScopedToOwnWork(me) ? t('websites.subtitleOwn') : t('websites.subtitle')}
      />
      <section className="panel flush">
        <QueryView query={websites}>{(items) => <WebsitesTable websites={items} />}</QueryView>
      </section>
    </>
  );
}
