/** What each user may see in the navigation, derived from the role and permissions `/me` returns. */
import type { Me } from '../api/types.js';

export type Section =
  | 'overview'
  | 'rack'
  | 'hypervisors'
  | 'hosts'
  | 'websites'
  | 'databases'
  | 'people'
  | 'drift'
  | 'updates'
  | 'capacity'
  | 'monitoring'
  | 'backups'
  | 'journal'
  | 'inventory'
  | 'hostkeys'
  | 'audit'
  | 'users';

export const SECTIONS: readonly Section[] = [
  'overview',
  'rack',
  'hypervisors',
  'hosts',
  'websites',
  'databases',
  'people',
  'drift',
  'updates',
  'capacity',
  'monitoring',
  'backups',
  'journal',
  'inventory',
  'hostkeys',
  'audit',
  'users',
];

/**
 * A customer developer holds `inventory:read` like everyone, but the API narrows it to the websites and
 * databases they work on: the infrastructure pages would only show empty racks to them.
 */
export function isScopedToOwnWork(me: Me): boolean {
  return me.role === 'customer_developer';
}

/** Whether `me` may open `section`. */
export function canSee(me: Me, section: Section): boolean {
  const has = (permission: string) => me.permissions.includes(permission);
  switch (section) {
    case 'overview':
    case 'websites':
    case 'databases':
      return has('inventory:read');
    case 'rack':
    case 'hypervisors':
    case 'hosts':
    case 'people':
      return has('inventory:read') && !isScopedToOwnWork(me);
    case 'inventory':
      // The page that checks, plans and applies inventory files; applying itself needs inventory:apply.
      return has('inventory:plan');
    case 'drift':
    case 'updates':
    case 'capacity':
    case 'monitoring':
    case 'backups':
      return has('hosts:read');
    case 'journal':
      return has('journal:read');
    case 'hostkeys':
      return has('hostkeys:approve');
    case 'audit':
      return has('audit:read');
    case 'users':
      return has('users:read');
  }
}

/** Object kinds a scoped user may open; everyone else may open any kind. */
export function canOpenKind(me: Me, kind: string): boolean {
  return !isScopedToOwnWork(me) || kind === 'website' || kind === 'database';
}
