/** The composition root of the web interface: query cache, translations, router, session. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { isApiError } from '../api/client.js';
import { SessionProvider } from '../session/session-context.js';
import { AppRoutes } from './app-routes.js';

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // 4xx answers are final (forbidden, not found, logged out); retry only what may be transient.
        retry: (failures, error) =>
          failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function App({ i18n }: { readonly i18n: I18n }) {
  const [queryClient] = useState(createQueryClient);
  useDocumentLanguage(i18n);
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </I18nextProvider>
  );
}

/** Keeps `<html lang>` and the title in the language shown, for screen readers and spell checkers. */
function useDocumentLanguage(i18n: I18n): void {
  useEffect(() => {
    const apply = (language: string) => {
      document.documentElement.lang = language;
    };
    apply(i18n.language);
    i18n.on('languageChanged', apply);
    return () => i18n.off('languageChanged', apply);
  }, [i18n]);
}
