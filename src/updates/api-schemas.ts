/** The updates domain's HTTP shapes (zod), shared by its routes and the OpenAPI document. */
import { z } from 'zod';
import { URGENCIES } from './model.js';

const urgency = z.enum(URGENCIES);

export const checkFailureSchema = z.object({
  host: z.string(),
  checkedAt: z.string(),
  code: z.string(),
  message: z.string(),
  hint: z.string().nullable(),
});

export const pendingUpdateSchema = z.object({
  package: z.string(),
  architecture: z.string(),
  currentVersion: z.string().nullable(),
  candidateVersion: z.string(),
  sourcePackage: z.string(),
  origins: z.array(z.string()),
  security: z.boolean(),
  cves: z.array(z.object({ id: z.string(), from: z.array(z.enum(['feed', 'changelog', 'advisory'])) })),
  urgency,
  needsReboot: z.boolean(),
  rebootReason: z.string().nullable(),
  firstSeenAt: z.string().nullable(),
});

export const snapshotSchema = z.object({
  id: z.string(),
  host: z.string(),
  checkedAt: z.string(),
  manager: z.enum(['apt', 'dnf']),
  os: z.object({ id: z.string(), idLike: z.array(z.string()), version: z.string(), codename: z.string() }),
  refreshed: z.boolean(),
  rebootRequired: z.boolean(),
  rebootPackages: z.array(z.string()),
  notes: z.array(z.string()),
  updates: z.array(pendingUpdateSchema),
});

export const hostUpdatesSchema = z.object({
  host: z.string(),
  snapshot: snapshotSchema.nullable(),
  lastFailure: checkFailureSchema.nullable(),
  history: z.array(
    z.object({
      checkedAt: z.string(),
      ok: z.boolean(),
      pendingCount: z.number().int(),
      securityCount: z.number().int(),
      cveCount: z.number().int(),
      rebootRequired: z.boolean(),
      error: z.string().nullable(),
    }),
  ),
});

export const exposureSchema = z.object({
  host: z.string(),
  score: z.number(),
  checkedAt: z.string().nullable(),
  pendingCount: z.number().int(),
  securityCount: z.number().int(),
  cveCount: z.number().int(),
  maxUrgency: urgency,
  oldestSecurityFirstSeenAt: z.string().nullable(),
  oldestSecurityAgeDays: z.number().int().nullable(),
  rebootRequired: z.boolean(),
  rebootNeededByUpdates: z.boolean(),
  lastFailure: checkFailureSchema.nullable(),
});

export const feedImportSchema = z.object({
  id: z.string(),
  importedAt: z.string(),
  source: z.string(),
  sha256: z.string(),
  entryCount: z.number().int(),
  releases: z.array(z.string()),
});

export const checkOutcomeSchema = z.object({
  host: z.string(),
  ok: z.boolean(),
  snapshot: snapshotSchema.nullable(),
  failure: checkFailureSchema.nullable(),
});
