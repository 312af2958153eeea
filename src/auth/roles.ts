/** Roles and the permissions each grants. Every API route declares one permission (or `public`). */

export const ROLES = [
  'provider_admin',
  'provider_engineer',
  'customer_manager',
  'customer_developer',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Read the inventory (developers only see the websites and databases they work on). */
  'inventory:read',
  /** Compute a plan from inventory files. */
  'inventory:plan',
  /** Apply inventory changes. */
  'inventory:apply',
  'audit:read',
  /** Produce a signed checkpoint of the audit chain for the customer to keep. */
  'audit:checkpoint',
  'users:read',
  'users:manage',
  /** See, approve and reject SSH host keys (and the security alerts they raise). */
  'hostkeys:approve',
  /** Read the intervention journal. */
  'journal:read',
  /** Read the alert outbox: notifications waiting, failed or sent. */
  'alerts:read',
  /** Read what Vigie learnt from the hosts: facts, drift findings, metrics, pending updates. */
  'hosts:read',
  /** Gather facts now, change metric thresholds: operations on the hosts themselves. */
  'hosts:operate',
  /** Create and revoke one's own API tokens. */
  'tokens:own',
  /** Anything a logged-in user may do for themselves (profile, language, logout). */
  'self',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const grants: Record<Role, readonly Permission[]> = {
  provider_admin: [
    'inventory:read',
    'inventory:plan',
    'inventory:apply',
    'audit:read',
    'audit:checkpoint',
    'users:read',
    'users:manage',
    'hostkeys:approve',
    'journal:read',
    'alerts:read',
    'hosts:read',
    'hosts:operate',
    'tokens:own',
    'self',
  ],
  provider_engineer: [
    'inventory:read',
    'inventory:plan',
    'inventory:apply',
    'audit:read',
    'hostkeys:approve',
    'journal:read',
    'alerts:read',
    'hosts:read',
    'hosts:operate',
    'tokens:own',
    'self',
  ],
  customer_manager: [
    'inventory:read',
    'audit:read',
    'audit:checkpoint',
    'users:read',
    'journal:read',
    'alerts:read',
    'hosts:read',
    'tokens:own',
    'self',
  ],
  customer_developer: ['inventory:read', 'self'],
  viewer: ['inventory:read', 'audit:read', 'journal:read', 'hosts:read', 'self'],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return grants[role];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
