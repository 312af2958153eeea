/** Session and API-token secrets are stored as their SHA-256 only: a copy of the store opens nothing. */
import { createHash, randomBytes } from 'node:crypto';

/** The hex SHA-256 under which a secret is stored and looked up. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** 32 random bytes, URL-safe: the secret of a session or an API token. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
