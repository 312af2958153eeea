/** The people of the contract, provider side and customer side, with their roles; the referent stands out. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import type { InventoryObject } from '../api/types.js';
import { Badge } from '../components/badge.js';
import { ObjectLink } from '../components/object-link.js';
import { PageHeader } from '../components/page-header.js';
import { QueryView } from '../components/query-view.js';
import { formatPhone } from '../format/format.js';
import { displayName, specText, specTexts } from '../spec/spec-access.js';

/** The referent first, then substitutes, then everyone else by name. */
function rank(person: InventoryObject): number {
  const roles = specTexts(person.spec, 'roles');
  if (roles.includes('referent')) return 0;
  if (roles.includes('substitute')) return 1;
  if (roles.includes('customer_manager')) return 2;
  return 3;
}

export function PeoplePage() {
  const { t } = useTranslation();
  const people = useObjects('person');
  return (
    <>
      <PageHeader title={t('people.title')} subtitle={t('people.subtitle')} />
      <QueryView query={people}>
        {(list) => {
          const sorted = [...list].sort(
            (a, b) => rank(a) - rank(b) || displayName(a).localeCompare(displayName(b)),
          );
          return (
            <div className="two-columns">
              {(['provider', 'customer'] as const).map((side) => (
                <section key={side} className="people-side" data-side={side}>
                  <h2>{t(`people.side.${side}`)}</h2>
                  {sorted.filter((person) => person.spec.organisation === side).length === 0 ? (
                    <p className="muted">{t('people.none')}</p>
                  ) : (
                    <ul className="person-list">
                      {sorted
                        .filter((person) => person.spec.organisation === side)
                        .map((person) => (
                          <PersonCard key={person.key} person={person} />
                        ))}
                    </ul>
                  )}
                </section>
              ))}
            </div>
          );
        }}
      </QueryView>
    </>
  );
}

function PersonCard({ person }: { readonly person: InventoryObject }) {
  const { t } = useTranslation();
  const roles = specTexts(person.spec, 'roles');
  const referent = roles.includes('referent');
  const email = specText(person.spec, 'email');
  const phone = specText(person.spec, 'phone');
  const subtitle = [specText(person.spec, 'title'), specText(person.spec, 'company')]
    .filter(Boolean)
    .join(' · ');
  return (
    <li className={referent ? 'person-card referent' : 'person-card'} data-person={person.key}>
      <div className="person-head">
        <span className="avatar" aria-hidden="true">
          {initialsOf(displayName(person))}
        </span>
        <div>
          <ObjectLink kind="person" objectKey={person.key}>
            <strong>{displayName(person)}</strong>
          </ObjectLink>
          {subtitle !== '' && <div className="muted small">{subtitle}</div>}
        </div>
      </div>
      <ul className="role-badges">
        {roles.map((role) => (
          <li key={role}>
            <Badge tone={role === 'referent' ? 'accent' : role === 'substitute' ? 'info' : 'neutral'}>
              {t(`personRole.${role}`, { defaultValue: role })}
            </Badge>
          </li>
        ))}
      </ul>
      <p className="person-contact small">
        {email !== undefined && <a href={`mailto:${email}`}>{email}</a>}
        {phone !== undefined && <a href={`tel:${phone.replace(/\s+/g, '')}`}>{formatPhone(phone)}</a>}
      </p>
    </li>
  );
}

function initialsOf(name: string): string {
  const parts = name.split(/\s+/).filter((part) => part !== '');
  return parts
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
}
