/**
 * Pending and security updates over HTTP: `GET /updates` (the rack ranked by exposure),
 * `GET /hosts/:host/updates`, `POST /hosts/:host/updates/check` (read the host now over SSH) and
 * `POST /updates/feed` (import the security feed from VIGIE_SECURITY_FEED).
 */
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import type { CoreDeps } from '../runtime/deps.js';
import { checkOutcomeSchema, exposureSchema, feedImportSchema, hostUpdatesSchema } from './api-schemas.js';
import { checkUpdates } from './check.js';
import { rackExposure } from './exposure.js';
import type { HostCheckOutcome } from './model.js';
import { importSecurityFeed, latestFeedImport, readSecurityFeedSource } from './security-feed.js';
import { listCheckHistory, readHostUpdates } from './store.js';

const rackView = z.object({ items: z.array(exposureSchema), feed: feedImportSchema.nullable() });
const hostParams = z.strictObject({ host: z.string().min(1).max(200) });
const checkBody = z
  .strictObject({
    refresh: z.boolean().default(true).describe('run apt-get update first (default true)'),
  })
  .default({ refresh: true });

/** Mounted by the web app under `/api/v1`. */
export async function updatesRoutes(app: VigieFastify, deps: CoreDeps): Promise<void> {
  app.get(
    '/updates',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['updates'],
        summary: 'Every checked host ranked by exposure (security updates, CVEs, urgency, age, reboot)',
        response: { 200: rackView },
      },
    },
    async () =>
      rackView.parse({ items: await rackExposure(deps), feed: (await latestFeedImport(deps)) ?? null }),
  );

  app.get(
    '/hosts/:host/updates',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['updates'],
        summary: "A host's pending updates from its latest check, its last failure and its check history",
        params: hostParams,
        response: { 200: hostUpdatesSchema },
      },
    },
    async (request) => {
      const { host } = request.params;
      const { snapshot, lastFailure } = await readHostUpdates(deps, host);
      return hostUpdatesSchema.parse({
        host,
        snapshot,
        lastFailure,
        history: await listCheckHistory(deps, host),
      });
    },
  );

  app.post(
    '/hosts/:host/updates/check',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['updates'],
        summary: "Check a host's pending updates now over SSH (journaled); a failure is returned, located",
        params: hostParams,
        body: checkBody,
        response: { 200: checkOutcomeSchema },
      },
    },
    async (request) => {
      const runner = createRunnerFromConfig(deps);
      try {
        const [outcome] = await checkUpdates(
          { ...deps, runner },
          {
            hosts: [request.params.host],
            refresh: request.body?.refresh ?? true,
            actor: changeContextOf(request).actor,
          },
        );
        if (outcome === undefined) throw new AppError('INTERNAL', 'The check returned no outcome.');
        return checkOutcomeSchema.parse(outcomeView(outcome));
      } finally {
        await runner.close();
      }
    },
  );

  app.post(
    '/updates/feed',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['updates'],
        summary: 'Import the Debian security tracker feed from VIGIE_SECURITY_FEED (file or URL)',
        response: { 200: feedImportSchema },
      },
    },
    async (request) => {
      const source = deps.config.securityFeed;
      if (source === undefined) {
        throw new AppError('CONFLICT', 'No security feed is configured.', {
          hint: 'Set VIGIE_SECURITY_FEED to the tracker JSON file or URL, or run `vigie updates import-feed FILE`.',
        });
      }
      const text = await readSecurityFeedSource(deps, source);
      return feedImportSchema.parse(
        await importSecurityFeed(deps, { text, source, actor: changeContextOf(request).actor }),
      );
    },
  );
}

function outcomeView(outcome: HostCheckOutcome): unknown {
  return outcome.ok
    ? { host: outcome.host, ok: true, snapshot: outcome.snapshot, failure: null }
    : { host: outcome.host, ok: false, snapshot: null, failure: outcome.failure };
}
