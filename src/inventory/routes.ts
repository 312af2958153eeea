/** The inventory HTTP API (mounted under `/api/v1`): read objects, racks and revisions; validate, plan, apply. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, type Principal } from '../auth/principal.js';
import { AppError } from '../errors/app-error.js';
import { LARGE_BODY_LIMIT } from '../http/body-limits.js';
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import {
  applyBodySchema,
  applyResultSchema,
  elevationSchema,
  errorBodySchema,
  filesBodySchema,
  keySchema,
  kindSchema,
  objectDetailSchema,
  objectViewSchema,
  planResultSchema,
  revisionDetailSchema,
  revisionSchema,
  summarySchema,
  validateResultSchema,
} from './api-schemas.js';
import { applyInventory } from './apply.js';
import { parseInventorySources } from './load.js';
import {
  desiredObjectsFrom,
  getObject,
  getRevision,
  inventorySummary,
  listObjects,
  listRevisions,
  planInventory,
  rackElevation,
} from './service.js';

const tags = ['inventory'];

/** Registers the inventory routes; each declares its permission from `src/auth/roles.ts`. */
export async function inventoryRoutes(app: VigieFastify, deps: CoreDeps): Promise<void> {
  app.get(
    '/inventory/summary',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Object counts per kind and the last apply',
        response: { 200: summarySchema },
      },
    },
    async (request) => inventorySummary(deps, principalOf(request)),
  );

  app.get(
    '/inventory/objects',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Inventory objects the caller may see, by kind then id',
        querystring: z.object({ kind: kindSchema.optional() }),
        response: { 200: z.object({ objects: z.array(objectViewSchema) }) },
      },
    },
    async (request) => ({
      objects: await listObjects(deps, principalOf(request), { kind: request.query.kind }),
    }),
  );

  app.get(
    '/inventory/objects/:kind/:key',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'One object with its relations and audit history',
        params: z.object({ kind: kindSchema, key: keySchema }),
        response: { 200: objectDetailSchema, 404: errorBodySchema },
      },
    },
    async (request) => getObject(deps, principalOf(request), request.params.kind, request.params.key),
  );

  app.get(
    '/inventory/racks/:key/elevation',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'A rack unit by unit with its devices, from the top',
        params: z.object({ key: keySchema }),
        response: { 200: elevationSchema, 404: errorBodySchema },
      },
    },
    async (request) => rackElevation(deps, principalOf(request), request.params.key),
  );

  app.get(
    '/inventory/revisions',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'Applied revisions, newest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          before: z.coerce.number().int().min(1).optional().describe('only revisions older than this id'),
        }),
        response: { 200: z.object({ revisions: z.array(revisionSchema) }) },
      },
    },
    async (request) => ({
      revisions: await listRevisions(deps, principalOf(request), {
        limit: request.query.limit,
        beforeId: request.query.before,
      }),
    }),
  );

  app.get(
    '/inventory/revisions/:id',
    {
      config: { permission: 'inventory:read' },
      schema: {
        tags,
        summary: 'One revision with every change it applied',
        params: z.object({ id: z.coerce.number().int().min(1) }),
        response: { 200: revisionDetailSchema, 404: errorBodySchema },
      },
    },
    async (request) => getRevision(deps, principalOf(request), request.params.id),
  );

  app.post(
    '/inventory/validate',
    {
      config: { permission: 'inventory:plan' },
      bodyLimit: LARGE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Check inventory files and list every problem, located',
        body: filesBodySchema,
        response: { 200: validateResultSchema },
      },
    },
    async (request) => {
      const result = parseInventorySources(request.body.files);
      return result.ok
        ? { ok: true, objectCount: result.objects.length, errors: [], warnings: [...result.warnings] }
        : { ok: false, objectCount: 0, errors: [...result.errors], warnings: [...result.warnings] };
    },
  );

  app.post(
    '/inventory/plan',
    {
      config: { permission: 'inventory:plan' },
      bodyLimit: LARGE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'What applying these files would add, change and remove',
        body: filesBodySchema,
        response: { 200: planResultSchema, 422: errorBodySchema },
      },
    },
    async (request) => {
      const { objects, warnings } = desiredObjectsFrom(request.body.files);
      return { plan: await planInventory(deps, objects), warnings: [...warnings] };
    },
  );

  app.post(
    '/inventory/apply',
    {
      config: { permission: 'inventory:apply' },
      bodyLimit: LARGE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Apply the plan that was reviewed, in one transaction',
        description: 'Refused with 409 when the files or the store changed since the plan with this digest.',
        body: applyBodySchema,
        response: { 200: applyResultSchema, 409: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => {
      const { objects, warnings } = desiredObjectsFrom(request.body.files);
      const result = await applyInventory(deps, {
        objects,
        actor: actorOf(principalOf(request)),
        expectedDigest: request.body.digest,
      });
      return { ...result, warnings: [...warnings] };
    },
  );
}

/** The caller; the app's auth hook sets it before any non-public handler, so null is a wiring bug. */
function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null || request.principal === undefined) {
    throw new AppError('UNAUTHENTICATED', 'You need to log in to see the inventory.', {
      hint: 'Log in, or send an API token in the Authorization header.',
    });
  }
  return request.principal;
}
