/**
 * A delivery worker in its own process, for the crash tests: opens the store named by the
 * environment and runs the real delivery loop until killed. ALERTING_CONFIG holds the configuration
 * (JSON), WORKER_ID names the worker, LEASE_MS sets its lease. Run with `node --import tsx`.
 */
import { startAlertDelivery } from '../../src/alerting/delivery-worker.js';
import { loadAlertingConfig } from '../../src/alerting/schema.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { loadSecretBox } from '../../src/remote/secret-box.js';
import { openStore } from '../../src/store/store.js';
import { systemClock } from '../../src/time/clock.js';

const config = loadConfig(process.env);
const store = await openStore(config);
startAlertDelivery(
  {
    config,
    store,
    clock: systemClock,
    logger: createLogger({ logLevel: 'error' }),
    alerting: loadAlertingConfig(JSON.parse(process.env.ALERTING_CONFIG ?? '{}')),
    outbound: createOutboundPolicy(config.outboundAllow),
    secretBox: loadSecretBox(config),
  },
  {
    workerId: process.env.WORKER_ID ?? 'child',
    batchSize: 4,
    leaseMs: Number(process.env.LEASE_MS ?? 3000),
    sendTimeoutMs: 1000,
    pollMs: 50,
  },
);
process.stdout.write('ready\n');
