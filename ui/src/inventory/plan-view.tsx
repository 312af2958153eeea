/** A plan (or an applied revision) as a readable diff: objects grouped by kind, fields before → after. */
import { useTranslation } from 'react-i18next';
import type { PlanAction, PlanEntry } from '../api/types.js';
import { Badge, type BadgeTone } from '../components/badge.js';
import { ObjectLink } from '../components/object-link.js';
import { actionKey } from '../object/audit-action.js';
import { OBJECT_KINDS } from '../object/kinds.js';
import { displayName } from '../spec/spec-access.js';
import { FieldChangeTable } from './field-change-table.js';
import { fieldRowsOf } from './field-changes.js';

const TONE: Record<PlanAction, BadgeTone> = { add: 'success', change: 'info', remove: 'danger' };
const ACTION_ORDER: Record<PlanAction, number> = { remove: 0, change: 1, add: 2 };
/** Up to this many entries, added and removed objects show their fields open. */
const OPEN_UP_TO = 12;

interface PlanViewProps {
  readonly entries: readonly PlanEntry[];
  /** Whether the objects exist in the store now: a plan's additions do not yet, a revision's do. */
  readonly applied: boolean;
}

export function PlanView({ entries, applied }: PlanViewProps) {
  const { t } = useTranslation();
  const kinds = [...new Set(entries.map((entry) => entry.kind))].sort(
    (a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b),
  );
  const open = entries.length <= OPEN_UP_TO;
  return (
    <div className="plan-view" data-testid="plan-view">
      {kinds.map((kind) => {
        const group = entries
          .filter((entry) => entry.kind === kind)
          .sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || a.key.localeCompare(b.key));
        return (
          <section key={kind} className="plan-group" data-kind={kind}>
            <h3 className="plan-group-title">
              {t(`inventory.kindGroup.${kind}`, { defaultValue: kind })}
              <span className="muted small"> · {group.length}</span>
            </h3>
            <ul className="plain-list plan-entries">
              {group.map((entry) => (
                <PlanEntryItem
                  key={`${entry.kind}/${entry.key}`}
                  entry={entry}
                  applied={applied}
                  open={open}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function PlanEntryItem({
  entry,
  applied,
  open,
}: {
  readonly entry: PlanEntry;
  readonly applied: boolean;
  readonly open: boolean;
}) {
  const { t } = useTranslation();
  const spec = entry.after ?? entry.before ?? {};
  const name = displayName({ key: entry.key, spec });
  // A link only where the object page exists: not for a plan's additions, nor a revision's removals.
  const linked = applied ? entry.action !== 'remove' : entry.action !== 'add';
  const rows = fieldRowsOf(entry);
  return (
    <li className={`plan-entry plan-${entry.action}`} data-action={entry.action} data-key={entry.key}>
      <div className="plan-entry-head">
        <Badge tone={TONE[entry.action]}>{t(actionKey(`inventory.${entry.action}`))}</Badge>
        <span className="muted small">{t(`kind.${entry.kind}`, { defaultValue: entry.kind })}</span>
        <strong className="plan-entry-name">
          {linked ? (
            <ObjectLink kind={entry.kind} objectKey={entry.key}>
              {name}
            </ObjectLink>
          ) : (
            name
          )}
        </strong>
        {name !== entry.key && <code className="muted">{entry.key}</code>}
        <code className="source-location plan-source" title={t('object.source')}>
          {entry.source}
        </code>
      </div>
      {entry.action === 'change' ? (
        <FieldChangeTable rows={rows} mode="change" />
      ) : (
        <details className="plan-fields" open={open}>
          <summary>{t('inventory.plan.fields', { count: rows.length })}</summary>
          <FieldChangeTable rows={rows} mode={entry.action} />
        </details>
      )}
    </li>
  );
}

function kindRank(kind: string): number {
  const index = (OBJECT_KINDS as readonly string[]).indexOf(kind);
  return index === -1 ? OBJECT_KINDS.length : index;
}
