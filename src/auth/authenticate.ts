/** Turns a request's credentials (session cookie or bearer API token) into the `Principal` every domain sees. */
import { resolveApiToken } from './api-tokens.js';
import type { AuthDeps } from './auth-deps.js';
import type { Principal } from './principal.js';
import { resolveSession } from './sessions.js';
import { toUserAccount, type UserRow } from './user-rows.js';

export interface Credentials {
  /** The `vigie_session` cookie value. */
  readonly sessionToken?: string | undefined;
  /** The raw `Authorization` header. */
  readonly authorization?: string | undefined;
}

/**
 * The caller behind `credentials`, or null when there are none. A bearer token wins over a cookie.
 * Throws UNAUTHENTICATED with a reason when credentials are present but no longer valid.
 */
export async function authenticate(deps: AuthDeps, credentials: Credentials): Promise<Principal | null> {
  const bearer = bearerTokenOf(credentials.authorization);
  if (bearer !== undefined) return principalOf(await resolveApiToken(deps, bearer), 'token');
  if (credentials.sessionToken)
    return principalOf(await resolveSession(deps, credentials.sessionToken), 'session');
  return null;
}

/** The token of an `Authorization: Bearer …` header, if that is what it holds. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function principalOf(row: UserRow, via: Principal['via']): Principal {
  const account = toUserAccount(row);
  return {
    userId: account.id,
    username: account.username,
    role: account.role,
    personKey: account.personKey,
    locale: account.locale,
    via,
  };
}
