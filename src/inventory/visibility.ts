/** Which inventory objects a caller may see: everything, or for a customer developer only their sites and databases. */
import type { Kysely } from 'kysely';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../store/database.js';
import type { ObjectKind } from './model.js';
import { selectObject } from './store.js';

export type Visibility =
  /** Every object, but for kinds only the provider's staff may read. */
  | { readonly all: true; readonly hiddenKinds: ReadonlySet<string> }
  | { readonly all: false; readonly websites: ReadonlySet<string>; readonly databases: ReadonlySet<string> };

/**
 * The alerting section names the provider's channels: webhook URLs that work like passwords and
 * on-call addresses. It is the provider's business, not the customer's.
 */
const PROVIDER_ONLY_KINDS: ReadonlySet<string> = new Set(['alerting', 'backup']);

const EVERYTHING: Visibility = { all: true, hiddenKinds: new Set() };
const ALL_BUT_PROVIDER_ONLY: Visibility = { all: true, hiddenKinds: PROVIDER_ONLY_KINDS };

/**
 * What `principal` may see. A customer developer sees the websites and databases listed in the
 * `access` of the person their account stands for; without such a person, nothing.
 */
export async function visibilityOf(db: Kysely<Database>, principal: Principal): Promise<Visibility> {
  if (principal.role === 'provider_admin' || principal.role === 'provider_engineer') return EVERYTHING;
  if (principal.role !== 'customer_developer') return ALL_BUT_PROVIDER_ONLY;
  const person =
    principal.personKey === null ? undefined : await selectObject(db, 'person', principal.personKey);
  const access = (person?.spec.access ?? {}) as { websites?: unknown; databases?: unknown };
  return { all: false, websites: stringSet(access.websites), databases: stringSet(access.databases) };
}

/** True when the object may be shown; callers answer 404 otherwise, so existence does not leak. */
export function canSee(visibility: Visibility, kind: ObjectKind | string, key: string): boolean {
  if (visibility.all) return !visibility.hiddenKinds.has(kind);
  if (kind === 'website') return visibility.websites.has(key);
  if (kind === 'database') return visibility.databases.has(key);
  return false;
}

function stringSet(value: unknown): ReadonlySet<string> {
  return new Set(
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [],
  );
}
