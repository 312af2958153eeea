/** The Ed25519 key that signs audit checkpoints, kept in a private file (0600) created on first use. */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/app-error.js';
import { keyIdOf } from './checkpoint-statement.js';

export interface AuditSigningKey {
  readonly file: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  readonly keyId: string;
}

export interface AuditPublicKey {
  readonly file: string;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

/** Loads the signing key from `file`, creating it (mode 0600) if it does not exist yet. */
export function loadOrCreateSigningKey(file: string): AuditSigningKey {
  if (!fs.existsSync(file)) createKeyFile(file);
  const stat = fs.statSync(file);
  if ((stat.mode & 0o077) !== 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `The audit signing key ${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)})`,
      {
        hint: `Anyone who reads it can sign checkpoints: run chmod 600 ${file}, and consider the key compromised if others did read it.`,
        details: { file },
      },
    );
  }
  const privateKey = readPrivateKey(file);
  const publicKey = createPublicKey(privateKey);
  return {
    file,
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** The public half of the signing key, or null when none was created yet; never creates one. */
export function loadSigningPublicKey(file: string): AuditPublicKey | null {
  if (!fs.existsSync(file)) return null;
  const publicKey = createPublicKey(readPrivateKey(file));
  return { file, publicKey, keyId: keyIdOf(publicKey) };
}

function readPrivateKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: fs.readFileSync(file), format: 'pem' });
  } catch (cause) {
    throw new AppError(
      'CONFIG_INVALID',
      `Cannot read the audit signing key ${file}: ${(cause as Error).message}`,
      {
        hint: 'The file must be a PEM Ed25519 private key readable by Vigie (VIGIE_AUDIT_KEY_FILE). Restore it from a backup.',
        details: { file },
        cause,
      },
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AppError(
      'CONFIG_INVALID',
      `The audit signing key ${file} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`,
      {
        hint: 'Point VIGIE_AUDIT_KEY_FILE at an Ed25519 key (openssl genpkey -algorithm ed25519), or remove it to let Vigie create one.',
        details: { file },
      },
    );
  }
  return key;
}

/**
 * Writes a new key next to its final name, then links it into place: two processes starting at once
 * both end up with the key of whichever linked first, and nobody ever reads a half-written file.
 */
function createKeyFile(file: string): void {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, pem, { mode: 0o600, flag: 'wx' });
    fs.linkSync(temporary, file);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new AppError(
        'CONFIG_INVALID',
        `Cannot create the audit signing key ${file}: ${(cause as Error).message}`,
        {
          hint: 'Check that the data directory (or the directory of VIGIE_AUDIT_KEY_FILE) is writable by Vigie.',
          details: { file },
          cause,
        },
      );
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
