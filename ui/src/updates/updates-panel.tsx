/**
 * A host's pending updates on its page: current → candidate, security fixes first with their CVEs and
 * how long they have waited, reboot flags, and "Check now" for those who may operate hosts. A failed
 * last check is said plainly above the (older) list.
 */
import { useTranslation } from 'react-i18next';
import { ActionError } from '../components/action-error.js';
import { Badge } from '../components/badge.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { useMe } from '../session/session-context.js';
import { CveLinks, UrgencyBadge } from './update-badges.js';
import {
  type CheckFailure,
  type HostUpdates,
  type PendingUpdate,
  useCheckUpdates,
  useHostUpdates,
} from './updates-requests.js';

export function HostUpdatesPanel({ host }: { readonly host: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = me.permissions.includes('hosts:read');
  const mayCheck = me.permissions.includes('hosts:operate');
  const updates = useHostUpdates(host, allowed);
  const check = useCheckUpdates(host);
  if (!allowed) return null;
  return (
    <section className="panel" data-testid="host-updates" aria-busy={check.isPending}>
      <div className="panel-title-row" style={{ paddingRight: 0, marginBottom: 12 }}>
        <h2>{t('updates.panelTitle')}</h2>
        {mayCheck && (
          <button
            type="button"
            className="button"
            data-testid="check-updates"
            disabled={check.isPending}
            onClick={() => check.mutate()}
          >
            {check.isPending && <span className="spinner" aria-hidden="true" />}
            {check.isPending ? t('updates.checking') : t('updates.checkNow')}
          </button>
        )}
      </div>
      {check.isError && <ActionError error={check.error} />}
      <QueryView query={updates}>{(view) => <HostUpdatesState view={view} mayCheck={mayCheck} />}</QueryView>
    </section>
  );
}

function HostUpdatesState({ view, mayCheck }: { readonly view: HostUpdates; readonly mayCheck: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { snapshot, lastFailure } = view;
  if (snapshot === null && lastFailure === null) {
    return (
      <p className="muted">{mayCheck ? t('updates.neverChecked') : t('updates.neverCheckedReadOnly')}</p>
    );
  }
  return (
    <>
      {lastFailure !== null && <FailedCheck failure={lastFailure} />}
      {snapshot !== null && (
        <>
          <p className="muted small" data-testid="updates-checked-at">
            {t('updates.checkedAt', {
              relative: format.relative(snapshot.checkedAt),
              at: format.dateTime(snapshot.checkedAt),
            })}
            {!snapshot.refreshed && ` · ${t('updates.notRefreshed')}`}
          </p>
          {snapshot.rebootRequired && (
            <div className="notice notice-warning" data-testid="reboot-required">
              <strong>{t('updates.rebootRequiredNow')}</strong>
              {snapshot.rebootPackages.length > 0 &&
                ` ${t('updates.rebootAskedBy', { packages: snapshot.rebootPackages.join(', ') })}`}
            </div>
          )}
          {snapshot.updates.length === 0 ? (
            <p data-testid="updates-none">{t('updates.upToDate')}</p>
          ) : (
            <UpdatesTable updates={snapshot.updates} />
          )}
          {snapshot.notes.map((note) => (
            <p key={note} className="muted small">
              {t('updates.note')} {note}
            </p>
          ))}
        </>
      )}
    </>
  );
}

function UpdatesTable({ updates }: { readonly updates: readonly PendingUpdate[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sorted = [...updates].sort(
    (a, b) => Number(b.security) - Number(a.security) || a.package.localeCompare(b.package),
  );
  return (
    <table className="table middle" data-testid="pending-updates">
      <thead>
        <tr>
          <th>{t('updates.package')}</th>
          <th>{t('updates.versions')}</th>
          <th>{t('updates.kind')}</th>
          <th>{t('updates.cves')}</th>
          <th>{t('updates.urgencyTitle')}</th>
          <th>{t('updates.reboot')}</th>
          <th>{t('updates.firstSeen')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((update) => (
          <tr key={`${update.package}:${update.architecture}`} data-package={update.package}>
            <td className="mono" style={{ whiteSpace: 'nowrap' }}>
              {update.package}
            </td>
            <td className="mono small" style={{ whiteSpace: 'nowrap' }}>
              {update.currentVersion ?? t('updates.newPackage')} → {update.candidateVersion}
            </td>
            <td>
              {update.security ? (
                <Badge tone="danger">{t('updates.security')}</Badge>
              ) : (
                <Badge tone="neutral">{t('updates.regular')}</Badge>
              )}
            </td>
            <td>
              <CveLinks cves={update.cves} />
            </td>
            <td>
              <UrgencyBadge urgency={update.urgency} />
            </td>
            <td>
              {update.needsReboot ? (
                <Badge tone="warning">
                  {t('updates.rebootAfter')}
                  {update.rebootReason !== null &&
                    ` (${t(`updates.rebootReason.${update.rebootReason === 'declared by the package' ? 'declared' : 'bootCritical'}`)})`}
                </Badge>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td className="small">
              {update.firstSeenAt === null ? (
                <span className="muted">—</span>
              ) : (
                <span title={format.dateTime(update.firstSeenAt)}>{format.relative(update.firstSeenAt)}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FailedCheck({ failure }: { readonly failure: CheckFailure }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="notice notice-danger" role="alert" data-testid="updates-last-failure">
      <strong>
        {t('updates.lastCheckFailed', {
          relative: format.relative(failure.checkedAt),
          at: format.dateTime(failure.checkedAt),
        })}
      </strong>{' '}
      {failure.message}
      {failure.hint !== null && <span className="block small">{failure.hint}</span>}
    </div>
  );
}
