/** On the overview: who to call: the provider's referent and substitutes, the customer's manager. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects } from '../api/queries.js';
import type { InventoryObject } from '../api/types.js';
import { ObjectLink } from '../components/object-link.js';
import { displayName, specText, specTexts } from '../spec/spec-access.js';

const KEY_ROLES = ['referent', 'substitute', 'customer_manager'] as const;

export function ContactsPanel() {
  const { t } = useTranslation();
  const people = useObjects('person');
  const byRole = (role: string) =>
    (people.data ?? []).filter((person) => specTexts(person.spec, 'roles').includes(role));
  if (people.isPending || KEY_ROLES.every((role) => byRole(role).length === 0)) return null;
  return (
    <section className="panel">
      <h2>{t('overview.contacts')}</h2>
      <dl className="facts">
        {KEY_ROLES.filter((role) => byRole(role).length > 0).map((role) => (
          <div key={role} className="facts-row">
            <dt>{t(`personRole.${role}`)}</dt>
            <dd>
              {byRole(role).map((person) => (
                <Contact key={person.key} person={person} />
              ))}
            </dd>
          </div>
        ))}
      </dl>
      <Link to="/people" className="panel-link">
        {t('overview.openPeople')} →
      </Link>
    </section>
  );
}

function Contact({ person }: { readonly person: InventoryObject }) {
  const email = specText(person.spec, 'email');
  return (
    <span className="block">
      <ObjectLink kind="person" objectKey={person.key}>
        {displayName(person)}
      </ObjectLink>
      {email !== undefined && (
        <a className="block small" href={`mailto:${email}`}>
          {email}
        </a>
      )}
    </span>
  );
}
