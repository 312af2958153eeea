/** Pieces the drift page and a host's drift panel share: a host's findings with what to do, and the age of its facts. */
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../components/badge.js';
import { ObjectLink } from '../components/object-link.js';
import { useFormat } from '../format/use-format.js';
import type { DriftFinding, DriftSeverity, HostDrift } from './drift-requests.js';
import { findingText, sourceLine } from './drift-text.js';

const SEVERITY_TONE: Readonly<Record<DriftSeverity, BadgeTone>> = {
  critical: 'danger',
  warning: 'warning',
  info: 'info',
};

export function SeverityBadge({ severity }: { readonly severity: DriftSeverity }) {
  const { t } = useTranslation();
  return <Badge tone={SEVERITY_TONE[severity]}>{t(`facts.drift.severity.${severity}`)}</Badge>;
}

/** When the facts compared were gathered, or that they never were; and a failed last attempt. */
export function FactsAge({ drift }: { readonly drift: HostDrift }) {
  const { t } = useTranslation();
  const format = useFormat();
  const attempt = drift.lastAttempt;
  return (
    <>
      {drift.gatheredAt === null ? (
        <p className="muted small" data-testid="drift-never">
          {t('facts.drift.neverGathered', { host: drift.host })}
        </p>
      ) : drift.findings.length === 0 ? (
        <p className="small" data-testid="drift-none">
          {t('facts.drift.noDrift', {
            relative: format.relative(drift.gatheredAt),
            at: format.dateTime(drift.gatheredAt),
          })}
        </p>
      ) : (
        <p className="muted small" data-testid="drift-age">
          {t('facts.drift.factsOf', {
            relative: format.relative(drift.gatheredAt),
            at: format.dateTime(drift.gatheredAt),
          })}
        </p>
      )}
      {attempt !== null && !attempt.ok && (
        <p className="small text-danger" data-testid="drift-attempt-failed">
          {t('facts.drift.lastAttemptFailed', {
            relative: format.relative(attempt.attemptedAt),
            message: attempt.error?.message ?? '',
          })}
        </p>
      )}
    </>
  );
}

/** The findings, worst first as the API orders them, each with its action and where it is declared. */
export function DriftFindingList({ findings }: { readonly findings: readonly DriftFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul className="problem-list" data-testid="drift-findings">
      {findings.map((finding) => (
        <FindingItem key={`${finding.kind}|${finding.message}`} finding={finding} />
      ))}
    </ul>
  );
}

function FindingItem({ finding }: { readonly finding: DriftFinding }) {
  const { t } = useTranslation();
  const text = findingText(t, finding);
  const source = sourceLine(finding.details.source);
  const className =
    finding.severity === 'critical'
      ? 'problem'
      : finding.severity === 'warning'
        ? 'problem problem-warning'
        : 'problem';
  return (
    <li
      className={className}
      // Info has no class of its own among the shared problem styles: its border takes the info colour.
      style={finding.severity === 'info' ? { borderLeftColor: 'var(--info)' } : undefined}
      data-kind={finding.kind}
      data-severity={finding.severity}
    >
      <div className="problem-head">
        <SeverityBadge severity={finding.severity} />
        <strong>{text.title}</strong>
        {finding.object?.kind === 'service' && (
          <ObjectLink kind="service" objectKey={finding.object.key}>
            {finding.object.key}
          </ObjectLink>
        )}
        {source !== undefined && (
          <code className="source-location" title={t('facts.drift.declaredAt')}>
            {source}
          </code>
        )}
      </div>
      <p className="problem-message">{text.message}</p>
      <p className="small">
        <strong>{t('facts.drift.todo')}</strong> {text.action}
      </p>
    </li>
  );
}

/** Checks that could not be made on the host, so that no finding is not read as all clear. */
export function SkippedChecks({ drift }: { readonly drift: HostDrift }) {
  const { t } = useTranslation();
  if (drift.skipped.length === 0) return null;
  return (
    <ul className="plain-list muted small" data-testid="drift-skipped">
      {drift.skipped.map((skip) => (
        <li key={`${skip.check}|${skip.object?.key ?? ''}|${skip.reason}`}>
          {t(skip.partial ? 'facts.drift.partial' : 'facts.drift.skipped', {
            check: t(`facts.drift.check.${skip.check}`, { defaultValue: skip.check }),
            reason: skip.reason,
          })}
        </li>
      ))}
    </ul>
  );
}
