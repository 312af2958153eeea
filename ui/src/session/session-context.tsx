/** Who is logged in: loads `/me`, logs in and out, saves the language, and notices an expired session. */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest, isApiError } from '../api/client.js';
import type { Locale, Me } from '../api/types.js';
import { rememberLocale } from './locale-memory.js';

/** Why the login page is shown, when it is not the first visit. */
export type SessionNotice = 'expired' | 'loggedOut' | null;

export interface Session {
  readonly status: 'loading' | 'anonymous' | 'authenticated';
  readonly me: Me | null;
  readonly notice: SessionNotice;
  /** Throws `ApiError` (401 wrong credentials, 429 too many attempts...). */
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** Shows the UI in `locale` and, when logged in, saves it for the next login. */
  changeLocale(locale: Locale): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

interface MeResponse {
  readonly user: Me;
}

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();
  const [status, setStatus] = useState<Session['status']>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<SessionNotice>(null);

  const adopt = useCallback(
    async (user: Me) => {
      setMe(user);
      setStatus('authenticated');
      setNotice(null);
      rememberLocale(user.locale);
      await i18n.changeLanguage(user.locale);
    },
    [i18n],
  );

  const dropSession = useCallback(
    (why: SessionNotice) => {
      queryClient.clear();
      setMe(null);
      setStatus('anonymous');
      setNotice(why);
    },
    [queryClient],
  );

  useEffect(() => {
    let cancelled = false;
    apiRequest<MeResponse>('GET', '/me').then(
      (body) => {
        if (!cancelled) void adopt(body.user);
      },
      (error: unknown) => {
        if (cancelled) return;
        // 401 is the ordinary "not logged in"; anything else still leaves the login page as the way in.
        if (!isApiError(error) || error.status !== 401) console.warn('GET /me failed', error);
        setStatus('anonymous');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [adopt]);

  // Any request answered 401 while logged in means the session ended on the server (expiry, revocation).
  useEffect(() => {
    if (status !== 'authenticated') return undefined;
    const onError = (error: unknown) => {
      if (isApiError(error) && error.status === 401) dropSession('expired');
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    // Writes too: an apply or an account change sent after the session ended.
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [status, queryClient, dropSession]);

  const login = useCallback(
    async (username: string, password: string) => {
      const body = await apiRequest<MeResponse>('POST', '/auth/login', { username, password });
      queryClient.clear();
      await adopt(body.user);
    },
    [adopt, queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await apiRequest('POST', '/auth/logout');
    } catch (error) {
      // An already-expired session is logged out anyway; anything else is worth a trace, not a blocked user.
      if (!(error instanceof ApiError && error.status === 401)) console.warn('logout failed', error);
    }
    dropSession('loggedOut');
  }, [dropSession]);

  const changeLocale = useCallback(
    async (locale: Locale) => {
      if (me !== null) {
        try {
          const body = await apiRequest<MeResponse | undefined>('PATCH', '/me', { locale });
          setMe(body?.user ?? { ...me, locale });
        } catch (error) {
          if (isApiError(error) && error.status === 401) {
            dropSession('expired');
            return;
          }
          throw error;
        }
      }
      rememberLocale(locale);
      await i18n.changeLanguage(locale);
    },
    [i18n, me, dropSession],
  );

  const session = useMemo<Session>(
    () => ({ status, me, notice, login, logout, changeLocale }),
    [status, me, notice, login, logout, changeLocale],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The current session; only valid under `SessionProvider`. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession() outside <SessionProvider>');
  return session;
}

/** The logged-in user; only valid on pages behind the login guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (me === null) throw new Error('useMe() without a logged-in user');
  return me;
}
