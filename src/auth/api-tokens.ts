/** API tokens for automation: `vgt_…` secrets shown once, stored as hashes, listed by prefix, revocable, optionally expiring. */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import { type AuthDeps, auditDepsOf } from './auth-deps.js';
import type { ApiToken, ChangeContext } from './schema.js';
import { hashSecret, randomSecret } from './secret-hash.js';
import type { ApiTokensTable } from './tables.js';
import { requireUserRowById, type UserRow } from './user-rows.js';

export const API_TOKEN_PREFIX = 'vgt_';
/** How much of a token is kept in clear to recognise it in a list: `vgt_` and 8 characters. */
const VISIBLE_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 8;
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface CreatedApiToken {
  readonly token: ApiToken;
  /** The token itself: shown once, never stored. */
  readonly secret: string;
}

/** Creates a token for `userId`, audited as `token.create`; the secret is returned once. */
export async function createApiToken(
  deps: AuthDeps,
  input: ChangeContext & {
    readonly userId: string;
    readonly name: string;
    readonly expiresAt?: string | null | undefined;
  },
): Promise<CreatedApiToken> {
  const now = deps.clock.now();
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && !(Date.parse(expiresAt) > now.getTime())) {
    throw new AppError('BAD_INPUT', `The expiry ${expiresAt} is not a date in the future.`, {
      hint: 'Give an ISO 8601 instant such as 2027-01-31T00:00:00Z, or no expiry.',
      details: [{ path: 'expiresAt', message: 'must be a future instant' }],
    });
  }
  const secret = `${API_TOKEN_PREFIX}${randomSecret()}`;
  const row: Selectable<ApiTokensTable> = {
    id: randomUUID(),
    user_id: input.userId,
    name: input.name,
    token_hash: hashSecret(secret),
    prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH),
    created_at: now.toISOString(),
    last_used_at: null,
    expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    revoked_at: null,
  };
  await deps.store.transaction(async (trx) => {
    const user = await requireUserRowById(trx, input.userId);
    await trx.insertInto('api_tokens').values(row).execute();
    const token = toApiToken(row);
    await appendAuditEvent(auditDepsOf(deps), trx, {
      actor: input.actor,
      action: 'token.create',
      targetKind: 'user',
      targetKey: user.username,
      after: { id: token.id, name: token.name, prefix: token.prefix, expiresAt: token.expiresAt },
      meta: input.meta,
    });
  });
  return { token: toApiToken(row), secret };
}

/** The tokens of `userId`, newest first, revoked ones included; never the secrets. */
export async function listApiTokens(deps: AuthDeps, userId: string): Promise<ApiToken[]> {
  const rows = await deps.store.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toApiToken);
}

/** Revokes one of `userId`'s tokens, audited as `token.revoke`; revoking twice changes nothing. */
export async function revokeApiToken(
  deps: AuthDeps,
  input: ChangeContext & { readonly userId: string; readonly tokenId: string },
): Promise<ApiToken> {
  return deps.store.transaction(async (trx) => {
    const row = await trx
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', input.tokenId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    if (!row) {
      throw new AppError('NOT_FOUND', `You have no API token with id ${input.tokenId}.`, {
        hint: 'GET /api/v1/me/tokens lists your tokens.',
      });
    }
    if (row.revoked_at !== null) return toApiToken(row);
    const revokedAt = deps.clock.now().toISOString();
    await trx.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', row.id).execute();
    const user = await requireUserRowById(trx, input.userId);
    await appendAuditEvent(auditDepsOf(deps), trx, {
      actor: input.actor,
      action: 'token.revoke',
      targetKind: 'user',
      targetKey: user.username,
      before: { id: row.id, name: row.name, prefix: row.prefix, revokedAt: null },
      after: { id: row.id, name: row.name, prefix: row.prefix, revokedAt },
      meta: input.meta,
    });
    return toApiToken({ ...row, revoked_at: revokedAt });
  });
}

/** The account behind a bearer token; UNAUTHENTICATED (with the reason) when unknown, revoked, expired or disabled. */
export async function resolveApiToken(deps: AuthDeps, secret: string): Promise<UserRow> {
  const hint =
    'Create a new token with POST /api/v1/me/tokens (or in the web interface) and send it as `Authorization: Bearer vgt_…`.';
  const found = secret.startsWith(API_TOKEN_PREFIX)
    ? await deps.store.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select([
          'api_tokens.id as token_id',
          'api_tokens.expires_at as token_expires_at',
          'api_tokens.revoked_at as token_revoked_at',
          'api_tokens.last_used_at as token_last_used_at',
        ])
        .where('api_tokens.token_hash', '=', hashSecret(secret))
        .executeTakeFirst()
    : undefined;
  if (!found) {
    throw new AppError('UNAUTHENTICATED', 'This API token is not valid.', {
      hint,
      details: { reason: 'token_unknown' },
    });
  }
  const {
    token_id: tokenId,
    token_expires_at: expiresAt,
    token_revoked_at: revokedAt,
    token_last_used_at: lastUsedAt,
    ...user
  } = found;
  const now = deps.clock.now();
  if (revokedAt !== null) {
    throw new AppError('UNAUTHENTICATED', 'This API token has been revoked.', {
      hint,
      details: { reason: 'token_revoked' },
    });
  }
  if (expiresAt !== null && Date.parse(expiresAt) <= now.getTime()) {
    throw new AppError('UNAUTHENTICATED', `This API token expired at ${expiresAt}.`, {
      hint,
      details: { reason: 'token_expired' },
    });
  }
  if (user.disabled === 1) {
    throw new AppError('UNAUTHENTICATED', 'The account of this API token is disabled.', {
      hint: 'Ask a Vigie administrator to enable it again.',
      details: { reason: 'account_disabled' },
    });
  }
  if (lastUsedAt === null || now.getTime() - Date.parse(lastUsedAt) >= TOUCH_INTERVAL_MS) {
    await deps.store.db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', tokenId)
      .execute();
  }
  return user;
}

function toApiToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
