/**
 * One backed-up service on the overview: what it is, its RPO against the target, its RTO from the last
 * drill, its last run, schedule and destinations, what stops it, and "back up" / "drill" for operators.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ActionError } from '../components/action-error.js';
import { Badge } from '../components/badge.js';
import { useFormat } from '../format/use-format.js';
import { formatDuration } from '../journal/duration.js';
import { DrillStatusBadge, RpoBadge, RunStatusBadge } from './backup-badges.js';
import { formatAge, scheduleInWords, sourcePath } from './backup-format.js';
import { useStartBackup, useStartDrill } from './backup-requests.js';
import type { SourceStatus } from './backup-types.js';

interface SourceCardProps {
  readonly status: SourceStatus;
  readonly mayOperate: boolean;
  /** A job of this source is running: no second one may start. */
  readonly busy: boolean;
}

export function SourceCard({ status, mayOperate, busy }: SourceCardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const backup = useStartBackup();
  const drill = useStartDrill();
  const { lastRun, lastDrill } = status;
  return (
    <article
      className="panel backup-card"
      data-source={status.source}
      data-rpo-state={status.rpoState}
      data-testid="backup-source"
    >
      <header className="backup-card-head">
        <div>
          <h3 className="backup-card-title">
            <Link to={sourcePath(status.source)}>{status.object.name}</Link>
          </h3>
          <span className="muted small">
            {t(`backups.objectKind.${status.object.kind}`, { defaultValue: status.object.kind })} ·{' '}
            {t(`backups.kind.${status.kind}`, { defaultValue: status.kind })} ·{' '}
            {t('backups.onHost', { host: status.host })}
          </span>
        </div>
        <RpoBadge state={status.rpoState} />
      </header>
      {status.problem !== null && (
        <div className="notice notice-danger backup-problem" data-testid="backup-problem">
          <strong>{t('backups.problem')}</strong> {status.problem}
        </div>
      )}
      <dl className="backup-figures">
        <div data-testid="rpo">
          <dt>{t('backups.rpo')}</dt>
          <dd>
            <span className={`backup-figure rpo-${status.rpoState}`}>
              {status.rpoSeconds === null ? '—' : formatAge(status.rpoSeconds, t)}
            </span>
            <span className="block muted small">
              {t('backups.rpoTarget', { target: formatAge(status.rpoTargetSeconds, t) })}
            </span>
          </dd>
        </div>
        <div data-testid="rto">
          <dt>{t('backups.rto')}</dt>
          <dd>
            <span className="backup-figure">
              {status.rtoMs === null ? '—' : formatDuration(format.locale, status.rtoMs)}
            </span>
            <span className="block muted small">
              {lastDrill === null ? (
                t('backups.noDrill')
              ) : (
                <>
                  {t('backups.lastDrill', { time: format.relative(lastDrill.startedAt) })}{' '}
                  <DrillStatusBadge status={lastDrill.status} />
                </>
              )}
            </span>
          </dd>
        </div>
        <div data-testid="last-run">
          <dt>{t('backups.lastRun')}</dt>
          <dd>
            {lastRun === null ? (
              <span className="muted">{t('backups.never')}</span>
            ) : (
              <>
                <RunStatusBadge status={lastRun.status} />{' '}
                {lastRun.sizeBytes !== null && (
                  <span className="nowrap">{format.bytes(lastRun.sizeBytes)}</span>
                )}
                <span className="block muted small" title={format.dateTime(lastRun.startedAt)}>
                  {format.relative(lastRun.startedAt)}
                </span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('backups.schedule.label')}</dt>
          <dd>
            <span title={status.schedule}>{scheduleInWords(status.schedule, t)}</span>
            <span className="block muted small">
              {status.destinations.map((destination) => (
                <Badge key={destination} tone="info">
                  {destination}
                </Badge>
              ))}
            </span>
          </dd>
        </div>
      </dl>
      {lastRun?.status === 'failed' && lastRun.error !== null && (
        <p className="small text-danger backup-last-error" data-testid="last-error">
          {lastRun.error}
        </p>
      )}
      {mayOperate && (
        <div className="backup-card-actions">
          <button
            type="button"
            className="button primary"
            disabled={busy || backup.isPending || status.problem !== null}
            title={status.problem ?? undefined}
            onClick={() => backup.mutate(status.source)}
            data-testid="backup-now"
          >
            {t('backups.backupNow')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || drill.isPending || status.lastVerified === null}
            title={status.lastVerified === null ? t('backups.drillNeedsVerified') : undefined}
            onClick={() => drill.mutate(status.source)}
            data-testid="drill-now"
          >
            {t('backups.drillNow')}
          </button>
        </div>
      )}
      {backup.isError && <ActionError error={backup.error} />}
      {drill.isError && <ActionError error={drill.error} />}
    </article>
  );
}
