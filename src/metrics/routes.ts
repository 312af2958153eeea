/**
 * Host metrics over HTTP, under /api/v1: a host's series for charts (downsampled on the server), its
 * latest readings with thresholds and forecasts, the capacity of every filesystem, and a reading now.
 */
import { z } from 'zod';
import { changeContextOf } from '../http/request-context.js';
import type { VigieFastify } from '../http/types.js';
import { createRunnerFromConfig } from '../remote/runner-from-config.js';
import type { CoreDeps } from '../runtime/deps.js';
import { capacityView, collectionView, latestView, seriesView } from './api-schemas.js';
import { capacityReport } from './capacity.js';
import { collectHost } from './collect.js';
import { hostThresholds, requireMetricHost } from './hosts.js';
import { latestMetrics } from './latest.js';
import { hostSeries, METRIC_RANGES } from './series.js';

const hostParams = z.strictObject({ host: z.string().min(1).max(200) });

/** Mounted by the web app under `/api/v1`. */
export async function metricsRoutes(app: VigieFastify, deps: CoreDeps): Promise<void> {
  app.get(
    '/hosts/:host/metrics',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['metrics'],
        summary:
          "A host's CPU, load, memory, swap and filesystem series over a range, at most 500 points each",
        params: hostParams,
        querystring: z.strictObject({ range: z.enum(METRIC_RANGES).default('24h') }),
        response: { 200: seriesView },
      },
    },
    async (request) => {
      await requireMetricHost(deps, request.params.host);
      return await hostSeries(deps.store, {
        host: request.params.host,
        range: request.query.range,
        now: deps.clock.now(),
      });
    },
  );

  app.get(
    '/hosts/:host/metrics/latest',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['metrics'],
        summary: "A host's latest readings, filesystems with fill forecasts, thresholds and their breaches",
        params: hostParams,
        response: { 200: latestView },
      },
    },
    async (request) => {
      const thresholds = await hostThresholds(deps, request.params.host);
      return await latestMetrics(deps.store, {
        host: request.params.host,
        thresholds,
        now: deps.clock.now(),
      });
    },
  );

  app.get(
    '/capacity',
    {
      config: { permission: 'hosts:read' },
      schema: {
        tags: ['metrics'],
        summary: 'Every filesystem of every host with its fill forecast, soonest full first',
        response: { 200: capacityView },
      },
    },
    async () => ({ items: await capacityReport(deps) }),
  );

  app.post(
    '/hosts/:host/metrics/collect',
    {
      config: { permission: 'hosts:operate' },
      schema: {
        tags: ['metrics'],
        summary: 'Read a host now over SSH; the answer says why when it could not be read',
        params: hostParams,
        response: { 200: collectionView },
      },
    },
    async (request) => {
      await requireMetricHost(deps, request.params.host);
      const runner = createRunnerFromConfig(deps);
      try {
        const outcome = await collectHost({ ...deps, runner }, request.params.host, {
          actor: changeContextOf(request).actor,
        });
        return {
          host: outcome.host,
          ok: outcome.ok,
          at: outcome.at,
          durationMs: outcome.durationMs,
          error: outcome.ok
            ? null
            : { code: outcome.code, message: outcome.message, hint: outcome.hint ?? null },
        };
      } finally {
        await runner.close();
      }
    },
  );
}
