/** The audit trail over HTTP: browse events, verify the chain (alone or against a checkpoint), sign a checkpoint. */
import { z } from 'zod';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import { createCheckpoint, verifyAgainstCheckpoint } from './checkpoint.js';
import { chainFindingKind, verifiedCheckpoint } from './checkpoint-schemas.js';
import { checkpointStatementSchema } from './checkpoint-statement.js';
import { listAuditEvents, MAX_AUDIT_PAGE } from './list-events.js';
import { loadSigningPublicKey } from './signing-key.js';
import { verifyAuditChain } from './verify.js';

const text = z.string().min(1).max(200);

const eventsQuery = z.strictObject({
  targetKind: text.optional(),
  targetKey: text.optional(),
  actor: text.optional(),
  action: text.optional().describe('an exact action, or a prefix ending with a dot (`inventory.`)'),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
  beforeSeq: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe("only events older than this seq: the previous page's nextBeforeSeq"),
});

const auditEvent = z.object({
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

const finding = z.object({
  kind: chainFindingKind,
  seq: z.number().int().nullable(),
  toSeq: z.number().int().nullable(),
  at: z.string().nullable(),
  actor: z.string().nullable(),
  action: z.string().nullable(),
  message: z.string(),
});

const verification = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  length: z.number().int(),
  headHash: z.string(),
  findings: z.array(finding),
  findingCount: z.number().int(),
  recordedCheckpoints: z.number().int(),
});

const checkpointVerification = verification.extend({
  checkpoint: verifiedCheckpoint,
});

/** Mounted by the web app under `/api/v1`. */
export async function auditRoutes(app: VigieFastify, deps: CoreDeps): Promise<void> {
  const publicKey = () => loadSigningPublicKey(deps.config.auditKeyFile)?.publicKey ?? null;

  app.get(
    '/audit/events',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first, filtered and paginated by seq',
        querystring: eventsQuery,
        response: {
          200: z.object({ items: z.array(auditEvent), nextBeforeSeq: z.number().int().nullable() }),
        },
      },
    },
    async (request) => {
      const items = await listAuditEvents(deps.store.db, request.query);
      const last = items.at(-1);
      return {
        items,
        nextBeforeSeq: items.length === request.query.limit && last !== undefined ? last.seq : null,
      };
    },
  );

  app.get(
    '/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Verify the whole chain: every altered, inserted or deleted row is reported',
        response: { 200: verification },
      },
    },
    async () => {
      const result = await verifyAuditChain(deps.store.db, { publicKey: publicKey() });
      return { ...result, findings: [...result.findings] };
    },
  );

  app.post(
    '/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Verify the chain and that it still extends a signed checkpoint',
        body: z.strictObject({ checkpoint: checkpointStatementSchema }),
        response: { 200: checkpointVerification },
      },
    },
    async (request) => {
      const result = await verifyAgainstCheckpoint(deps.store.db, request.body.checkpoint, {
        publicKey: publicKey(),
      });
      return { ...result, findings: [...result.findings] };
    },
  );

  app.post(
    '/audit/checkpoint',
    {
      config: { permission: 'audit:checkpoint' },
      schema: {
        tags: ['audit'],
        summary:
          'Sign a checkpoint of the chain (length and head hash) for the customer to keep; recorded in the chain',
        response: { 201: checkpointStatementSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createCheckpoint(deps, changeContextOf(request))),
  );
}
