/** Restore drills, newest first: when, the result, the measured restore time, and every check. */
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/badge.js';
import { useFormat } from '../format/use-format.js';
import { formatDuration } from '../journal/duration.js';
import { DrillStatusBadge } from './backup-badges.js';
import type { RestoreDrill } from './backup-types.js';

export function DrillsTable({ drills }: { readonly drills: readonly RestoreDrill[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (drills.length === 0) return <p className="empty-state">{t('backups.drills.none')}</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="backup-drills">
        <thead>
          <tr>
            <th>{t('backups.drills.started')}</th>
            <th>{t('backups.drills.status')}</th>
            <th className="numeric">{t('backups.drills.restoreTime')}</th>
            <th>{t('backups.drills.checks')}</th>
          </tr>
        </thead>
        <tbody>
          {drills.map((drill) => (
            <tr key={drill.id} data-drill-id={drill.id} data-status={drill.status}>
              <td className="nowrap">{format.dateTime(drill.startedAt)}</td>
              <td className="nowrap">
                <DrillStatusBadge status={drill.status} />
              </td>
              <td className="numeric nowrap">
                {drill.restoreMs === null ? '—' : formatDuration(format.locale, drill.restoreMs)}
              </td>
              <td className="small">
                <ul className="drill-checks">
                  {drill.checks.map((check) => (
                    <li key={`${check.check}-${check.detail}`} data-ok={check.ok}>
                      <Badge tone={check.ok ? 'success' : 'danger'}>
                        {t(check.ok ? 'backups.drills.ok' : 'backups.drills.failed')}
                      </Badge>{' '}
                      <span>{check.check}</span> <span className="muted">{check.detail}</span>
                    </li>
                  ))}
                </ul>
                {drill.error !== null && <span className="block text-danger">{drill.error}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
