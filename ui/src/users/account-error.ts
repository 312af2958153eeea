/**
 * What an account change's failure means, in the user's language, and which field it is about. The server
 * says it in English with a code and, for fields, `details: [{path, message}]`; the codes and paths are
 * stable, so the known cases are told again here; anything else keeps the server's words.
 */
import type { TFunction } from 'i18next';
import { isApiError } from '../api/client.js';

export type AccountField = 'username' | 'displayName' | 'email' | 'role' | 'personKey' | 'password';

export interface AccountErrorText {
  /** The field to show it next to; null for the dialog as a whole. */
  readonly field: AccountField | null;
  readonly text: string;
}

/** What the failed request was doing: the same code means different things. */
export type AccountAction = 'create' | 'update' | 'reset';

const FIELDS: readonly AccountField[] = ['username', 'displayName', 'email', 'role', 'personKey', 'password'];

/** The translated explanation of `error`, or null when it is not one this page knows. */
export function accountErrorText(
  t: TFunction,
  error: unknown,
  action: AccountAction,
  username: string,
): AccountErrorText | null {
  if (!isApiError(error)) return null;
  if (error.code === 'CONFLICT') {
    if (action === 'create')
      return { field: 'username', text: t('users.errors.usernameTaken', { username }) };
    if (/own account/i.test(error.message)) return { field: null, text: t('users.errors.notYourself') };
    return { field: 'role', text: t('users.errors.lastAdmin', { username }) };
  }
  if (error.code === 'NOT_FOUND') return { field: null, text: t('users.errors.notFound', { username }) };
  if (error.code !== 'BAD_INPUT') return null;
  const detail = firstFieldDetail(error.details);
  if (detail === null) return null;
  const { field, message } = detail;
  if (field === 'password') {
    const shortBy = /at least (\d+)/.exec(message);
    if (shortBy !== null)
      return { field, text: t('users.errors.passwordShort', { min: Number(shortBy[1]) }) };
    const longBy = /at most (\d+)/.exec(message);
    if (longBy !== null) return { field, text: t('users.errors.passwordLong', { max: Number(longBy[1]) }) };
    if (/username/.test(message)) return { field, text: t('users.errors.passwordIsUsername') };
    return { field, text: message };
  }
  return { field, text: t(`users.errors.${field}Invalid`) };
}

/** The first `{path, message}` of `details` naming an account field (`password`, `body.email`...). */
function firstFieldDetail(details: unknown): { field: AccountField; message: string } | null {
  if (!Array.isArray(details)) return null;
  for (const item of details) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof path !== 'string') continue;
    const name = path.replace(/^body\./, '').split('.')[0] ?? '';
    const field = FIELDS.find((candidate) => candidate === name);
    if (field !== undefined) return { field, message: typeof message === 'string' ? message : '' };
  }
  return null;
}
