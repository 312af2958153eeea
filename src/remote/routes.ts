/** SSH host keys and security alerts over HTTP: list, approve, reject. Secrets never appear here. */
import { z } from 'zod';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import { approveHostKey, listHostKeys, rejectHostKey } from './host-keys.js';
import { listSecurityAlerts } from './security-alerts.js';

const hostKey = z.object({
  host: z.string(),
  fingerprint: z.string(),
  algorithm: z.string(),
  address: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'replaced']),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

const hostParams = z.strictObject({ host: z.string().min(1).max(200) });
const decisionBody = z
  .strictObject({
    fingerprint: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be a SHA256:... fingerprint as ssh-keygen -l prints it')
      .optional()
      .describe('required to replace an approved key, or when several keys wait'),
  })
  .default({});

/** Mounted by the web app under `/api/v1`. */
export async function remoteRoutes(app: VigieFastify, deps: CoreDeps): Promise<void> {
  const hostKeyDeps = { store: deps.store, clock: deps.clock, dialect: deps.store.dialect };

  app.get(
    '/hostkeys',
    {
      config: { permission: 'hostkeys:approve' },
      schema: {
        tags: ['remote'],
        summary: 'SSH host keys Vigie has seen, with their status',
        querystring: z.strictObject({ host: z.string().min(1).max(200).optional() }),
        response: { 200: z.object({ items: z.array(hostKey) }) },
      },
    },
    async (request) => ({ items: await listHostKeys(deps, { host: request.query.host }) }),
  );

  app.post(
    '/hostkeys/:host/approve',
    {
      config: { permission: 'hostkeys:approve' },
      schema: {
        tags: ['remote'],
        summary: "Approve a host's pending key; replacing an approved key needs the new fingerprint",
        params: hostParams,
        body: decisionBody,
        response: { 200: z.object({ approved: hostKey, replaced: hostKey.nullable() }) },
      },
    },
    async (request) =>
      await approveHostKey(hostKeyDeps, {
        host: request.params.host,
        fingerprint: request.body?.fingerprint,
        actor: changeContextOf(request).actor,
      }),
  );

  app.post(
    '/hostkeys/:host/reject',
    {
      config: { permission: 'hostkeys:approve' },
      schema: {
        tags: ['remote'],
        summary: "Reject a host's pending key: nothing will run on a host presenting it",
        params: hostParams,
        body: decisionBody,
        response: { 200: hostKey },
      },
    },
    async (request) =>
      await rejectHostKey(hostKeyDeps, {
        host: request.params.host,
        fingerprint: request.body?.fingerprint,
        actor: changeContextOf(request).actor,
      }),
  );

  app.get(
    '/security-alerts',
    {
      config: { permission: 'hostkeys:approve' },
      schema: {
        tags: ['remote'],
        summary: 'Security alerts raised by the SSH layer (changed host keys), newest first',
        querystring: z.strictObject({
          host: z.string().min(1).max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                at: z.string(),
                kind: z.string(),
                host: z.string().nullable(),
                message: z.string(),
                details: z.unknown(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await listSecurityAlerts(deps, request.query) }),
  );
}
