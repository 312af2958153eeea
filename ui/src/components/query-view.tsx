/** Loading, error and data states of one API read, the same way on every page. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';
import { ForbiddenPage } from '../pages/forbidden-page.js';
import { NotFoundPage } from '../pages/not-found-page.js';

export function Loading({ label }: { readonly label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('state.loading')}
    </div>
  );
}

/** A failed read, explained: what the server said, a hint when it gave one, and a retry. */
export function ErrorPanel({ error, onRetry }: { readonly error: unknown; readonly onRetry?: () => void }) {
  const { t } = useTranslation();
  const network = isApiError(error) && error.status === 0;
  const message = network
    ? t('error.network')
    : isApiError(error)
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div className="error-panel" role="alert">
      <strong>{t('error.title')}</strong>
      <p>{message}</p>
      {isApiError(error) && error.hint !== undefined && <p className="hint">{error.hint}</p>}
      {isApiError(error) && !network && <p className="error-code">{t('error.code', { code: error.code })}</p>}
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

interface QueryViewProps<T> {
  readonly query: UseQueryResult<T>;
  readonly children: (data: T) => ReactNode;
  /** Show the whole 403/404 page (for a page's main read) rather than an inline error. */
  readonly fullPageErrors?: boolean;
}

/** Renders `children(data)` once the read succeeds. */
export function QueryView<T>({ query, children, fullPageErrors = false }: QueryViewProps<T>) {
  if (query.isPending) return <Loading />;
  if (query.isError) {
    const status = isApiError(query.error) ? query.error.status : undefined;
    if (fullPageErrors && status === 404) return <NotFoundPage />;
    if (fullPageErrors && status === 403) return <ForbiddenPage />;
    return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}
