/**
 * The public status page at `/status`, outside the login: the customer's websites and public
 * databases, maintenance announced, incidents of the last 30 days. French unless `?lang=en`.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { formatDuration } from '../monitoring/monitoring-format.js';
import { StateBadge } from '../monitoring/state-badge.js';
import { usePublicStatus } from './status-requests.js';
import '../monitoring/monitoring.css';

export function PublicStatusPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const status = usePublicStatus();
  const requested = new URLSearchParams(window.location.search).get('lang');
  useEffect(() => {
    const wanted = requested === 'en' ? 'en' : 'fr';
    if (i18n.language !== wanted) void i18n.changeLanguage(wanted);
  }, [i18n, requested]);
  useEffect(() => {
    document.title = t('monitoring.status.documentTitle');
  }, [t]);
  const body = status.data;
  return (
    <main className="public-status" data-testid="public-status">
      <div className="public-status-head">
        <div>
          <p className="eyebrow">{t('monitoring.status.eyebrow')}</p>
          <h1>{body?.customer ?? t('monitoring.status.title')}</h1>
        </div>
        <nav className="public-status-languages" aria-label={t('language.label')}>
          <a href="?lang=fr" lang="fr" aria-current={i18n.language === 'fr' ? 'true' : undefined}>
            FR
          </a>
          <a href="?lang=en" lang="en" aria-current={i18n.language === 'en' ? 'true' : undefined}>
            EN
          </a>
        </nav>
      </div>
      {status.isPending && <Loading />}
      {status.isError && <div className="notice notice-danger">{t('monitoring.status.unavailable')}</div>}
      {body !== undefined && (
        <>
          <div className="public-status-overall" data-state={body.overall} data-testid="status-overall">
            {t(`monitoring.status.overall.${body.overall}`)}
          </div>
          {body.maintenance.length > 0 && (
            <section className="panel" data-testid="status-maintenance">
              <h2 className="panel-title">{t('monitoring.status.maintenance')}</h2>
              <ul className="plain-list">
                {body.maintenance.map((window) => (
                  <li key={`${window.title}-${window.startsAt}`}>
                    <strong>{window.title}</strong>{' '}
                    {window.active ? t('monitoring.status.maintenanceNow') : ''}{' '}
                    <span className="muted">
                      {format.dateTime(window.startsAt)}
                      {window.endsAt === null ? '' : ` → ${format.dateTime(window.endsAt)}`} ·{' '}
                      {window.services.join(', ')}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="panel flush" data-testid="status-services">
            <div className="panel-title-row">
              <h2 className="panel-title">{t('monitoring.status.services')}</h2>
            </div>
            {body.services.map((service) => (
              <div key={service.id} className="service-row" data-service={service.name}>
                <span>
                  {service.name} <span className="muted small">{t(`monitoring.kind.${service.kind}`)}</span>
                </span>
                <StateBadge state={service.state} />
              </div>
            ))}
          </section>
          <section className="panel flush" data-testid="status-incidents">
            <div className="panel-title-row">
              <h2 className="panel-title">{t('monitoring.status.pastIncidents')}</h2>
            </div>
            {body.incidents.length === 0 ? (
              <p className="empty-state">{t('monitoring.status.noIncidents')}</p>
            ) : (
              <table className="table">
                <tbody>
                  {body.incidents.map((incident) => (
                    <tr key={`${incident.service}-${incident.openedAt}`}>
                      <td>{incident.service}</td>
                      <td className="nowrap">{format.dateTime(incident.openedAt)}</td>
                      <td>
                        {incident.resolvedAt === null
                          ? t('monitoring.status.ongoing', {
                              duration: formatDuration(incident.durationMs, t),
                            })
                          : t('monitoring.status.resolvedAfter', {
                              duration: formatDuration(incident.durationMs, t),
                            })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <footer className="muted small">
            {t('monitoring.status.updatedAt', { time: format.dateTime(body.at) })}
          </footer>
        </>
      )}
    </main>
  );
}
