/** The login page: username and password, errors said plainly, and why the user is here again. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useSession } from '../session/session-context.js';
import { LanguageSwitch } from '../shell/language-switch.js';
import { loginErrorMessage } from './login-error.js';

interface LoginLocationState {
  readonly from?: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as LoginLocationState | null)?.from ?? '/';

  if (session.status === 'authenticated') return <Navigate to={from} replace />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setError(t('login.error.missing'));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
      await navigate(from, { replace: true });
    } catch (failure) {
      setError(loginErrorMessage(t, failure));
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="login-screen">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={(event) => void submit(event)} noValidate>
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <div>
            <h1>Vigie</h1>
            <p>{t('login.tagline')}</p>
          </div>
        </div>
        {session.notice === 'expired' && (
          <p className="notice notice-warning" role="status">
            {t('login.notice.expired')}
          </p>
        )}
        {session.notice === 'loggedOut' && (
          <p className="notice notice-info" role="status">
            {t('login.notice.loggedOut')}
          </p>
        )}
        {error !== null && (
          <p className="notice notice-danger" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <label className="field">
          <span>{t('login.username')}</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        <button type="submit" className="button primary wide" disabled={submitting}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
