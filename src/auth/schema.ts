/** Schemas of the auth domain's inputs and outputs, shared by the HTTP routes, the CLI and the services. */
import { z } from 'zod';
import type { Locale } from '../time/format.js';
import { PERMISSIONS, ROLES } from './roles.js';

export type { Locale };
export const LOCALES = ['fr', 'en'] as const satisfies readonly Locale[];

export const roleSchema = z.enum(ROLES);
export const localeSchema = z.enum(LOCALES);
export const permissionSchema = z.enum(PERMISSIONS);

/** Lower-case login names: a letter, then letters, digits, `.`, `_` or `-`; 2 to 64 characters. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z][a-z0-9._-]{1,63}$/,
    'must be 2 to 64 characters: a letter, then letters, digits, ".", "_" or "-"',
  );

export const displayNameSchema = z.string().trim().min(1).max(200);
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');
/** A `people` key of the inventory (kebab-case), tying an account to the person it stands for. */
export const personKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be an inventory person key such as "jane-doe"');

/** A password as submitted; the policy (length, not the username) is checked by the service. */
export const passwordInputSchema = z.string().min(1).max(1024);

export const userAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  disabled: z.boolean(),
  locale: localeSchema,
  personKey: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  passwordChangedAt: z.string(),
});
export type UserAccount = z.infer<typeof userAccountSchema>;

/** What `GET /api/v1/me` says about the caller. */
export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  locale: localeSchema,
  personKey: z.string().nullable(),
  permissions: z.array(permissionSchema),
});
export type Me = z.infer<typeof meSchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token, to recognise it; never the token itself. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const tokenNameSchema = z.string().trim().min(1).max(100);

/** Where a change came from, recorded in the audit event's `meta`. */
export interface RequestMeta {
  readonly ip?: string | undefined;
  readonly userAgent?: string | undefined;
}

/** Who makes a change and from where: every mutating service function takes it. */
export interface ChangeContext {
  /** `user:<username>` or `cli:<os user>`. */
  readonly actor: string;
  readonly meta?: RequestMeta | undefined;
}
