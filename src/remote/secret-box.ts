/**
 * Seals secrets (SSH private keys...) with AES-256-GCM under a 32-byte master key, taken from
 * VIGIE_MASTER_KEY (base64) or a private key file created on first use. The sealed text names the
 * format version and the key id, so a wrong key is told apart from a tampered box.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/app-error.js';

export interface SecretBox {
  /** Short id of the master key (first hex digits of its SHA-256), stored in every box. */
  readonly keyId: string;
  /** Encrypts `plaintext`, bound to `associatedData` (e.g. the secret's name). */
  seal(plaintext: string, associatedData: string): string;
  /** Decrypts a box sealed with the same key and associated data; throws CONFIG_INVALID otherwise. */
  open(sealed: string, associatedData: string): string;
}

export interface MasterKeySource {
  /** Base64 of 32 bytes (VIGIE_MASTER_KEY); wins over the file. */
  readonly masterKey?: string | undefined;
  /** The key file (VIGIE_MASTER_KEY_FILE, default DATA/master.key). */
  readonly masterKeyFile: string;
}

const VERSION = 'v1';

/** Builds the box from the configured master key, creating the key file (0600) when neither exists. */
export function loadSecretBox(source: MasterKeySource): SecretBox {
  return createSecretBox(loadMasterKey(source));
}

/** A box over a raw 32-byte key. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the master key must be 32 bytes');
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return Object.freeze({
    keyId,
    seal: (plaintext: string, associatedData: string): string => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
      return [VERSION, keyId, ...parts].join('.');
    },
    open: (sealed: string, associatedData: string): string => {
      const [version, boxKeyId, ivText, tagText, bodyText, ...rest] = sealed.split('.');
      if (
        version !== VERSION ||
        !boxKeyId ||
        !ivText ||
        !tagText ||
        bodyText === undefined ||
        rest.length > 0
      )
        throw unreadable(associatedData, 'it is not a sealed secret of a known format');
      if (boxKeyId !== keyId) {
        throw new AppError(
          'CONFIG_INVALID',
          `The secret ${associatedData} was sealed with another master key (key id ${boxKeyId}; this Vigie has ${keyId})`,
          {
            hint: 'Start Vigie with the master key it was stored with (VIGIE_MASTER_KEY or VIGIE_MASTER_KEY_FILE), or store the secret again.',
            details: { secret: associatedData, boxKeyId, keyId },
          },
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(Buffer.from(tagText, 'base64url'));
        const body = Buffer.from(bodyText, 'base64url');
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw unreadable(associatedData, 'its authentication tag does not match: it was altered', cause);
      }
    },
  });
}

function unreadable(name: string, why: string, cause?: unknown): AppError {
  return new AppError('CONFIG_INVALID', `Cannot open the secret ${name}: ${why}`, {
    hint: 'The stored secret cannot be trusted; store it again (vigie secret set-ssh-key).',
    details: { secret: name },
    cause,
  });
}

/** The master key bytes: from the environment, else from the key file (created 0600 if absent). */
export function loadMasterKey(source: MasterKeySource): Buffer {
  if (source.masterKey !== undefined && source.masterKey !== '') {
    const key = Buffer.from(source.masterKey, 'base64');
    if (key.length !== 32)
      throw new AppError(
        'CONFIG_INVALID',
        `VIGIE_MASTER_KEY must be 32 bytes in base64 (got ${key.length} bytes)`,
        {
          hint: 'Generate one with: openssl rand -base64 32',
        },
      );
    return key;
  }
  const file = source.masterKeyFile;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // `wx`: two processes starting together cannot overwrite each other's key.
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stat = fs.statSync(file);
  if ((stat.mode & 0o077) !== 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `The master key ${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)})`,
      {
        hint: `Anyone who reads it can open every stored secret: run chmod 600 ${file}, and rotate the SSH keys if others did read it.`,
        details: { file },
      },
    );
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) {
    throw new AppError('CONFIG_INVALID', `The master key ${file} does not hold 32 bytes in base64`, {
      hint: 'Restore the key file from a backup; without it the stored secrets cannot be opened.',
      details: { file },
    });
  }
  return key;
}
