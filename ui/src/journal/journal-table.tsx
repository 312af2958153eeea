/** The journal's entries as a table, newest first; a failed entry shows its error under the summary. */
import { useTranslation } from 'react-i18next';
import type { JournalEntry } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { HostLink } from '../components/host-link.js';
import { useFormat } from '../format/use-format.js';
import { normaliseLocale } from '../i18n/i18n.js';
import { ActorName } from '../object/actor-name.js';
import { categoryTone } from './categories.js';
import { formatDuration } from './duration.js';

interface JournalTableProps {
  readonly entries: readonly JournalEntry[];
  /** Whether a filter is set, to say why the list may be empty. */
  readonly filtered: boolean;
}

export function JournalTable({ entries, filtered }: JournalTableProps) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const locale = normaliseLocale(i18n.language);
  if (entries.length === 0) {
    return <p className="empty-state">{t(filtered ? 'journal.noneFiltered' : 'journal.none')}</p>;
  }
  return (
    <table className="table middle" data-testid="journal-entries">
      <thead>
        <tr>
          <th>{t('journal.started')}</th>
          <th className="numeric">{t('journal.duration')}</th>
          <th>{t('journal.who')}</th>
          <th>{t('journal.categoryHeader')}</th>
          <th>{t('journal.hosts')}</th>
          <th>{t('journal.summary')}</th>
          <th>{t('journal.result')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.seq} data-seq={entry.seq} data-result={entry.result}>
            <td className="nowrap">
              <time dateTime={entry.startedAt} title={format.relative(entry.startedAt)}>
                {format.dateTime(entry.startedAt)}
              </time>
            </td>
            <td
              className="numeric nowrap"
              title={t('journal.endedAt', { at: format.dateTime(entry.endedAt) })}
            >
              {formatDuration(locale, entry.durationMs)}
            </td>
            <td>
              <ActorName actor={entry.actor} />
            </td>
            <td>
              <Badge tone={categoryTone(entry.category)}>
                {t(`journal.category.${entry.category}`, { defaultValue: entry.category })}
              </Badge>
            </td>
            <td>
              {entry.hosts.length === 0 ? (
                <span className="muted">—</span>
              ) : (
                <span className="journal-hosts">
                  {entry.hosts.map((host) => (
                    <HostLink key={host} hostKey={host} />
                  ))}
                </span>
              )}
            </td>
            <td className="journal-summary">
              <span>{entry.summary}</span>
              {entry.detail !== null && entry.detail !== '' && (
                <span className="mono small muted journal-detail">{entry.detail}</span>
              )}
              {entry.error !== null && entry.error !== '' && (
                <span className="journal-error small" data-testid="journal-error">
                  {entry.error}
                </span>
              )}
            </td>
            <td>
              <Badge tone={entry.result === 'ok' ? 'success' : 'danger'}>
                {t(`journal.outcome.${entry.result}`)}
              </Badge>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
