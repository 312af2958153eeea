/**
 * Signed checkpoints of the intervention journal on its page: the audit page's checkpoint panel
 * pointed at the journal, with the checkpoints made so far under it.
 */
import { useTranslation } from 'react-i18next';
import type { CheckpointChain } from '../audit/checkpoint-chain.js';
import { CheckpointPanel } from '../audit/checkpoint-panel.js';
import { QueryView } from '../components/query-view.js';
import { useFormat } from '../format/use-format.js';
import { ActorName } from '../object/actor-name.js';
import { type RecordedJournalCheckpoint, useJournalCheckpoints } from './journal-requests.js';

export const JOURNAL_CHAIN: CheckpointChain = {
  id: 'journal',
  createPath: '/journal/checkpoints',
  verifyPath: '/journal/verify',
  // The list below, and the audit trail where each checkpoint is recorded.
  stalePrefixes: ['/journal/checkpoints', '/audit'],
  texts: {
    title: 'journal.checkpoint.title',
    explain: 'journal.checkpoint.explain',
    created: 'journal.checkpoint.created',
    extends: 'journal.checkpoint.extends',
    chainLength: 'journal.checkpoint.chainLength',
  },
};

export function JournalCheckpointPanel() {
  const recorded = useJournalCheckpoints();
  return (
    <CheckpointPanel chain={JOURNAL_CHAIN}>
      <QueryView query={recorded}>{(items) => <RecordedCheckpoints items={items} />}</QueryView>
    </CheckpointPanel>
  );
}

function RecordedCheckpoints({ items }: { readonly items: readonly RecordedJournalCheckpoint[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (items.length === 0) return <p className="muted small">{t('journal.checkpoint.none')}</p>;
  return (
    <div className="small" data-testid="journal-checkpoint-list">
      <h3>{t('journal.checkpoint.recent')}</h3>
      <ul className="plain-list">
        {items.map((item) => (
          <li key={item.auditSeq}>
            {t('journal.checkpoint.item', {
              date: format.dateTime(item.createdAt),
              count: item.length,
              formatted: format.number(item.length),
            })}{' '}
            <span className="muted">
              {t('journal.checkpoint.by')} <ActorName actor={item.actor} /> ·{' '}
              <code className="hash" title={item.headHash}>
                {item.headHash.slice(0, 12)}…
              </code>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
