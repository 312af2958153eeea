/**
 * `GET /metrics` for Prometheus, outside `/api/v1`. It needs `hosts:read`: scrape it with an API token
 * (`authorization: { credentials_file: ... }` in the scrape job), as check states name the rack's objects.
 */
import type { VigieFastify } from '../http/types.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type MonitorStatsSource, prometheusExposition } from './prometheus.js';

/**
 * `stats` gives the scheduler's gauges when the monitor runs in this process; it is read at each
 * scrape, so `vigie serve` can pass it before monitoring has started.
 */
export function prometheusRoutes(
  app: VigieFastify,
  deps: CoreDeps,
  stats?: MonitorStatsSource | undefined,
): void {
  app.get(
    '/metrics',
    { config: { permission: 'hosts:read' }, schema: { hide: true } },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
        .send(await prometheusExposition(deps, stats)),
  );
}
