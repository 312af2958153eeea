/** The OpenAPI 3 document, generated from the routes' zod schemas: JSON at `/api/openapi.json`, browsable at `/api/docs`. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifySchema } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { API_DOCS_PREFIX } from './route-policy.js';
import type { VigieFastify } from './types.js';

export const OPENAPI_JSON_URL = '/api/openapi.json';

const description = [
  'The HTTP API of Vigie. Log in with POST /api/v1/auth/login (session cookie), or send an API token as',
  '`Authorization: Bearer vgt_…`. Errors are `{"error": {"code", "message", "hint"?, "details"?}}`.',
  'Each operation names the permission it needs; docs/users-and-roles.md says which role has which.',
].join(' ');

/** Registers the generator and the docs UI; call before the routes are registered so that it sees them. */
export async function registerOpenApi(app: VigieFastify, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vigie API', version, description },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token `vgt_…` (POST /api/v1/me/tokens).',
          },
        },
      },
    },
    // Each operation says which permission it needs and how to authenticate.
    transform: (document) => {
      const permission = document.route.config?.permission;
      if (permission === undefined || !document.schema) return jsonSchemaTransform(document);
      const schema = document.schema as FastifySchema & { description?: string; security?: unknown };
      const needs = `Requires the permission \`${permission}\`.`;
      return jsonSchemaTransform({
        ...document,
        schema: {
          ...schema,
          description: schema.description ? `${schema.description}\n\n${needs}` : needs,
          security: [{ session: [] }, { apiToken: [] }],
        },
      });
    },
  });
  await app.register(swaggerUi, {
    routePrefix: API_DOCS_PREFIX,
    uiConfig: { validatorUrl: null, deepLinking: true },
  });
  app.get(OPENAPI_JSON_URL, { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
