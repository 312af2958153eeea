/** Any inventory object's page: its fields, its relations both ways, where it is declared, its history. */
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useObjectDetail } from '../api/queries.js';
import type { ObjectDetail } from '../api/types.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { HostDriftPanel } from '../facts/drift-panel.js';
import { HostFactsPanel } from '../facts/facts-panel.js';
import { useFormat } from '../format/use-format.js';
import { HostMetricsPanel } from '../metrics/metrics-panel.js';
import { NotFoundPage } from '../pages/not-found-page.js';
import { displayName } from '../spec/spec-access.js';
import { HostUpdatesPanel } from '../updates/updates-panel.js';
import { AuditHistory } from './audit-history.js';
import { isObjectKind } from './kinds.js';
import { RelationsPanel } from './relations-panel.js';
import { SpecFields } from './spec-fields.js';

export function ObjectPage() {
  const { kind = '', key = '' } = useParams();
  if (!isObjectKind(kind)) return <NotFoundPage />;
  return <ObjectView kind={kind} objectKey={key} />;
}

function ObjectView({ kind, objectKey }: { readonly kind: string; readonly objectKey: string }) {
  const detail = useObjectDetail(kind, objectKey);
  return (
    <QueryView query={detail} fullPageErrors>
      {(data) => <ObjectDetails detail={data} />}
    </QueryView>
  );
}

function ObjectDetails({ detail }: { readonly detail: ObjectDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { object } = detail;
  const name = displayName(object);
  return (
    <article data-testid="object-page" data-kind={object.kind} data-key={object.key}>
      <PageHeader
        title={
          <>
            <span className="eyebrow">{t(`kind.${object.kind}`, { defaultValue: object.kind })}</span>
            {name}
          </>
        }
        subtitle={
          <>
            <span className="mono">{object.key}</span>
            {object.updatedAt !== undefined && (
              <> · {t('object.updated', { when: format.dateTime(object.updatedAt) })}</>
            )}
          </>
        }
      />
      <div className="object-grid">
        <section className="panel">
          <h2>{t('object.fields')}</h2>
          <SpecFields spec={object.spec} references={detail.outgoing} />
        </section>
        <div className="object-side">
          <RelationsPanel outgoing={detail.outgoing} incoming={detail.incoming} />
          <section className="panel">
            <h2>{t('object.source')}</h2>
            <p className="source-location mono" data-testid="object-source">
              {object.source}
            </p>
            <dl className="facts">
              {object.revisionId !== undefined && (
                <>
                  <dt>{t('object.revision')}</dt>
                  <dd>#{object.revisionId}</dd>
                </>
              )}
              {object.createdAt !== undefined && (
                <>
                  <dt>{t('object.created')}</dt>
                  <dd>{format.dateTime(object.createdAt)}</dd>
                </>
              )}
              {object.updatedAt !== undefined && (
                <>
                  <dt>{t('object.lastChanged')}</dt>
                  <dd>{format.dateTime(object.updatedAt)}</dd>
                </>
              )}
            </dl>
          </section>
        </div>
      </div>
      {(object.kind === 'vm' || object.kind === 'device') && <HostPanels host={object.key} />}
      <section className="panel">
        <h2>{t('object.history')}</h2>
        <AuditHistory events={detail.history} />
      </section>
    </article>
  );
}

/** What Vigie learnt from a host over SSH; each panel hides itself for a user who may not see it. */
function HostPanels({ host }: { readonly host: string }) {
  return (
    <>
      <HostDriftPanel host={host} />
      <HostFactsPanel host={host} />
      <HostMetricsPanel host={host} />
      <HostUpdatesPanel host={host} />
    </>
  );
}
