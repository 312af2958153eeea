/** Chooses the inventory person an account stands for, the customer's people first. */
import { useTranslation } from 'react-i18next';
import { useObjects } from '../api/queries.js';
import type { InventoryObject } from '../api/types.js';
import { displayName, specText, specTexts } from '../spec/spec-access.js';

interface PersonSelectProps {
  readonly id: string;
  readonly describedBy: string | undefined;
  readonly value: string;
  readonly onChange: (personKey: string) => void;
  readonly required: boolean;
}

export function PersonSelect({ id, describedBy, value, onChange, required }: PersonSelectProps) {
  const { t } = useTranslation();
  const people = useObjects('person');
  const list = people.data ?? [];
  const side = (organisation: string) =>
    list.filter((person) => specText(person.spec, 'organisation') === organisation);
  const label = (person: InventoryObject) => {
    const roles = specTexts(person.spec, 'roles').map((role) =>
      t(`personRole.${role}`, { defaultValue: role }),
    );
    return roles.length === 0 ? displayName(person) : `${displayName(person)} — ${roles.join(', ')}`;
  };
  // A stored person missing from the inventory stays selectable, so an edit does not drop it silently.
  const unknown = value !== '' && !list.some((person) => person.key === value);
  return (
    <select
      id={id}
      name="personKey"
      className="select"
      aria-describedby={describedBy}
      value={value}
      required={required}
      disabled={people.isPending}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{people.isPending ? t('state.loading') : t('users.form.noPerson')}</option>
      {unknown && <option value={value}>{value}</option>}
      {(['customer', 'provider'] as const).map((organisation) => {
        const members = side(organisation);
        if (members.length === 0) return null;
        return (
          <optgroup key={organisation} label={t(`people.side.${organisation}`)}>
            {members.map((person) => (
              <option key={person.key} value={person.key}>
                {label(person)}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
