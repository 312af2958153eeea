/** Login sessions: random cookie secrets stored as hashes, idle and absolute expiry, ended by logout or by an admin. */
import type { Kysely } from 'kysely';
import { AppError } from '../errors/app-error.js';
import type { Database } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';
import type { RequestMeta } from './schema.js';
import { hashSecret, randomSecret } from './secret-hash.js';
import type { UserRow } from './user-rows.js';

export const SESSION_COOKIE = 'vigie_session';
/** A session unused for this long ends. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** A session ends this long after login, used or not. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionDeps {
  readonly store: Store;
  readonly clock: Clock;
}

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  readonly token: string;
  readonly expiresAt: string;
}

/** Opens a session for `userId` inside the caller's transaction (the login and its audit event commit together). */
export async function createSession(
  deps: Pick<SessionDeps, 'clock'>,
  trx: Kysely<Database>,
  input: { readonly userId: string; readonly meta?: RequestMeta | undefined },
): Promise<NewSession> {
  const now = deps.clock.now();
  const token = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  await trx
    .insertInto('sessions')
    .values({
      id: hashSecret(token),
      user_id: input.userId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
      ip: input.meta?.ip ?? null,
      user_agent: input.meta?.userAgent ?? null,
    })
    .execute();
  // Housekeeping rides on logins: expired rows are never valid, they only take space.
  await trx
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', now.toISOString()),
        eb('last_seen_at', '<=', new Date(now.getTime() - SESSION_IDLE_MS).toISOString()),
      ]),
    )
    .execute();
  return { token, expiresAt };
}

/** The account behind a session cookie; UNAUTHENTICATED (with the reason) when it is unknown, expired or disabled. */
export async function resolveSession(deps: SessionDeps, token: string): Promise<UserRow> {
  const id = hashSecret(token);
  const found = await deps.store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.expires_at as session_expires_at', 'sessions.last_seen_at as session_last_seen_at'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!found) {
    throw new AppError('UNAUTHENTICATED', 'Your session is no longer valid. Log in again.', {
      hint: 'Sessions end at logout, when the password is reset or the account disabled.',
      details: { reason: 'session_unknown' },
    });
  }
  const now = deps.clock.now();
  const { session_expires_at: expiresAt, session_last_seen_at: lastSeenAt, ...user } = found;
  const idleSince = now.getTime() - Date.parse(lastSeenAt);
  if (Date.parse(expiresAt) <= now.getTime() || idleSince >= SESSION_IDLE_MS) {
    await deps.store.db.deleteFrom('sessions').where('id', '=', id).execute();
    throw new AppError('UNAUTHENTICATED', 'Your session has expired. Log in again.', {
      hint: `A session ends after ${SESSION_IDLE_MS / 3_600_000} hours without use, or ${SESSION_ABSOLUTE_MS / 86_400_000} days after login.`,
      details: { reason: 'session_expired' },
    });
  }
  if (user.disabled === 1) {
    throw new AppError('UNAUTHENTICATED', 'This account is disabled.', {
      hint: 'Ask a Vigie administrator to enable it again.',
      details: { reason: 'account_disabled' },
    });
  }
  if (idleSince >= TOUCH_INTERVAL_MS) {
    await deps.store.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }
  return user;
}

/** Ends the session of `token`; returns the user it belonged to, if it existed. */
export async function deleteSession(trx: Kysely<Database>, token: string): Promise<string | undefined> {
  const row = await trx
    .deleteFrom('sessions')
    .where('id', '=', hashSecret(token))
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Ends every session of `userId` (account disabled, password reset); returns how many ended. */
export async function deleteSessionsOfUser(trx: Kysely<Database>, userId: string): Promise<number> {
  const result = await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
