/** Whether the audit trail is intact, as `/audit/verify` finds it, with each finding explained. */
import { useTranslation } from 'react-i18next';
import { useAuditVerification } from '../api/queries.js';
import { QueryView } from '../components/query-view.js';
import { IntegrityResult } from './integrity-result.js';

export function IntegrityPanel() {
  const { t } = useTranslation();
  const verification = useAuditVerification();
  return (
    <section className="panel integrity-panel" data-testid="audit-integrity">
      <h2>{t('audit.integrity')}</h2>
      <QueryView query={verification}>{(result) => <IntegrityResult result={result} />}</QueryView>
    </section>
  );
}
