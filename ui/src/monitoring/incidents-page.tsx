/** Incidents: open ones (acknowledge them), resolved ones, or all. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { IncidentTable } from './incident-table.js';
import { useIncidents } from './monitoring-requests.js';
import { MonitoringTabs } from './monitoring-tabs.js';
import './monitoring.css';

const FILTERS = ['open', 'resolved', 'all'] as const;

export function IncidentsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('open');
  const incidents = useIncidents(filter);
  return (
    <>
      <PageHeader title={t('monitoring.title')} subtitle={t('monitoring.incidents.subtitle')} />
      <MonitoringTabs />
      <section className="panel flush">
        <div className="panel-title-row">
          <h2 className="panel-title">{t('monitoring.tabs.incidents')}</h2>
          <fieldset className="monitoring-segment" aria-label={t('monitoring.incidents.status')}>
            {FILTERS.map((value) => (
              <button
                key={value}
                type="button"
                className={value === filter ? 'small-button active' : 'small-button'}
                aria-pressed={value === filter}
                data-filter={value}
                onClick={() => setFilter(value)}
              >
                {t(`monitoring.incidents.filter.${value}`)}
              </button>
            ))}
          </fieldset>
        </div>
        <QueryView query={incidents}>{(items) => <IncidentTable incidents={items} />}</QueryView>
      </section>
    </>
  );
}
