/**
 * Backup runs, newest first: what each stored, how long it took, its checksum and verification, and
 * the actions on it. Bytes added, checksums and verification dates go on narrow screens (`wide-only`).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ActionError } from '../components/action-error.js';
import { useFormat } from '../format/use-format.js';
import { formatDuration } from '../journal/duration.js';
import { useMe } from '../session/session-context.js';
import { RunStatusBadge } from './backup-badges.js';
import { shortChecksum, sourcePath } from './backup-format.js';
import { useVerifyRun } from './backup-requests.js';
import type { BackupRun } from './backup-types.js';
import { RestoreDialog } from './restore-dialog.js';

interface RunsTableProps {
  readonly runs: readonly BackupRun[];
  /** Show which source each run belongs to (the list of every run). */
  readonly withSource?: boolean;
}

export function RunsTable({ runs, withSource = false }: RunsTableProps) {
  const { t } = useTranslation();
  const mayOperate = useMe().permissions.includes('hosts:operate');
  const verify = useVerifyRun();
  const [restoring, setRestoring] = useState<BackupRun | null>(null);
  if (runs.length === 0) return <p className="empty-state">{t('backups.runs.none')}</p>;
  return (
    <>
      {verify.isError && <ActionError error={verify.error} />}
      <div className="table-scroll">
        <table className="table middle" data-testid="backup-runs">
          <thead>
            <tr>
              <th>{t('backups.runs.started')}</th>
              {withSource && <th>{t('backups.source')}</th>}
              <th>{t('backups.runs.status')}</th>
              <th className="numeric">{t('backups.runs.size')}</th>
              <th className="numeric wide-only">{t('backups.runs.added')}</th>
              <th className="numeric">{t('backups.runs.duration')}</th>
              <th className="wide-only">{t('backups.runs.checksum')}</th>
              <th className="wide-only">{t('backups.runs.verifiedAt')}</th>
              <th>{t('backups.runs.notes')}</th>
              {mayOperate && <th aria-label={t('backups.actions')} />}
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <RunRow
                key={run.id}
                run={run}
                withSource={withSource}
                mayOperate={mayOperate}
                verifying={verify.isPending && verify.variables === run.id}
                onVerify={() => verify.mutate(run.id)}
                onRestore={() => setRestoring(run)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {restoring !== null && <RestoreDialog run={restoring} onClose={() => setRestoring(null)} />}
    </>
  );
}

interface RunRowProps {
  readonly run: BackupRun;
  readonly withSource: boolean;
  readonly mayOperate: boolean;
  readonly verifying: boolean;
  onVerify(): void;
  onRestore(): void;
}

function RunRow({ run, withSource, mayOperate, verifying, onVerify, onRestore }: RunRowProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const stored = run.status === 'written' || run.status === 'verified' || run.status === 'failed';
  const hasArtifacts = run.artifacts.length > 0;
  const bytes = (value: number | null) => (value === null ? '—' : format.bytes(value));
  return (
    <tr data-run-id={run.id} data-status={run.status}>
      <td className="nowrap">{format.dateTime(run.startedAt)}</td>
      {withSource && (
        <td className="mono small">
          <Link to={sourcePath(run.source)}>{run.source}</Link>
        </td>
      )}
      <td className="nowrap">
        <RunStatusBadge status={run.status} />
      </td>
      <td className="numeric nowrap">{bytes(run.sizeBytes)}</td>
      <td className="numeric nowrap wide-only">{bytes(run.addedBytes)}</td>
      <td className="numeric nowrap">
        {run.durationMs === null ? '—' : formatDuration(format.locale, run.durationMs)}
      </td>
      <td className="mono small wide-only">
        {run.artifacts.map((artifact) => (
          <span key={artifact.filename} className="block" title={`${artifact.filename}: ${artifact.sha256}`}>
            {shortChecksum(artifact.sha256)}
          </span>
        ))}
      </td>
      <td className="small wide-only">{run.verifiedAt === null ? '—' : format.dateTime(run.verifiedAt)}</td>
      <td className="small run-notes">
        {run.error !== null && <span className="block text-danger">{run.error}</span>}
        {run.warnings.map((warning) => (
          <span key={warning} className="block backup-warning">
            {warning}
          </span>
        ))}
      </td>
      {mayOperate && (
        <td>
          <div className="backup-row-actions">
            {stored && hasArtifacts && (
              <button
                type="button"
                className="small-button"
                disabled={verifying}
                onClick={onVerify}
                data-testid="verify-run"
              >
                {t('backups.runs.verify')}
              </button>
            )}
            {(run.status === 'verified' || run.status === 'written') && (
              <button type="button" className="small-button" onClick={onRestore} data-testid="restore-run">
                {t('backups.runs.restore')}
              </button>
            )}
          </div>
        </td>
      )}
    </tr>
  );
}
