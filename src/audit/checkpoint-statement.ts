/**
 * The signed checkpoint statement of a hash chain (the audit trail, the intervention journal): its
 * schema, the exact bytes that are signed, and the key id. Kept free of the store so that anyone
 * (and openssl, see docs/audit.md) can check a statement.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';

/** The format of audit trail checkpoints; the journal's has its own (src/journal/checkpoint.ts). */
export const CHECKPOINT_FORMAT = 'vigie-audit-checkpoint/1';

/**
 * The schema of one chain's statements. The format is signed, so a statement of one chain (the audit
 * trail, the journal) can never pass for a statement of the other.
 */
export function checkpointStatementSchemaOf<const Format extends string>(format: Format) {
  return z
    .object({
      format: z.literal(format),
      /** The `seq` of the newest row when the checkpoint was made (0 for an empty chain). */
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
}

export const checkpointStatementSchema = checkpointStatementSchemaOf(CHECKPOINT_FORMAT);

export type CheckpointStatement = z.infer<typeof checkpointStatementSchema>;

/** A statement of any chain. */
export type SignedStatement = Omit<CheckpointStatement, 'format'> & { readonly format: string };

/** The fields a signature covers. */
export type SignedCheckpointFields = Pick<
  SignedStatement,
  'format' | 'length' | 'headHash' | 'createdAt' | 'keyId'
>;

/** The key pair that signs statements (see signing-key.ts). */
export interface StatementSigner {
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
}

/** The statement of `fields`, signed: what the customer keeps. */
export function signStatement<Fields extends SignedCheckpointFields>(
  fields: Fields,
  signer: StatementSigner,
): Fields & { readonly publicKey: string; readonly signature: string } {
  const signature = sign(null, signedCheckpointMessage(fields), signer.privateKey).toString('base64');
  return { ...fields, publicKey: signer.publicKeyPem, signature };
}

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
