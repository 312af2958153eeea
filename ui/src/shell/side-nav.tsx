/** The navigation: only the sections the user's role opens. */
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
  audit: '/audit',
  users: '/users',
};

export function SideNav() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <nav className="side-nav" aria-label={t('shell.navigation')}>
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
    </nav>
  );
}
