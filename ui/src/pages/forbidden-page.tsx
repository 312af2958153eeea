/** Shown when the user's role does not open a page. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <section className="status-page" data-testid="forbidden">
      <p className="status-code">403</p>
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body')}</p>
      <Link className="button primary" to="/">
        {t('forbidden.home')}
      </Link>
    </section>
  );
}
