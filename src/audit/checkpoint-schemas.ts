/** Response shapes shared by the audit trail's and the journal's verification routes. */
import { z } from 'zod';

/** What a chain check can find: rows changed, added or removed, and a checkpoint that does not hold. */
export const chainFindingKind = z.enum([
  'altered',
  'inserted',
  'deleted',
  'checkpoint_signature',
  'checkpoint_key',
  'checkpoint_truncated',
  'checkpoint_mismatch',
]);

/** The checkpoint a chain was verified against, as the verification reports it. */
export const verifiedCheckpoint = z.object({
  length: z.number().int(),
  headHash: z.string(),
  createdAt: z.string(),
  keyId: z.string(),
  signatureValid: z.boolean(),
  signedByThisVigie: z.boolean().nullable(),
});
