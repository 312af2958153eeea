/** A host's drift on its page: its findings with what to do, or one calm line when there is none. */
import { useTranslation } from 'react-i18next';
import { QueryView } from '../components/query-view.js';
import { useMe } from '../session/session-context.js';
import { DriftFindingList, FactsAge, SkippedChecks } from './drift-findings.js';
import { useHostDrift } from './drift-requests.js';

export function HostDriftPanel({ host }: { readonly host: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = me.permissions.includes('hosts:read');
  const drift = useHostDrift(host, allowed);
  if (!allowed) return null;
  return (
    <section className="panel" data-testid="host-drift">
      <h2>{t('facts.drift.panelTitle')}</h2>
      <QueryView query={drift}>
        {(body) => (
          <>
            <FactsAge drift={body} />
            <DriftFindingList findings={body.findings} />
            <SkippedChecks drift={body} />
          </>
        )}
      </QueryView>
    </section>
  );
}
