/** Reading user rows: the account view every caller gets, never the password hash. */
import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../errors/app-error.js';
import type { Database } from '../store/database.js';
import { isRole } from './roles.js';
import type { Locale, UserAccount } from './schema.js';
import type { UsersTable } from './tables.js';

export type UserRow = Selectable<UsersTable>;

/** The account as the API and the CLI show it (no hash). */
export function toUserAccount(row: UserRow): UserAccount {
  if (!isRole(row.role)) {
    throw new AppError(
      'INTERNAL',
      `The account ${row.username} has an unknown role "${row.role}" in the store.`,
      {
        hint: 'Give it a known role with PATCH /api/v1/users/:id, or fix the row.',
      },
    );
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    disabled: row.disabled === 1,
    locale: toLocale(row.locale),
    personKey: row.person_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordChangedAt: row.password_changed_at,
  };
}

/** The fields an audit event records about an account: what people can see, nothing secret. */
export function auditedUserFields(account: UserAccount): Record<string, unknown> {
  return {
    username: account.username,
    displayName: account.displayName,
    email: account.email,
    role: account.role,
    disabled: account.disabled,
    locale: account.locale,
    personKey: account.personKey,
  };
}

export function toLocale(value: string): Locale {
  return value === 'en' ? 'en' : 'fr';
}

/** The row of `username`, or undefined. */
export async function findUserRowByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

/** The row of `id`, or undefined. */
export async function findUserRowById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The row of `username`, or NOT_FOUND naming it. */
export async function requireUserRowByUsername(db: Kysely<Database>, username: string): Promise<UserRow> {
  const row = await findUserRowByUsername(db, username);
  if (!row) {
    throw new AppError('NOT_FOUND', `There is no user named "${username}".`, {
      hint: '`vigie user list` shows the accounts.',
    });
  }
  return row;
}

/** The row of `id`, or NOT_FOUND. */
export async function requireUserRowById(db: Kysely<Database>, id: string): Promise<UserRow> {
  const row = await findUserRowById(db, id);
  if (!row)
    throw new AppError('NOT_FOUND', `There is no user with id ${id}.`, {
      hint: 'GET /api/v1/users lists them.',
    });
  return row;
}
