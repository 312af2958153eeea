/** Shown for an unknown address or an object that does not exist (or that the user may not know of). */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="status-page" data-testid="not-found">
      <p className="status-code">404</p>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link className="button primary" to="/">
        {t('notFound.home')}
      </Link>
    </section>
  );
}
