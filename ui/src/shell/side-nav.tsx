/** The navigation: only the sections the user's role opens, then the user's own account. */
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { Icon } from '../components/icon.js';
import { canSee, SECTIONS, type Section } from '../session/access.js';
import { useMe } from '../session/session-context.js';

/** Where each section lives. */
export const SECTION_PATHS: Record<Section, string> = {
  overview: '/',
  rack: '/rack',
  hypervisors: '/hypervisors',
  hosts: '/hosts',
  websites: '/websites',
  databases: '/databases',
  people: '/people',
  drift: '/drift',
  updates: '/updates',
  capacity: '/capacity',
  monitoring: '/monitoring',
  backups: '/backups',
  journal: '/journal',
  hostkeys: '/hostkeys',
  inventory: '/inventory',
  audit: '/audit',
  users: '/users',
};

/** Everyone's own page: profile, language, API tokens. Not a section: every role has it. */
export const ACCOUNT_PATH = '/account';

export function SideNav() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <nav className="side-nav" aria-label={t('shell.navigation')}>
      <div className="side-nav-sticky">
        <ul>
          {SECTIONS.filter((section) => canSee(me, section)).map((section) => (
            <li key={section}>
              <NavLink to={SECTION_PATHS[section]} end={section === 'overview'} data-section={section}>
                <Icon name={section} />
                <span>{t(`nav.${section}`)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        <ul className="side-nav-own">
          <li>
            <NavLink to={ACCOUNT_PATH} data-testid="nav-account">
              <Icon name="account" />
              <span>{t('nav.account')}</span>
            </NavLink>
          </li>
        </ul>
      </div>
    </nav>
  );
}
