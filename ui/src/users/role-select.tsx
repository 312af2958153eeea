/** Chooses a role, with a line saying what the chosen role may do. */
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types.js';

export const ROLES: readonly Role[] = [
  'provider_admin',
  'provider_engineer',
  'customer_manager',
  'customer_developer',
  'viewer',
];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

interface RoleSelectProps {
  readonly id: string;
  readonly describedBy: string | undefined;
  readonly value: Role;
  readonly onChange: (role: Role) => void;
}

export function RoleSelect({ id, describedBy, value, onChange }: RoleSelectProps) {
  const { t } = useTranslation();
  return (
    <select
      id={id}
      name="role"
      className="select"
      aria-describedby={describedBy}
      value={value}
      onChange={(event) => {
        if (isRole(event.target.value)) onChange(event.target.value);
      }}
    >
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`role.${role}`)}
        </option>
      ))}
    </select>
  );
}
