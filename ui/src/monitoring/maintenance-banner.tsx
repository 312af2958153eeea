/** A banner per maintenance window active now (and a line for those coming). */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.js';
import type { MaintenanceWindow } from './monitoring-types.js';

export function MaintenanceBanner({ windows }: { readonly windows: readonly MaintenanceWindow[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const active = windows.filter((window) => window.activeUntil !== null);
  const coming = windows.filter((window) => window.activeUntil === null);
  if (windows.length === 0) return null;
  return (
    <div data-testid="maintenance-banner">
      {active.map((window) => (
        <div key={window.id} className="notice notice-info">
          <strong>{t('monitoring.maintenance.activeNow')}</strong>{' '}
          {t('monitoring.maintenance.bannerLine', {
            title: window.title,
            scope: `${t(`monitoring.scope.${window.scope.kind}`)} ${window.scope.value}`,
            until: format.dateTime(window.activeUntil ?? ''),
          })}
        </div>
      ))}
      {coming.length > 0 && (
        <p className="muted small">
          {t('monitoring.maintenance.coming', { count: coming.length })}{' '}
          {coming.map((window) => `${window.title} (${format.dateTime(window.startsAt)})`).join(' · ')}
        </p>
      )}
    </div>
  );
}
