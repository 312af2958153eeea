/** The inventory API's request and response shapes, as zod schemas (validation and OpenAPI from one source). */
import { z } from 'zod';
import { OBJECT_KINDS } from './model.js';

export const kindSchema = z.enum(OBJECT_KINDS).describe('kind of inventory object');
export const keySchema = z.string().min(1).max(200).describe("the object's id in the inventory files");
const specSchema = z.record(z.string(), z.unknown());

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    details: z.unknown().optional(),
  }),
});

export const objectViewSchema = z.object({
  kind: kindSchema,
  key: z.string(),
  name: z.string(),
  spec: specSchema,
  source: z.string().describe('file:line:column of its declaration'),
  revisionId: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const relationSchema = z.object({
  relation: z.string().describe('the field holding the reference, e.g. hypervisor'),
  kind: kindSchema,
  key: z.string(),
  name: z.string(),
  exists: z.boolean(),
});

const historyEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  targetKind: z.string().nullable(),
  targetKey: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  meta: z.unknown(),
});

export const objectDetailSchema = z.object({
  object: objectViewSchema,
  outgoing: z.array(relationSchema),
  incoming: z.array(relationSchema),
  history: z.array(historyEventSchema),
});

export const revisionSchema = z.object({
  id: z.number().int(),
  appliedAt: z.string(),
  actor: z.string(),
  summary: z.object({ add: z.number().int(), change: z.number().int(), remove: z.number().int() }),
  digest: z.string(),
});

export const summarySchema = z.object({
  counts: z.record(kindSchema, z.number().int()),
  total: z.number().int(),
  lastRevision: revisionSchema.nullable(),
});

export const elevationSchema = z.object({
  rack: z.object({
    key: z.string(),
    name: z.string(),
    height: z.number().int(),
    site: z.string().nullable(),
    spec: specSchema,
  }),
  devices: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      type: z.string().nullable(),
      position: z.number().int(),
      height: z.number().int(),
      top: z.number().int(),
    }),
  ),
  units: z.array(z.object({ unit: z.number().int(), device: z.string().nullable() })),
  unplaced: z.array(z.string()),
  freeUnits: z.number().int(),
});

export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  path: z.string(),
  message: z.string(),
  expected: z.string().optional(),
  hint: z.string().optional(),
});

const fieldChangeSchema = z.object({
  path: z.string(),
  op: z.enum(['add', 'change', 'remove']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

const planEntrySchema = z.object({
  action: z.enum(['add', 'change', 'remove']),
  kind: kindSchema,
  key: z.string(),
  source: z.string(),
  before: specSchema.nullable(),
  after: specSchema.nullable(),
  changes: z.array(fieldChangeSchema),
});

export const planSchema = z.object({
  entries: z.array(planEntrySchema),
  summary: z.object({
    add: z.number().int(),
    change: z.number().int(),
    remove: z.number().int(),
    unchanged: z.number().int(),
  }),
  digest: z.string().describe('pass it back to POST /inventory/apply to apply exactly this plan'),
  desiredDigest: z.string(),
});

export const revisionDetailSchema = revisionSchema.extend({ entries: z.array(planEntrySchema) });

export const filesBodySchema = z.object({
  files: z
    .array(
      z.object({
        path: z.string().min(1).max(500).describe('path relative to the inventory root, used in messages'),
        content: z.string().max(2_000_000).describe('the YAML text of the file'),
      }),
    )
    .min(1)
    .max(500),
});

export const applyBodySchema = filesBodySchema.extend({
  digest: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the 64-hex-digit digest returned by POST /inventory/plan')
    .describe('the digest of the plan that was reviewed'),
});

export const validateResultSchema = z.object({
  ok: z.boolean(),
  objectCount: z.number().int(),
  errors: z.array(problemSchema),
  warnings: z.array(problemSchema),
});

export const planResultSchema = z.object({ plan: planSchema, warnings: z.array(problemSchema) });

export const applyResultSchema = z.object({
  applied: z.boolean(),
  revisionId: z.number().int().nullable(),
  plan: planSchema,
  warnings: z.array(problemSchema),
});
