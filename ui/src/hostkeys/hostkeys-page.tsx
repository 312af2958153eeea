/** SSH host keys: which key each host presents, which are approved, and the decisions waiting. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostKey, HostKeyStatus } from '../api/types.js';
import { Badge, type BadgeTone } from '../components/badge.js';
import { HostLink } from '../components/host-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { ActorName } from '../object/actor-name.js';
import { AlertsPanel } from './alerts-panel.js';
import { ApproveDialog } from './approve-dialog.js';
import { approvedKeyOf } from './host-key-changes.js';
import { useHostKeys, useSecurityAlerts } from './hostkey-requests.js';
import { RejectDialog } from './reject-dialog.js';

const STATUS_TONE: Record<HostKeyStatus, BadgeTone> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  replaced: 'neutral',
};

type Decision = { readonly verb: 'approve' | 'reject'; readonly key: HostKey } | null;

export function HostKeysPage() {
  const { t } = useTranslation();
  const keys = useHostKeys();
  const alerts = useSecurityAlerts();
  const [decision, setDecision] = useState<Decision>(null);
  const list = keys.data ?? [];
  const review = (host: string) => {
    const pending = list.find((key) => key.host === host && key.status === 'pending');
    if (pending !== undefined) setDecision({ verb: 'approve', key: pending });
  };
  return (
    <>
      <PageHeader title={t('hostkeys.title')} subtitle={t('hostkeys.subtitle')} />
      {alerts.data !== undefined && <AlertsPanel alerts={alerts.data} keys={list} onReview={review} />}
      <section className="panel flush">
        <div className="panel-title-row">
          <h2 className="panel-title">{t('hostkeys.keys')}</h2>
        </div>
        <QueryView query={keys}>{(all) => <KeyTable keys={all} onDecide={setDecision} />}</QueryView>
      </section>
      {decision?.verb === 'approve' && (
        <ApproveDialog
          hostKey={decision.key}
          replacing={approvedKeyOf(list, decision.key.host)}
          onClose={() => setDecision(null)}
        />
      )}
      {decision?.verb === 'reject' && (
        <RejectDialog hostKey={decision.key} onClose={() => setDecision(null)} />
      )}
    </>
  );
}

interface KeyTableProps {
  readonly keys: readonly HostKey[];
  readonly onDecide: (decision: Decision) => void;
}

function KeyTable({ keys, onDecide }: KeyTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  if (keys.length === 0) return <p className="empty-state">{t('hostkeys.none')}</p>;
  return (
    <table className="table middle" data-testid="host-keys">
      <thead>
        <tr>
          <th>{t('hostkeys.host')}</th>
          <th>{t('hostkeys.fingerprint')}</th>
          <th>{t('hostkeys.status')}</th>
          <th>{t('hostkeys.seenAndDecided')}</th>
          <th>
            <span className="visually-hidden">{t('hostkeys.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const changed = key.status === 'pending' && approvedKeyOf(keys, key.host) !== undefined;
          return (
            <tr
              key={`${key.host} ${key.fingerprint}`}
              data-host={key.host}
              data-status={key.status}
              className={changed ? 'changed-key' : undefined}
            >
              <td>
                <HostLink hostKey={key.host} />
                <span className="block muted small mono">{key.address}</span>
              </td>
              <td className="fingerprint">
                <span className="mono small">{key.fingerprint}</span>
                <span className="block muted small">{key.algorithm}</span>
              </td>
              <td>
                <Badge tone={changed ? 'danger' : STATUS_TONE[key.status]}>
                  {t(changed ? 'hostkeys.changed' : `hostkeys.statusName.${key.status}`)}
                </Badge>
              </td>
              <td className="small">
                <span className="block nowrap">
                  {t('hostkeys.firstSeenAt')}{' '}
                  <time dateTime={key.firstSeenAt}>{format.dateTime(key.firstSeenAt)}</time>
                </span>
                {key.decidedAt !== null && key.decidedBy !== null && (
                  <span className="block muted">
                    {t(`hostkeys.decidedBy.${key.status}`)} <ActorName actor={key.decidedBy} />,{' '}
                    <time dateTime={key.decidedAt}>{format.dateTime(key.decidedAt)}</time>
                  </span>
                )}
              </td>
              <td className="row-actions key-actions">
                {(key.status === 'pending' || key.status === 'rejected') && (
                  <button
                    type="button"
                    className={changed ? 'button danger-outline' : 'button primary'}
                    onClick={() => onDecide({ verb: 'approve', key })}
                    data-testid="approve"
                  >
                    {t(changed ? 'hostkeys.reapprove' : 'hostkeys.approveButton')}
                  </button>
                )}
                {key.status === 'pending' && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => onDecide({ verb: 'reject', key })}
                    data-testid="reject"
                  >
                    {t('hostkeys.rejectButton')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
