/** The generated restore plan document (PDF), in the language shown. */
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/icon.js';
import { normaliseLocale } from '../i18n/i18n.js';
import { restorePlanUrl } from './backup-requests.js';

export function RestorePlanLink({ source }: { readonly source?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <a
      className="button"
      href={restorePlanUrl('pdf', normaliseLocale(i18n.language), source)}
      target="_blank"
      rel="noreferrer"
      data-testid="restore-plan-link"
    >
      <Icon name="external" size={15} /> {t('backups.restorePlan')}
    </a>
  );
}
