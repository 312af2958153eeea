/** A verification of the audit chain, shown for people: intact or not, how long, the head hash, each finding. */
import { useTranslation } from 'react-i18next';
import type { AuditFinding, AuditVerification } from '../api/types.js';
import { useFormat } from '../format/use-format.js';

export function IntegrityResult({ result }: { readonly result: AuditVerification }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <div className={result.ok ? 'integrity integrity-ok' : 'integrity integrity-broken'}>
        <span className="integrity-mark" aria-hidden="true">
          {result.ok ? '✓' : '!'}
        </span>
        <div>
          <strong>{result.ok ? t('audit.intact') : t('audit.broken', { count: result.findingCount })}</strong>
          <p className="muted small">
            {t('audit.chainLength', { count: result.count, formatted: format.number(result.count) })}
            {result.recordedCheckpoints !== undefined &&
              result.recordedCheckpoints > 0 &&
              ` · ${t('audit.checkpoints', { count: result.recordedCheckpoints })}`}
          </p>
        </div>
      </div>
      <p className="small">
        <span className="muted">{t('audit.headHash')} </span>
        <code className="hash" title={result.headHash}>
          {result.headHash.slice(0, 16)}…
        </code>
      </p>
      {result.findings.length > 0 && (
        <ul className="findings">
          {result.findings.map((finding) => (
            <li key={`${finding.kind}-${finding.seq ?? 'x'}-${finding.toSeq ?? ''}`}>
              <FindingText finding={finding} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function FindingText({ finding }: { readonly finding: AuditFinding }) {
  const { t } = useTranslation();
  return (
    <>
      <strong>
        {t(`audit.finding.${finding.kind}`, {
          seq: finding.seq ?? '?',
          toSeq: finding.toSeq ?? finding.seq ?? '?',
        })}
      </strong>
      <span className="muted small block" lang="en">
        {finding.message}
      </span>
    </>
  );
}
