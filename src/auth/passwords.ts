/** Password policy, argon2id hashing and generation: the only module that touches password material. */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { AppError } from '../errors/app-error.js';

export const MIN_PASSWORD_LENGTH = 12;
/** Hashing cost grows with length; a cap keeps a huge "password" from tying up the server. */
export const MAX_PASSWORD_LENGTH = 256;

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 50 ms on a small server. */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * A hash of a random string nobody knows, with the same parameters as real hashes: checking a password
 * against it takes as long as a real check, so an unknown username answers as slowly as a wrong password.
 */
const DECOY_HASH =
  '$argon2id$v=19$m=19456,p=1,t=2$3QfaucOk8o3KFz4wPKMiSg$7eLu2Ayf4ymBWrBqqHqNkwcT/u+Be3y0OSe4Nhy2HAM';

/** Throws BAD_INPUT when `password` does not meet the policy (length, not the username). */
export function checkPasswordPolicy(password: string, username?: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'BAD_INPUT',
      `The password is too short: ${length} characters, at least ${MIN_PASSWORD_LENGTH} needed.`,
      {
        hint: 'Use a passphrase of several words, or leave the password out to have one generated.',
        details: [{ path: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` }],
      },
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new AppError('BAD_INPUT', `The password is too long: at most ${MAX_PASSWORD_LENGTH} characters.`, {
      details: [{ path: 'password', message: `at most ${MAX_PASSWORD_LENGTH} characters` }],
    });
  }
  if (username !== undefined && password.trim().toLowerCase() === username.toLowerCase()) {
    throw new AppError('BAD_INPUT', 'The password must not be the username.', {
      details: [{ path: 'password', message: 'must differ from the username' }],
    });
  }
}

/** The argon2id encoded hash of `password`. */
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

/** Whether `password` matches `hash`; a malformed hash never matches. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH * 4) return false;
  try {
    return await argon2.verify(hash, password);
  } catch (error) {
    // argon2 throws on a hash it cannot parse (a corrupted row): that is a refusal, not a crash.
    if (error instanceof TypeError) return false;
    throw error;
  }
}

/** Spends the time of one password check, for callers that have no hash to check against. */
export async function spendPasswordCheckTime(password: string): Promise<void> {
  await verifyPassword(DECOY_HASH, password);
}

/** A random password of 24 URL-safe characters (144 bits), to be shown once. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
