/** Incidents as a table: state, what, since when, the suppression label, and Acknowledge for operators. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../components/badge.js';
import { useFormat } from '../format/use-format.js';
import { useMe } from '../session/session-context.js';
import { AckDialog } from './ack-dialog.js';
import { formatDuration } from './monitoring-format.js';
import type { Incident } from './monitoring-types.js';

const STATUS_TONE = { open: 'danger', acknowledged: 'warning', resolved: 'success' } as const;

export function IncidentTable({ incidents }: { readonly incidents: readonly Incident[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const mayOperate = useMe().permissions.includes('hosts:operate');
  const [acking, setAcking] = useState<Incident | null>(null);
  if (incidents.length === 0) return <p className="empty-state">{t('monitoring.incidents.none')}</p>;
  return (
    <>
      <table className="table middle" data-testid="incident-table">
        <thead>
          <tr>
            <th>{t('monitoring.incidents.status')}</th>
            <th>{t('monitoring.incidents.what')}</th>
            <th>{t('monitoring.incidents.opened')}</th>
            <th>{t('monitoring.incidents.duration')}</th>
            <th>{t('monitoring.incidents.message')}</th>
            <th>{t('monitoring.incidents.ack')}</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-incident={incident.checkId}>
              <td>
                <Badge tone={STATUS_TONE[incident.status]}>
                  {t(`monitoring.incidentStatus.${incident.status}`)}
                </Badge>{' '}
                {incident.severity === 'warning' && (
                  <Badge tone="warning">{t('monitoring.severity.warning')}</Badge>
                )}
              </td>
              <td>
                <Link to={`/monitoring/checks/${incident.checkId}`}>{incident.objectName}</Link>
                <div className="muted small mono">{incident.checkId}</div>
                {incident.unreachableBecauseOf !== null && (
                  <div data-testid="unreachable-label">
                    <Badge tone="info">
                      {t('monitoring.unreachableBecauseOf', { name: incident.unreachableBecauseOf })}
                    </Badge>
                  </div>
                )}
                {incident.heldByMaintenance !== null && (
                  <div>
                    <Badge tone="info">{t('monitoring.heldByMaintenance')}</Badge>
                  </div>
                )}
              </td>
              <td className="nowrap">{format.dateTime(incident.openedAt)}</td>
              <td className="nowrap">{formatDuration(durationOf(incident), t)}</td>
              <td className="small">{incident.lastMessage}</td>
              <td>
                {incident.ackComment !== null ? (
                  <span className="small">
                    {incident.ackComment}
                    <span className="muted"> — {incident.acknowledgedBy}</span>
                  </span>
                ) : mayOperate && incident.status === 'open' ? (
                  <button
                    type="button"
                    className="small-button"
                    data-testid="ack-button"
                    onClick={() => setAcking(incident)}
                  >
                    {t('monitoring.ack.button')}
                  </button>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {acking !== null && <AckDialog incident={acking} onClose={() => setAcking(null)} />}
    </>
  );
}

/**
 * An open incident lasts until now: computed here, since an unchanged overview comes back as a 304
 * with the duration of its first answer.
 */
function durationOf(incident: Incident): number {
  if (incident.status === 'resolved') return incident.durationMs;
  const openedMs = Date.parse(incident.openedAt);
  return Number.isNaN(openedMs) ? incident.durationMs : Math.max(incident.durationMs, Date.now() - openedMs);
}
