/** The security alerts, on top of the host keys page: red while a changed key still waits for a decision. */
import { useTranslation } from 'react-i18next';
import type { HostKey, SecurityAlert } from '../api/types.js';
import { HostLink } from '../components/host-link.js';
import { useFormat } from '../format/use-format.js';
import { alertFingerprints, isAlertOpen } from './host-key-changes.js';

interface AlertsPanelProps {
  readonly alerts: readonly SecurityAlert[];
  readonly keys: readonly HostKey[];
  /** Opens the re-approval dialog of the host's pending key. */
  readonly onReview: (host: string) => void;
}

export function AlertsPanel({ alerts, keys, onReview }: AlertsPanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  if (alerts.length === 0) return null;
  const open = alerts.filter((alert) => isAlertOpen(alert, keys));
  // One line per host and fingerprint: a host retried every minute would otherwise fill the panel.
  const seen = new Set<string>();
  const shown = alerts.filter((alert) => {
    const id = `${alert.host ?? ''} ${alertFingerprints(alert)?.presented ?? alert.id}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return (
    <section
      className={open.length > 0 ? 'panel security-alerts open' : 'panel security-alerts'}
      data-testid="security-alerts"
      role={open.length > 0 ? 'alert' : undefined}
    >
      <h2>
        {open.length > 0 ? t('hostkeys.alerts.open', { count: open.length }) : t('hostkeys.alerts.title')}
      </h2>
      <ul className="alert-list">
        {shown.map((alert) => {
          const prints = alertFingerprints(alert);
          const active = isAlertOpen(alert, keys);
          return (
            <li key={alert.id} className={active ? 'alert-item active' : 'alert-item'}>
              <div className="alert-line">
                <time dateTime={alert.at} className="nowrap">
                  {format.dateTime(alert.at)}
                </time>
                <strong>
                  {alert.kind === 'host_key_mismatch'
                    ? t('hostkeys.alerts.mismatch')
                    : t('hostkeys.alerts.other', { kind: alert.kind })}
                </strong>
                {alert.host !== null && <HostLink hostKey={alert.host} />}
                {!active && <span className="muted small">{t('hostkeys.alerts.resolved')}</span>}
                {active && alert.host !== null && (
                  <button
                    type="button"
                    className="button danger-outline small-button"
                    onClick={() => onReview(alert.host ?? '')}
                    data-testid="review-alert"
                  >
                    {t('hostkeys.alerts.review')}
                  </button>
                )}
              </div>
              {prints === null ? (
                <p className="small">{alert.message}</p>
              ) : (
                <p className="small">
                  {t('hostkeys.alerts.approvedWas')} <span className="mono">{prints.approved}</span>
                  <br />
                  {t('hostkeys.alerts.presentedNow')} <span className="mono">{prints.presented}</span>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
