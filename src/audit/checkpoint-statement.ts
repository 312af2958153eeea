/**
 * The signed checkpoint statement: its schema, the exact bytes that are signed, and the key id.
 * Kept free of the store so that anyone (and openssl, see docs/audit.md) can check a statement.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';

export const CHECKPOINT_FORMAT = 'vigie-audit-checkpoint/1';

export const checkpointStatementSchema = z
  .object({
    format: z.literal(CHECKPOINT_FORMAT),
    /** The `seq` of the newest row when the checkpoint was made (0 for an empty trail). */
    length: z.number().int().nonnegative(),
    /** The hash of row `length`. */
    headHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
    createdAt: z.iso.datetime({ error: 'must be an ISO 8601 UTC instant' }),
    /** The first 16 hex digits of the SHA-256 of the public key (DER SubjectPublicKeyInfo). */
    keyId: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lower-case hex digits'),
    /** The Ed25519 public key, PEM (SubjectPublicKeyInfo). */
    publicKey: z.string().refine(isEd25519PublicKeyPem, 'must be an Ed25519 public key in PEM'),
    /** Ed25519 signature of the signed message, base64. */
    signature: z
      .string()
      .regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a base64 Ed25519 signature (88 characters)'),
  })
  .strict();

export type CheckpointStatement = z.infer<typeof checkpointStatementSchema>;

/** The fields a signature covers. */
export type SignedCheckpointFields = Pick<
  CheckpointStatement,
  'format' | 'length' | 'headHash' | 'createdAt' | 'keyId'
>;

/**
 * The exact bytes signed: the JSON of the signed fields with sorted keys and no spaces, which
 * `jq -jcS '{format,length,headHash,createdAt,keyId}'` reproduces from a statement.
 */
export function signedCheckpointMessage(fields: SignedCheckpointFields): Buffer {
  const { format, length, headHash, createdAt, keyId } = fields;
  return Buffer.from(canonicalJson({ format, length, headHash, createdAt, keyId }), 'utf8');
}

/** `openssl pkey -pubin -outform DER | sha256sum`, first 16 hex digits. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Whether `signature` (base64) is `publicKey`'s signature of the statement's signed fields. */
export function signatureMatches(
  fields: SignedCheckpointFields,
  signature: string,
  publicKey: KeyObject,
): boolean {
  return verify(null, signedCheckpointMessage(fields), publicKey, Buffer.from(signature, 'base64'));
}

/** Whether two public keys are the same key. */
export function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey({ key: pem, format: 'pem' });
}

function isEd25519PublicKeyPem(pem: string): boolean {
  try {
    return publicKeyFromPem(pem).asymmetricKeyType === 'ed25519';
  } catch {
    // Not PEM at all: the schema reports it as such.
    return false;
  }
}
