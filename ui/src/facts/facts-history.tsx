/** A host's last gatherings: when, and the short form of what each found. */
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/badge.js';
import { useFormat } from '../format/use-format.js';
import type { FactsHistoryEntry } from './facts-requests.js';

export function FactsHistory({ entries }: { readonly entries: readonly FactsHistoryEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <h3>{t('facts.history.title')}</h3>
      <table className="table" data-testid="facts-history">
        <thead>
          <tr>
            <th>{t('facts.history.gatheredAt')}</th>
            <th>{t('facts.history.system')}</th>
            <th className="numeric">{t('facts.history.memory')}</th>
            <th>{t('facts.history.fullest')}</th>
            <th className="numeric">{t('facts.history.ports')}</th>
            <th className="numeric">{t('facts.history.packages')}</th>
            <th>{t('facts.history.reboot')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(({ gatheredAt, summary }) => (
            <tr key={gatheredAt}>
              <td className="nowrap">{format.dateTime(gatheredAt)}</td>
              <td>
                {summary.os} <span className="muted small mono">{summary.kernel}</span>
              </td>
              <td className="numeric">{format.bytes(summary.memoryBytes)}</td>
              <td>
                {summary.fullest === undefined
                  ? '—'
                  : `${summary.fullest.mountpoint} ${format.percent(summary.fullest.usedRatio)}`}
              </td>
              <td className="numeric">{summary.listeningPorts}</td>
              <td className="numeric">{summary.packages}</td>
              <td>
                {summary.rebootRequired ? <Badge tone="warning">{t('facts.rebootRequired')}</Badge> : '—'}
                {summary.problems > 0 && (
                  <>
                    {' '}
                    <Badge tone="danger">{t('facts.problemCount', { count: summary.problems })}</Badge>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
