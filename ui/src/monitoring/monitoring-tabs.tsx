/** The monitoring section's own navigation: overview, checks, incidents, maintenance, availability. */
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

const TABS = [
  { key: 'overview', to: '/monitoring', end: true },
  { key: 'checks', to: '/monitoring/checks', end: false },
  { key: 'incidents', to: '/monitoring/incidents', end: false },
  { key: 'maintenance', to: '/monitoring/maintenance', end: false },
  { key: 'sla', to: '/monitoring/sla', end: false },
] as const;

export function MonitoringTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs monitoring-tabs" aria-label={t('monitoring.tabs.label')}>
      {TABS.map((tab) => (
        <NavLink key={tab.key} to={tab.to} end={tab.end} data-tab={tab.key}>
          {t(`monitoring.tabs.${tab.key}`)}
        </NavLink>
      ))}
    </nav>
  );
}
