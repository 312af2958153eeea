/**
 * A verification of a hash chain (the audit trail, the intervention journal), shown for people: intact
 * or not, how long, the head hash, each finding.
 */
import { useTranslation } from 'react-i18next';
import type { AuditFinding, AuditVerification } from '../api/types.js';
import { useFormat } from '../format/use-format.js';

/** What is shown of a finding: its kind, rows and sentence (each chain names its rows in its own fields). */
type ShownFinding = Pick<AuditFinding, 'kind' | 'seq' | 'toSeq' | 'message'>;

/** What the panel shows of a verification, whichever chain it is. */
export type ChainVerification = Omit<AuditVerification, 'findings'> & {
  readonly findings: readonly ShownFinding[];
};

export function IntegrityResult({
  result,
  chainLengthKey = 'audit.chainLength',
}: {
  readonly result: ChainVerification;
  /** Plural (`count`, `formatted`): how long the chain is, in its own words (events, entries). */
  readonly chainLengthKey?: string;
}) {
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
            {t(chainLengthKey, { count: result.count, formatted: format.number(result.count) })}
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

function FindingText({ finding }: { readonly finding: ShownFinding }) {
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
