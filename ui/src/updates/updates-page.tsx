/**
 * The rack's updates: every checked host ranked by exposure (security updates, CVEs, highest urgency,
 * how long the oldest security fix has waited, reboots), with the score drawn as a bar, the security
 * feed in use, and "Import the feed" for those who may operate hosts.
 */
import { useTranslation } from 'react-i18next';
import { ActionError } from '../components/action-error.js';
import { Badge } from '../components/badge.js';
import { HostLink } from '../components/host-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { UsageBar } from '../components/usage-bar.js';
import { useFormat } from '../format/use-format.js';
import { useMe } from '../session/session-context.js';
import { UrgencyBadge } from './update-badges.js';
import { type FeedImport, type HostExposure, useImportFeed, useRackExposure } from './updates-requests.js';

export function UpdatesPage() {
  const { t } = useTranslation();
  const rack = useRackExposure();
  const mayOperate = useMe().permissions.includes('hosts:operate');
  const importFeed = useImportFeed();
  return (
    <>
      <PageHeader
        title={t('updates.title')}
        subtitle={t('updates.subtitle')}
        actions={
          mayOperate ? (
            <button
              type="button"
              className="button"
              data-testid="import-feed"
              disabled={importFeed.isPending}
              onClick={() => importFeed.mutate()}
            >
              {importFeed.isPending && <span className="spinner" aria-hidden="true" />}
              {t('updates.importFeed')}
            </button>
          ) : undefined
        }
      />
      {importFeed.isError && <ActionError error={importFeed.error} />}
      <QueryView query={rack} fullPageErrors>
        {(body) => (
          <>
            <FeedLine feed={body.feed} />
            <section className="panel flush">
              <div className="panel-title-row">
                <h2 className="panel-title">{t('updates.ranking')}</h2>
              </div>
              <ExposureTable items={body.items} />
              <p className="muted small" style={{ padding: '0 16px 12px' }}>
                {t('updates.scoreExplained')}
              </p>
            </section>
          </>
        )}
      </QueryView>
    </>
  );
}

function FeedLine({ feed }: { readonly feed: FeedImport | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (feed === null) {
    return (
      <div className="notice notice-info" data-testid="feed-none">
        {t('updates.noFeed')}
      </div>
    );
  }
  return (
    <p className="muted small" data-testid="feed-line">
      {t('updates.feedLine', {
        count: feed.entryCount,
        releases: feed.releases.join(', '),
        relative: format.relative(feed.importedAt),
        source: feed.source,
      })}
    </p>
  );
}

function ExposureTable({ items }: { readonly items: readonly HostExposure[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (items.length === 0) return <p className="empty-state">{t('updates.noHostChecked')}</p>;
  const scale = Math.max(1, ...items.map((item) => item.score));
  return (
    <table className="table middle" data-testid="exposure-ranking">
      <thead>
        <tr>
          <th>{t('updates.host')}</th>
          <th style={{ minWidth: 180 }}>{t('updates.score')}</th>
          <th>{t('updates.security')}</th>
          <th>{t('updates.cves')}</th>
          <th>{t('updates.urgencyTitle')}</th>
          <th>{t('updates.oldest')}</th>
          <th>{t('updates.reboot')}</th>
          <th>{t('updates.pending')}</th>
          <th>{t('updates.lastCheck')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.host} data-host={item.host}>
            <td>
              <HostLink hostKey={item.host} />
            </td>
            <td>
              <UsageBar
                label={t('updates.score')}
                figure={String(item.score)}
                used={item.score}
                scale={scale}
              />
            </td>
            <td>
              {item.securityCount > 0 ? (
                <Badge tone="danger">{item.securityCount}</Badge>
              ) : (
                <span className="muted">0</span>
              )}
            </td>
            <td>
              {item.cveCount > 0 ? (
                <Badge tone="warning">{item.cveCount}</Badge>
              ) : (
                <span className="muted">0</span>
              )}
            </td>
            <td>
              <UrgencyBadge urgency={item.maxUrgency} />
            </td>
            <td>
              {item.oldestSecurityAgeDays === null ? (
                <span className="muted">—</span>
              ) : (
                t('updates.days', { count: item.oldestSecurityAgeDays })
              )}
            </td>
            <td>
              {item.rebootRequired ? (
                <Badge tone="danger">{t('updates.rebootNow')}</Badge>
              ) : item.rebootNeededByUpdates ? (
                <Badge tone="warning">{t('updates.rebootAfter')}</Badge>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td>{item.pendingCount}</td>
            <td className="small">
              {item.lastFailure !== null ? (
                <span title={item.lastFailure.message}>
                  <Badge tone="danger">{t('updates.checkFailed')}</Badge>{' '}
                  <span className="muted">{format.relative(item.lastFailure.checkedAt)}</span>
                </span>
              ) : item.checkedAt !== null ? (
                <span title={format.dateTime(item.checkedAt)}>{format.relative(item.checkedAt)}</span>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
