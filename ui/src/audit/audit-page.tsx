/** The audit page: is the trail intact, and the latest events, who did what to what, when. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditEvents, useAuditVerification } from '../api/queries.js';
import type { AuditEvent } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { ObjectLink } from '../components/object-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { ActorName } from '../object/actor-name.js';
import { actionKey, actionTone } from '../object/audit-action.js';
import { diffValues } from '../object/change-diff.js';
import { pathLabel } from '../object/field-label.js';
import { isObjectKind } from '../object/kinds.js';
import { CheckpointPanel } from './checkpoint-panel.js';
import { IntegrityPanel } from './integrity-panel.js';

const PAGE_SIZES = [50, 200, 500] as const;

export function AuditPage() {
  const { t } = useTranslation();
  const [limit, setLimit] = useState<number>(PAGE_SIZES[0]);
  const events = useAuditEvents(limit);
  const verification = useAuditVerification();
  // Rows the verification names are marked in the list, so the eye goes straight to them.
  const suspect = new Set(
    (verification.data?.findings ?? []).flatMap((finding) => (finding.seq === null ? [] : [finding.seq])),
  );
  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <IntegrityPanel />
      <CheckpointPanel />
      <section className="panel flush">
        <div className="panel-title-row">
          <h2 className="panel-title">{t('audit.recent')}</h2>
          <label className="inline-field small">
            {t('audit.show')}
            <select value={limit} onChange={(event) => setLimit(Number(event.target.value))}>
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
        </div>
        <QueryView query={events}>{(list) => <EventTable events={list} suspect={suspect} />}</QueryView>
      </section>
    </>
  );
}

function EventTable({
  events,
  suspect,
}: {
  readonly events: readonly AuditEvent[];
  readonly suspect: ReadonlySet<number>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (events.length === 0) return <p className="empty-state">{t('audit.none')}</p>;
  return (
    <table className="table middle" data-testid="audit-events">
      <thead>
        <tr>
          <th className="numeric">#</th>
          <th>{t('audit.when')}</th>
          <th>{t('audit.who')}</th>
          <th>{t('audit.what')}</th>
          <th>{t('audit.target')}</th>
          <th>{t('audit.changes')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr
            key={event.seq}
            className={suspect.has(event.seq) ? 'suspect' : undefined}
            title={suspect.has(event.seq) ? t('audit.suspectRow') : undefined}
          >
            <td className="numeric muted">{event.seq}</td>
            <td className="nowrap">
              <time dateTime={event.at} title={format.relative(event.at)}>
                {format.dateTime(event.at)}
              </time>
            </td>
            <td>
              <ActorName actor={event.actor} />
            </td>
            <td>
              <Badge tone={actionTone(event.action)}>
                {t(actionKey(event.action), { defaultValue: event.action })}
              </Badge>
            </td>
            <td>
              <Target event={event} />
            </td>
            <td className="small">
              <ChangeSummary event={event} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Target({ event }: { readonly event: AuditEvent }) {
  const { t } = useTranslation();
  const kind = event.targetKind ?? null;
  const key = event.targetKey ?? null;
  if (kind === null || key === null) return <span className="muted">—</span>;
  if (isObjectKind(kind)) {
    return (
      <>
        <span className="muted small">{t(`kind.${kind}`)} </span>
        <ObjectLink kind={kind} objectKey={key} />
      </>
    );
  }
  if (kind === 'inventory_revision') return <span>{t('history.revision', { id: key })}</span>;
  return (
    <span>
      <span className="muted small">{t(`auditTarget.${kind}`, { defaultValue: kind })} </span>
      <span className="mono">{key}</span>
    </span>
  );
}

/** The fields an event changed, named; at most four, then a count. */
function ChangeSummary({ event }: { readonly event: AuditEvent }) {
  const { t } = useTranslation();
  if (event.before === null || event.before === undefined) {
    return event.after === null || event.after === undefined ? (
      <span className="muted">—</span>
    ) : (
      <span>{t('audit.created')}</span>
    );
  }
  if (event.after === null || event.after === undefined) return <span>{t('audit.removed')}</span>;
  const changes = diffValues(event.before, event.after);
  const shown = changes.slice(0, 4).map((change) => pathLabel(t, change.path));
  const more = changes.length - shown.length;
  return (
    <span>
      {shown.join(', ')}
      {more > 0 && ` ${t('audit.more', { count: more })}`}
    </span>
  );
}
