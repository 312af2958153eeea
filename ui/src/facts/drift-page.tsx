/** Drift across the rack: counts by severity, then each host with its findings, what to do, and its facts' age. */
import { useTranslation } from 'react-i18next';
import { HostLink } from '../components/host-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { DriftFindingList, FactsAge, SeverityBadge, SkippedChecks } from './drift-findings.js';
import { type DriftReport, type HostDrift, useDriftReport } from './drift-requests.js';

export function DriftPage() {
  const { t } = useTranslation();
  const report = useDriftReport();
  return (
    <>
      <PageHeader title={t('facts.drift.title')} subtitle={t('facts.drift.subtitle')} />
      <QueryView query={report} fullPageErrors>
        {(body) => <DriftReportView report={body} />}
      </QueryView>
    </>
  );
}

/** Hosts with the worst findings first; hosts without findings keep the inventory's order after them. */
function byConcern(a: HostDrift, b: HostDrift): number {
  return (
    b.counts.critical - a.counts.critical ||
    b.counts.warning - a.counts.warning ||
    b.counts.info - a.counts.info ||
    0
  );
}

function DriftReportView({ report }: { readonly report: DriftReport }) {
  const { t } = useTranslation();
  if (report.hosts.length === 0) return <p className="empty-state">{t('facts.drift.noHosts')}</p>;
  const hosts = [...report.hosts].sort(byConcern);
  return (
    <>
      <SeverityTiles report={report} />
      {hosts.map((host) => (
        <HostSection key={host.host} drift={host} />
      ))}
    </>
  );
}

function SeverityTiles({ report }: { readonly report: DriftReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tiles = [
    ['critical', report.counts.critical],
    ['warning', report.counts.warning],
    ['info', report.counts.info],
    ['neverGathered', report.hostsWithoutFacts],
  ] as const;
  return (
    <ul className="count-tiles" data-testid="drift-counts">
      {tiles.map(([name, count]) => (
        <li key={name} data-severity={name}>
          <div className="count-tile">
            <span className={count > 0 && name === 'critical' ? 'count-value text-danger' : 'count-value'}>
              {format.number(count)}
            </span>
            <span className="count-label">{t(`facts.drift.tile.${name}`, { count })}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

function HostSection({ drift }: { readonly drift: HostDrift }) {
  return (
    <section className="panel" data-testid="drift-host" data-host={drift.host}>
      <div className="panel-title-row">
        <h2 className="panel-title">
          <HostLink hostKey={drift.host} />
        </h2>
        <span className="chips">
          {(['critical', 'warning', 'info'] as const).map((severity) =>
            drift.counts[severity] === 0 ? null : (
              <span key={severity} data-severity={severity}>
                <SeverityBadge severity={severity} /> {drift.counts[severity]}
              </span>
            ),
          )}
        </span>
      </div>
      <FactsAge drift={drift} />
      <DriftFindingList findings={drift.findings} />
      <SkippedChecks drift={drift} />
    </section>
  );
}
