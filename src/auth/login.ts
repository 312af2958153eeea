/** Password login: checks the credentials, opens a session, and audits success and failure alike. */
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import { type AuthDeps, auditDepsOf } from './auth-deps.js';
import { spendPasswordCheckTime, verifyPassword } from './passwords.js';
import type { RequestMeta, UserAccount } from './schema.js';
import { createSession, deleteSession, type NewSession } from './sessions.js';
import { findUserRowByUsername, toUserAccount } from './user-rows.js';

export interface LoginInput {
  readonly username: string;
  readonly password: string;
  readonly meta?: RequestMeta | undefined;
  /** The session cookie the browser still held, if any: it ends, so one browser holds one session. */
  readonly previousToken?: string | undefined;
}

export interface LoginResult {
  readonly account: UserAccount;
  readonly session: NewSession;
}

type FailureReason = 'unknown_user' | 'wrong_password' | 'account_disabled';

/**
 * Logs in with a password. An unknown username and a wrong password get the same answer in about the
 * same time, so that the API does not tell which usernames exist; each failure is audited as
 * `auth.login_failed` with its reason, each success as `auth.login`.
 */
export async function login(deps: AuthDeps, input: LoginInput): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const row = await findUserRowByUsername(deps.store.db, username);
  if (!row) {
    await spendPasswordCheckTime(input.password);
    return refuse(deps, input, username, 'unknown_user');
  }
  if (!(await verifyPassword(row.password_hash, input.password)))
    return refuse(deps, input, username, 'wrong_password');
  // Only someone who knows the password learns that the account is disabled.
  if (row.disabled === 1) return refuse(deps, input, username, 'account_disabled');

  const account = toUserAccount(row);
  const session = await deps.store.transaction(async (trx) => {
    if (input.previousToken !== undefined) await deleteSession(trx, input.previousToken);
    const opened = await createSession(deps, trx, { userId: account.id, meta: input.meta });
    await appendAuditEvent(auditDepsOf(deps), trx, {
      actor: `user:${account.username}`,
      action: 'auth.login',
      targetKind: 'user',
      targetKey: account.username,
      meta: { ...input.meta, via: 'password' },
    });
    return opened;
  });
  return { account, session };
}

/** Ends the session of `token` (audited as `auth.logout` when there was one); a missing session is not an error. */
export async function logout(
  deps: AuthDeps,
  input: { readonly token: string; readonly meta?: RequestMeta | undefined },
): Promise<boolean> {
  return deps.store.transaction(async (trx) => {
    const userId = await deleteSession(trx, input.token);
    if (userId === undefined) return false;
    const user = await trx.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
    const username = user?.username ?? userId;
    await appendAuditEvent(auditDepsOf(deps), trx, {
      actor: `user:${username}`,
      action: 'auth.logout',
      targetKind: 'user',
      targetKey: username,
      meta: input.meta,
    });
    return true;
  });
}

async function refuse(
  deps: AuthDeps,
  input: LoginInput,
  username: string,
  reason: FailureReason,
): Promise<never> {
  await deps.store.transaction((trx) =>
    appendAuditEvent(auditDepsOf(deps), trx, {
      actor: 'anonymous',
      action: 'auth.login_failed',
      targetKind: 'user',
      // What was typed, bounded: the trail must not become a place to store arbitrary text.
      targetKey: username.slice(0, 64),
      meta: { ...input.meta, reason },
    }),
  );
  if (reason === 'account_disabled') {
    throw new AppError('UNAUTHENTICATED', 'This account is disabled.', {
      hint: 'Ask a Vigie administrator to enable it again.',
      details: { reason },
    });
  }
  throw new AppError('UNAUTHENTICATED', 'Wrong username or password.', {
    hint: 'Check both and try again. After 5 attempts in a minute, logins for that name pause for a minute.',
    details: { reason: 'bad_credentials' },
  });
}
