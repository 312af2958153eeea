/** The journal's filters: a host of the inventory and a category; changing one goes back to the newest page. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import { displayName } from '../spec/spec-access.js';
import { JOURNAL_CATEGORIES } from './categories.js';

interface JournalFiltersProps {
  readonly host: string;
  readonly category: string;
  readonly onChange: (filter: { host: string; category: string }) => void;
}

export function JournalFilters({ host, category, onChange }: JournalFiltersProps) {
  const { t } = useTranslation();
  const vms = useObjects('vm');
  const devices = useObjects('device');
  const hosts = [...(vms.data ?? []), ...(devices.data ?? [])]
    .map((object) => ({ key: object.key, name: displayName(object) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="journal-filters">
      <label className="inline-field small">
        {t('journal.filterHost')}
        <select
          value={host}
          onChange={(event) => onChange({ host: event.target.value, category })}
          data-testid="journal-host"
        >
          <option value="">{t('journal.allHosts')}</option>
          {hosts.map((entry) => (
            <option key={entry.key} value={entry.key}>
              {entry.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field small">
        {t('journal.filterCategory')}
        <select
          value={category}
          onChange={(event) => onChange({ host, category: event.target.value })}
          data-testid="journal-category"
        >
          <option value="">{t('journal.allCategories')}</option>
          {JOURNAL_CATEGORIES.map((name) => (
            <option key={name} value={name}>
              {t(`journal.category.${name}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
