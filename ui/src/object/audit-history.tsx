/** An object's audit history: who did what when, and what changed, newest first. */
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { useFormat } from '../format/use-format.js';
import { ActorName } from './actor-name.js';
import { actionKey, actionTone } from './audit-action.js';
import { ChangeTable } from './change-table.js';

type HistoryEvent = Pick<AuditEvent, 'seq' | 'at' | 'actor' | 'action' | 'before' | 'after' | 'meta'>;

export function AuditHistory({ events }: { readonly events: readonly HistoryEvent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (events.length === 0) return <p className="muted">{t('history.none')}</p>;
  return (
    <ol className="timeline" data-testid="audit-history">
      {events.map((event) => {
        const revision = revisionOf(event.meta);
        const created = event.before === null || event.before === undefined;
        return (
          <li key={event.seq} className="timeline-item">
            <div className="timeline-head">
              <Badge tone={actionTone(event.action)}>
                {t(actionKey(event.action), { defaultValue: event.action })}
              </Badge>
              <span className="timeline-who">
                <ActorName actor={event.actor} />
              </span>
              <time dateTime={event.at} title={format.relative(event.at)}>
                {format.dateTime(event.at)}
              </time>
              {revision !== undefined && (
                <span className="muted small">{t('history.revision', { id: revision })}</span>
              )}
              <span className="muted small seq">#{event.seq}</span>
            </div>
            {created && event.after !== null && event.after !== undefined ? (
              <details className="timeline-details">
                <summary>{t('history.showCreated')}</summary>
                <ChangeTable before={event.before} after={event.after} />
              </details>
            ) : (
              <ChangeTable before={event.before} after={event.after} />
            )}
          </li>
        );
      })}
    </ol>
  );
}

function revisionOf(meta: unknown): number | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  const id = (meta as Record<string, unknown>).revisionId;
  return typeof id === 'number' ? id : undefined;
}
