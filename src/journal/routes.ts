/**
 * The intervention journal over HTTP: `GET /api/v1/journal` (newest first, filtered and paginated) and
 * `GET /api/v1/journal/verify` (the hash chain checked).
 */
import { z } from 'zod';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
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
  kind: z.enum(['altered', 'inserted', 'deleted']),
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
}
