/** The accounts service: add, list, update (role, name, person, locale), disable/enable, reset password; all audited. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import type { Database } from '../store/database.js';
import { type AuthDeps, auditDepsOf } from './auth-deps.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import type { Role } from './roles.js';
import { type ChangeContext, type Locale, type UserAccount, usernameSchema } from './schema.js';
import { deleteSessionsOfUser } from './sessions.js';
import type { UsersTable } from './tables.js';
import {
  auditedUserFields,
  findUserRowByUsername,
  requireUserRowById,
  requireUserRowByUsername,
  toUserAccount,
} from './user-rows.js';

export interface NewUser extends ChangeContext {
  readonly username: string;
  readonly role: Role;
  readonly password: string;
  readonly displayName?: string | undefined;
  readonly email?: string | null | undefined;
  readonly personKey?: string | null | undefined;
  readonly locale?: Locale | undefined;
}

/** Adds an account (audited as `user.add`); CONFLICT when the username is taken. */
export async function addUser(deps: AuthDeps, input: NewUser): Promise<UserAccount> {
  const username = parseUsername(input.username);
  checkPasswordPolicy(input.password, username);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  return deps.store.transaction(async (trx) => {
    if (await findUserRowByUsername(trx, username)) {
      throw new AppError('CONFLICT', `A user named "${username}" already exists.`, {
        hint: "Choose another username, or reset this account's password with `vigie user reset-password`.",
      });
    }
    const row = {
      id: randomUUID(),
      username,
      display_name: input.displayName?.trim() || username,
      email: input.email ?? null,
      role: input.role,
      password_hash: passwordHash,
      disabled: 0,
      locale: input.locale ?? 'fr',
      person_key: input.personKey ?? null,
      created_at: now,
      updated_at: now,
      password_changed_at: now,
    };
    await trx.insertInto('users').values(row).execute();
    const account = toUserAccount(row);
    await appendAuditEvent(auditDepsOf(deps), trx, {
      actor: input.actor,
      action: 'user.add',
      targetKind: 'user',
      targetKey: username,
      after: auditedUserFields(account),
      meta: input.meta,
    });
    return account;
  });
}

/** Every account, by username. */
export async function listUsers(deps: AuthDeps): Promise<UserAccount[]> {
  const rows = await deps.store.db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUserAccount);
}

/** One account by id; NOT_FOUND otherwise. */
export async function getUser(deps: AuthDeps, id: string): Promise<UserAccount> {
  return toUserAccount(await requireUserRowById(deps.store.db, id));
}

/** One account by username; NOT_FOUND otherwise. */
export async function getUserByUsername(deps: AuthDeps, username: string): Promise<UserAccount> {
  return toUserAccount(await requireUserRowByUsername(deps.store.db, username));
}

export interface UserChanges {
  readonly role?: Role | undefined;
  readonly disabled?: boolean | undefined;
  readonly displayName?: string | undefined;
  readonly email?: string | null | undefined;
  readonly personKey?: string | null | undefined;
  readonly locale?: Locale | undefined;
}

/**
 * Changes an account. Disabling or enabling is audited as `user.disable` / `user.enable` (and ends the
 * account's sessions); other fields as `user.update`. The last enabled provider administrator cannot be
 * disabled or demoted, so that someone can always manage accounts.
 */
export async function updateUser(
  deps: AuthDeps,
  input: ChangeContext & { readonly id: string; readonly changes: UserChanges },
): Promise<UserAccount> {
  return deps.store.transaction(async (trx) => {
    const beforeRow = await requireUserRowById(trx, input.id);
    const before = toUserAccount(beforeRow);
    const { changes } = input;
    const set: Updateable<UsersTable> = {};
    if (changes.role !== undefined && changes.role !== before.role) set.role = changes.role;
    if (changes.displayName !== undefined && changes.displayName.trim() !== before.displayName) {
      set.display_name = changes.displayName.trim();
    }
    if (changes.email !== undefined && changes.email !== before.email) set.email = changes.email;
    if (changes.personKey !== undefined && changes.personKey !== before.personKey)
      set.person_key = changes.personKey;
    if (changes.locale !== undefined && changes.locale !== before.locale) set.locale = changes.locale;
    const disabledChanges = changes.disabled !== undefined && changes.disabled !== before.disabled;
    if (disabledChanges) set.disabled = changes.disabled ? 1 : 0;
    if (Object.keys(set).length === 0) return before;

    const losesAdmin =
      before.role === 'provider_admin' && !before.disabled && (set.role !== undefined || set.disabled === 1);
    if (losesAdmin) await refuseIfLastAdmin(trx, before);

    set.updated_at = deps.clock.now().toISOString();
    await trx.updateTable('users').set(set).where('id', '=', before.id).execute();
    const after = toUserAccount(await requireUserRowById(trx, before.id));
    const audit = auditDepsOf(deps);
    const target = { targetKind: 'user', targetKey: before.username, meta: input.meta, actor: input.actor };
    if (disabledChanges) {
      const sessionsEnded = after.disabled ? await deleteSessionsOfUser(trx, before.id) : 0;
      await appendAuditEvent(audit, trx, {
        ...target,
        action: after.disabled ? 'user.disable' : 'user.enable',
        before: { disabled: before.disabled },
        after: { disabled: after.disabled, ...(after.disabled ? { sessionsEnded } : {}) },
      });
    }
    const otherFields = Object.keys(set).filter((key) => key !== 'disabled' && key !== 'updated_at');
    if (otherFields.length > 0) {
      const changed = (account: UserAccount) =>
        pick(auditedUserFields(account), otherFields.map(fieldNameOf));
      await appendAuditEvent(audit, trx, {
        ...target,
        action: 'user.update',
        before: changed(before),
        after: changed(after),
      });
    }
    return after;
  });
}

/** Disables or enables the account named `username` (the CLI's door to `updateUser`). */
export async function setUserDisabled(
  deps: AuthDeps,
  input: ChangeContext & { readonly username: string; readonly disabled: boolean },
): Promise<UserAccount> {
  const row = await requireUserRowByUsername(deps.store.db, input.username);
  return updateUser(deps, {
    id: row.id,
    changes: { disabled: input.disabled },
    actor: input.actor,
    meta: input.meta,
  });
}

/** Sets a new password (audited as `user.reset_password`, without any hash) and ends the account's sessions. */
export async function resetPassword(
  deps: AuthDeps,
  input: ChangeContext & { readonly id: string; readonly password: string },
): Promise<UserAccount> {
  const current = await requireUserRowById(deps.store.db, input.id);
  checkPasswordPolicy(input.password, current.username);
  const passwordHash = await hashPassword(input.password);
  return deps.store.transaction(async (trx) => {
    const before = toUserAccount(await requireUserRowById(trx, input.id));
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
      .where('id', '=', before.id)
      .execute();
    const sessionsEnded = await deleteSessionsOfUser(trx, before.id);
    await appendAuditEvent(auditDepsOf(deps), trx, {
      actor: input.actor,
      action: 'user.reset_password',
      targetKind: 'user',
      targetKey: before.username,
      before: { passwordChangedAt: before.passwordChangedAt },
      after: { passwordChangedAt: now, sessionsEnded },
      meta: input.meta,
    });
    return toUserAccount(await requireUserRowById(trx, before.id));
  });
}

/** The username normalised (trimmed, lower case), or BAD_INPUT saying what a username may contain. */
export function parseUsername(raw: string): string {
  const parsed = usernameSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'BAD_INPUT',
      `"${raw}" is not a valid username: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
      {
        hint: 'Use lower-case letters, digits, ".", "_" or "-", starting with a letter, e.g. "jdupont".',
        details: [{ path: 'username', message: parsed.error.issues[0]?.message ?? 'invalid' }],
      },
    );
  }
  return parsed.data;
}

async function refuseIfLastAdmin(trx: Kysely<Database>, admin: UserAccount): Promise<void> {
  const others = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'provider_admin')
    .where('disabled', '=', 0)
    .where('id', '!=', admin.id)
    .limit(1)
    .execute();
  if (others.length === 0) {
    throw new AppError(
      'CONFLICT',
      `${admin.username} is the last enabled provider administrator and must stay one.`,
      {
        hint: 'Give another account the provider_admin role first.',
      },
    );
  }
}

const fieldNameByColumn: Record<string, string> = {
  role: 'role',
  display_name: 'displayName',
  email: 'email',
  person_key: 'personKey',
  locale: 'locale',
};

function fieldNameOf(column: string): string {
  return fieldNameByColumn[column] ?? column;
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, source[key]]));
}
