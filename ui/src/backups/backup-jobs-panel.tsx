/**
 * Backups, verifications, drills and restores started from the web: the running ones with their stage
 * and the bytes read so far, then the ones that ended in the last minutes with their result or error.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../components/badge.js';
import { useFormat } from '../format/use-format.js';
import { formatDuration } from '../journal/duration.js';
import { sourcePath } from './backup-format.js';
import { useBackupJobs } from './backup-requests.js';
import type { BackupJob } from './backup-types.js';

/** Shows nothing while no job ran lately; `source` narrows it to one source's jobs. */
export function BackupJobsPanel({ source }: { readonly source?: string }) {
  const { t } = useTranslation();
  const jobs = useBackupJobs();
  const shown = (jobs.data ?? []).filter(
    (job) => source === undefined || job.source === source || job.source.startsWith('run:'),
  );
  if (shown.length === 0) return null;
  const ordered = [...shown].sort(
    (a, b) =>
      Number(a.finishedAt !== null) - Number(b.finishedAt !== null) || b.startedAt.localeCompare(a.startedAt),
  );
  return (
    <section className="panel flush" data-testid="backup-jobs" aria-live="polite">
      <div className="panel-title-row">
        <h2 className="panel-title">{t('backups.jobs.title')}</h2>
      </div>
      <ul className="backup-jobs">
        {ordered.map((job) => (
          <JobLine key={job.id} job={job} />
        ))}
      </ul>
    </section>
  );
}

function JobLine({ job }: { readonly job: BackupJob }) {
  const { t } = useTranslation();
  const format = useFormat();
  const running = job.finishedAt === null;
  const ended = job.finishedAt ?? new Date().toISOString();
  const elapsed = Date.parse(ended) - Date.parse(job.startedAt);
  const failed = job.error !== null || job.result?.status === 'failed';
  return (
    <li
      className="backup-job"
      data-job-kind={job.kind}
      data-job-state={running ? 'running' : failed ? 'failed' : 'done'}
    >
      <div className="backup-job-head">
        {running && <span className="spinner" aria-hidden="true" />}
        <strong>{t(`backups.jobs.kind.${job.kind}`)}</strong>
        <JobSubject source={job.source} />
        <span className="muted small">
          {t('backups.jobs.by', { actor: job.actor, time: format.dateTime(job.startedAt) })}
        </span>
      </div>
      {running ? (
        <div className="backup-job-progress" data-testid="job-progress">
          <span className="mono small">
            {t(`backups.jobs.stage.${job.stage}`, { defaultValue: job.stage })}
          </span>
          <span className="numeric-value">{format.bytes(job.bytes)}</span>
          <span className="muted small">{formatDuration(format.locale, elapsed)}</span>
        </div>
      ) : (
        <div className="backup-job-progress" data-testid="job-result">
          {failed ? (
            <Badge tone="danger">{t('backups.jobs.failed')}</Badge>
          ) : (
            <Badge tone="success">{t('backups.jobs.done')}</Badge>
          )}
          {job.result !== null && (
            <span className="small">{t('backups.jobs.result', { status: resultLabel(job, t) })}</span>
          )}
          <span className="muted small">
            {/* Drills and verifications report no bytes: only the time says something there. */}
            {job.bytes > 0 && `${format.bytes(job.bytes)} · `}
            {formatDuration(format.locale, elapsed)}
          </span>
        </div>
      )}
      {job.error !== null && <p className="backup-job-error small">{job.error}</p>}
    </li>
  );
}

function JobSubject({ source }: { readonly source: string }) {
  const { t } = useTranslation();
  if (source.startsWith('run:')) {
    return <span className="mono small">{t('backups.jobs.run', { id: source.slice(4, 12) })}</span>;
  }
  return (
    <Link className="mono small" to={sourcePath(source)}>
      {source}
    </Link>
  );
}

function resultLabel(job: BackupJob, t: ReturnType<typeof useTranslation>['t']): string {
  const status = job.result?.status ?? '';
  const key = job.kind === 'drill' ? `backups.drillStatus.${status}` : `backups.runStatus.${status}`;
  return t(key, { defaultValue: status });
}
