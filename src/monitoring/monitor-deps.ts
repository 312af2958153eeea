/** What `vigie monitor` (and later `vigie serve`) builds a monitor from: probes inside the allowlist, an alert sink. */
import { createOutboundPolicy } from '../net/outbound-policy.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type AlertSink, logAlertSink } from './alert-sink.js';
import type { MonitorDeps } from './monitor.js';

export function monitorDepsFrom(deps: CoreDeps, alerts: AlertSink = logAlertSink(deps.logger)): MonitorDeps {
  return {
    ...deps,
    alerts,
    probe: {
      outbound: createOutboundPolicy(deps.config.outboundAllow),
      clock: deps.clock,
      store: deps.store,
      metricsIntervalMs: deps.config.metricsIntervalSeconds * 1000,
    },
  };
}
