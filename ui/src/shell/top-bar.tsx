/** The top bar: product, customer, language, who is logged in, logout. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects } from '../api/queries.js';
import { Icon } from '../components/icon.js';
import { useMe, useSession } from '../session/session-context.js';
import { displayName } from '../spec/spec-access.js';
import { LanguageSwitch } from './language-switch.js';

export function TopBar() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const customers = useObjects('customer');
  const customer = customers.data?.[0];
  const customerName = customer === undefined ? null : displayName(customer);

  return (
    <header className="top-bar">
      <Link to="/" className="brand" aria-label={t('shell.home')}>
        <img src="/favicon.svg" alt="" width="26" height="26" />
        <span className="brand-name">Vigie</span>
      </Link>
      {customerName !== null && (
        <span className="customer-name" title={t('shell.customer')}>
          {customerName}
        </span>
      )}
      <div className="top-bar-end">
        <LanguageSwitch />
        <span className="user-badge" data-testid="current-user">
          <span className="user-name">{me.displayName || me.username}</span>
          <span className="user-role">{t(`role.${me.role}`)}</span>
        </span>
        <button type="button" className="button ghost on-dark" onClick={() => void logout()}>
          <Icon name="logout" size={16} />
          {t('shell.logout')}
        </button>
      </div>
    </header>
  );
}
