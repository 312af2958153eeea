/**
 * The intervention journal over HTTP: `GET /api/v1/journal` (newest first, filtered and paginated),
 * `GET /api/v1/journal/verify` (the hash chain checked), `POST /api/v1/journal/verify` (checked
 * against a signed checkpoint), and `POST|GET /api/v1/journal/checkpoints` (sign one, list them).
 */
import { z } from 'zod';
import { chainFindingKind, verifiedCheckpoint } from '../audit/checkpoint-schemas.js';
import { loadSigningPublicKey } from '../audit/signing-key.js';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import {
  createJournalCheckpoint,
  journalCheckpointStatementSchema,
  listJournalCheckpoints,
  verifyJournalAgainstCheckpoint,
} from './checkpoint.js';
import { listJournalEntries, MAX_JOURNAL_PAGE } from './list-entries.js';
import { JOURNAL_CATEGORIES } from './tables.js';
import { verifyJournalChain } from './verify.js';

const journalQuery = z.strictObject({
  host: z.string().min(1).max(200).optional(),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('ISO 8601 instant: entries started at or after it'),
  category: z.enum(JOURNAL_CATEGORIES).optional(),
  result: z.enum(['ok', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_JOURNAL_PAGE).default(50),
  beforeSeq: z.coerce.number().int().min(1).optional().describe("the previous page's nextBeforeSeq"),
});

const journalEntry = z.object({
  seq: z.number().int(),
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number().int(),
  actor: z.string(),
  category: z.string(),
  hosts: z.array(z.string()),
  summary: z.string(),
  detail: z.string().nullable(),
  result: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
});

const journalFinding = z.object({
  kind: chainFindingKind,
  seq: z.number().int().nullable(),
  toSeq: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  actor: z.string().nullable(),
  summary: z.string().nullable(),
  message: z.string(),
});

const journalVerification = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  length: z.number().int(),
  headHash: z.string(),
  findings: z.array(journalFinding),
  findingCount: z.number().int(),
});

const checkpointVerification = journalVerification.extend({
  checkpoint: verifiedCheckpoint,
});

const recordedCheckpoint = z.object({
  auditSeq: z.number().int().describe('the audit event that records the checkpoint'),
  actor: z.string(),
  length: z.number().int(),
  headHash: z.string(),
  createdAt: z.string(),
  keyId: z.string(),
});

/** Mounted by the web app under `/api/v1`. */
export async function journalRoutes(app: VigieFastify, deps: CoreDeps): Promise<void> {
  app.get(
    '/journal',
    {
      config: { permission: 'journal:read' },
      schema: {
        tags: ['journal'],
        summary: 'Intervention journal: every remote operation and intervention, newest first',
        querystring: journalQuery,
        response: {
          200: z.object({ items: z.array(journalEntry), nextBeforeSeq: z.number().int().nullable() }),
        },
      },
    },
    async (request) => {
      const { since, ...rest } = request.query;
      const items = await listJournalEntries(deps.store.db, {
        ...rest,
        since: since === undefined ? undefined : new Date(since).toISOString(),
      });
      const last = items.at(-1);
      return {
        items,
        nextBeforeSeq: items.length === request.query.limit && last !== undefined ? last.seq : null,
      };
    },
  );

  app.get(
    '/journal/verify',
    {
      config: { permission: 'journal:read' },
      schema: {
        tags: ['journal'],
        summary: 'Verify the journal chain: every altered, inserted or deleted entry is reported',
        response: { 200: journalVerification },
      },
    },
    async () => {
      const result = await verifyJournalChain(deps.store.db);
      return { ...result, findings: [...result.findings] };
    },
  );

  app.post(
    '/journal/verify',
    {
      config: { permission: 'journal:read' },
      schema: {
        tags: ['journal'],
        summary: 'Verify the journal and that it still extends a signed journal checkpoint',
        body: z.strictObject({ checkpoint: journalCheckpointStatementSchema }),
        response: { 200: checkpointVerification },
      },
    },
    async (request) => {
      const publicKey = loadSigningPublicKey(deps.config.auditKeyFile)?.publicKey ?? null;
      const result = await verifyJournalAgainstCheckpoint(deps.store.db, request.body.checkpoint, {
        publicKey,
      });
      return { ...result, findings: [...result.findings] };
    },
  );

  // The customer manager keeps checkpoints of both chains: the same permission as the audit trail's.
  app.post(
    '/journal/checkpoints',
    {
      config: { permission: 'audit:checkpoint' },
      schema: {
        tags: ['journal'],
        summary:
          'Sign a checkpoint of the journal (length and head hash) for the customer to keep; recorded in the audit trail',
        response: { 201: journalCheckpointStatementSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createJournalCheckpoint(deps, changeContextOf(request))),
  );

  app.get(
    '/journal/checkpoints',
    {
      config: { permission: 'journal:read' },
      schema: {
        tags: ['journal'],
        summary: 'The journal checkpoints signed so far, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: z.object({ items: z.array(recordedCheckpoint) }) },
      },
    },
    async (request) => ({ items: await listJournalCheckpoints(deps.store.db, request.query.limit) }),
  );
}
