/** The backup section's own navigation: the services with their RPO and RTO, and every run. */
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

const TABS = [
  { key: 'services', to: '/backups', end: true },
  { key: 'runs', to: '/backups/runs', end: false },
] as const;

export function BackupsTabs() {
  const { t } = useTranslation();
  return (
    <nav className="tabs backups-tabs" aria-label={t('backups.tabs.label')}>
      {TABS.map((tab) => (
        <NavLink key={tab.key} to={tab.to} end={tab.end} data-tab={tab.key}>
          {t(`backups.tabs.${tab.key}`)}
        </NavLink>
      ))}
    </nav>
  );
}
