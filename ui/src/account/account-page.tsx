/** The logged-in user's own page: who they are, their language, what their role allows, their API tokens. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types.js';
import { ObjectLink } from '../components/object-link.js';
import { PageHeader } from '../components/page-header.js';
import { LOCALES, normaliseLocale } from '../i18n/i18n.js';
import { useMe, useSession } from '../session/session-context.js';
import { TokenForm } from './token-form.js';
import { TokenList } from './token-list.js';

/** The permissions worth explaining, in the order people think of them (`self` goes without saying). */
const EXPLAINED = [
  'inventory:read',
  'inventory:plan',
  'inventory:apply',
  'audit:read',
  'audit:checkpoint',
  'users:read',
  'users:manage',
  'tokens:own',
] as const;

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageHeader
        title={t('account.title')}
        subtitle={
          me.permissions.includes('tokens:own') ? t('account.subtitle') : t('account.subtitleNoTokens')
        }
      />
      <div className="two-columns">
        <ProfilePanel />
        <section className="panel" data-testid="account-permissions">
          <h2>{t('account.permissions')}</h2>
          <ul className="permission-list">
            {EXPLAINED.filter((permission) => me.permissions.includes(permission)).map((permission) => (
              <li key={permission}>{t(`permission.${permission.replace(':', '_')}`)}</li>
            ))}
          </ul>
        </section>
      </div>
      {me.permissions.includes('tokens:own') && (
        <section className="panel flush" data-testid="api-tokens">
          <div className="panel-intro">
            <h2>{t('tokens.title')}</h2>
            <p className="muted">{t('tokens.intro')}</p>
            <TokenForm />
          </div>
          <TokenList />
        </section>
      )}
    </>
  );
}

function ProfilePanel() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { changeLocale } = useSession();
  const [saveFailed, setSaveFailed] = useState(false);
  const current = normaliseLocale(i18n.language);
  const choose = (locale: Locale) => {
    setSaveFailed(false);
    changeLocale(locale).catch((error: unknown) => {
      console.warn('cannot save the language', error);
      setSaveFailed(true);
    });
  };
  return (
    <section className="panel" data-testid="account-profile">
      <h2>{t('account.profile')}</h2>
      <dl className="facts">
        <dt>{t('users.username')}</dt>
        <dd className="mono">{me.username}</dd>
        <dt>{t('users.displayName')}</dt>
        <dd>{me.displayName}</dd>
        <dt>{t('users.role')}</dt>
        <dd>{t(`role.${me.role}`)}</dd>
        {me.personKey !== null && (
          <>
            <dt>{t('kind.person')}</dt>
            <dd>
              <ObjectLink kind="person" objectKey={me.personKey} />
            </dd>
          </>
        )}
        <dt>
          <label htmlFor="account-language">{t('users.language')}</label>
        </dt>
        <dd>
          <select
            id="account-language"
            className="select"
            value={current}
            onChange={(event) => choose(normaliseLocale(event.target.value))}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {t(`language.name.${locale}`)}
              </option>
            ))}
          </select>
          <span className="muted small block">{t('account.languageRemembered')}</span>
          {saveFailed && (
            <span className="notice notice-danger block" role="alert">
              {t('language.saveFailed')}
            </span>
          )}
        </dd>
      </dl>
    </section>
  );
}
