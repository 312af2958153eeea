/** An object's links both ways: what it refers to, and what refers to it. */
import { useTranslation } from 'react-i18next';
import type { Relation } from '../api/types.js';
import { ObjectLink } from '../components/object-link.js';
import { pathLabel } from './field-label.js';

interface RelationsPanelProps {
  readonly outgoing: readonly Relation[];
  readonly incoming: readonly Relation[];
}

export function RelationsPanel({ outgoing, incoming }: RelationsPanelProps) {
  const { t } = useTranslation();
  return (
    <section className="panel" data-testid="relations">
      <h2>{t('object.relations')}</h2>
      <h3>{t('object.outgoing')}</h3>
      <RelationList relations={outgoing} empty={t('object.noOutgoing')} />
      <h3>{t('object.incoming')}</h3>
      <RelationList relations={incoming} empty={t('object.noIncoming')} />
    </section>
  );
}

function RelationList({
  relations,
  empty,
}: {
  readonly relations: readonly Relation[];
  readonly empty: string;
}) {
  const { t } = useTranslation();
  if (relations.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <ul className="relation-list">
      {relations.map((relation) => (
        <li key={`${relation.relation}|${relation.kind}|${relation.key}`}>
          <span className="relation-kind">{t(`kind.${relation.kind}`, { defaultValue: relation.kind })}</span>
          {relation.exists === false ? (
            <span className="object-ref missing" title={t('object.dangling')}>
              {relation.key}
            </span>
          ) : (
            <ObjectLink kind={relation.kind} objectKey={relation.key}>
              {relation.name === undefined || relation.name === relation.key ? undefined : relation.name}
            </ObjectLink>
          )}
          <span className="relation-via muted small">
            {t('object.via', { field: pathLabel(t, relation.relation) })}
          </span>
        </li>
      ))}
    </ul>
  );
}
