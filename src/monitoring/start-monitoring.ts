/**
 * Monitoring and alerting as one process role (`vigie serve`, `vigie monitor`): the monitor over the
 * applied inventory (its `checks:`, `check_defaults:` and `alerting:` sections), incidents' alerts
 * into the outbox in the incident's transaction, the follow-ups tick (reminders, escalations), and
 * the delivery worker. A new inventory revision is picked up without restart.
 */
import {
  type AlertDeliveryWorker,
  type AlertingConfig,
  enqueueAlert,
  enqueueDueFollowUps,
  loadAlertingConfig,
  startAlertDelivery,
} from '../alerting/service.js';
import { storedAlertingConfig } from '../alerting/stored-config.js';
import { AppError } from '../errors/app-error.js';
import { latestRevisionId } from '../inventory/service.js';
import { createOutboundPolicy } from '../net/outbound-policy.js';
import { loadSecretBox, type SecretBox } from '../remote/secret-box.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type AlertSink, printingAlertSink } from './alert-sink.js';
import type { DerivedChecks } from './derive-checks.js';
import { inventoryChecks } from './inventory-checks.js';
import { type Monitor, type MonitorOptions, startMonitor } from './monitor.js';

export interface MonitoringOptions extends Omit<MonitorOptions, 'source'> {
  /** How often the latest inventory revision is looked at (default 5 s). */
  readonly revisionPollMs?: number | undefined;
  /** How often reminders and escalations fall due are enqueued (default 30 s). */
  readonly followUpsMs?: number | undefined;
  /** Pause of the delivery worker between rounds (default 1 s). */
  readonly deliveryPollMs?: number | undefined;
  /** The outbox's send timeout per notification (default the worker's). */
  readonly sendTimeoutMs?: number | undefined;
  /** Each alert's title printed on a line as well (the foreground `vigie monitor`). */
  readonly print?: ((line: string) => void) | undefined;
  /** The box notifier secrets are opened with; the configured master key unless told. */
  readonly secretBox?: SecretBox | undefined;
}

export interface Monitoring {
  readonly monitor: Monitor;
  readonly delivery: AlertDeliveryWorker;
  /** The alerting configuration in force (the inventory's `alerting:` section). */
  alerting(): AlertingConfig;
  /** Re-reads the inventory now (the revision poll does it on its own). */
  reload(): Promise<void>;
  /** Stops in order: the timers, the monitor (its last results and alerts written), then delivery. */
  stop(): Promise<void>;
}

const EMPTY_ALERTING = loadAlertingConfig({});

/** Starts monitoring, follow-ups and alert delivery over the applied inventory. */
export async function startMonitoring(deps: CoreDeps, options: MonitoringOptions = {}): Promise<Monitoring> {
  let alerting = EMPTY_ALERTING;
  let revision: number | null = null;
  const readAlerting = async (): Promise<void> => {
    try {
      alerting = await storedAlertingConfig(deps);
    } catch (error) {
      // The inventory validated it when it was applied: this is a stored section older code wrote.
      deps.logger.error({ err: error }, 'the stored alerting section is invalid; alerts go to no channel');
      alerting = EMPTY_ALERTING;
    }
  };
  // Derived again only when a new inventory revision was applied: the monitor's periodic refresh
  // (lease renewal) then costs one small query instead of reading and parsing every object.
  let derived: { readonly revision: number | null; readonly checks: DerivedChecks } | undefined;
  const source = async (): Promise<DerivedChecks> => {
    const latest = await latestRevisionId(deps);
    if (derived !== undefined && derived.revision === latest) return derived.checks;
    revision = latest;
    await readAlerting();
    derived = { revision: latest, checks: await inventoryChecks(deps) };
    return derived.checks;
  };

  const enqueueDeps = {
    get alerting() {
      return alerting;
    },
    clock: deps.clock,
    logger: deps.logger,
    store: deps.store,
  };
  const outbox: AlertSink = { enqueue: (trx, event) => enqueueAlert(enqueueDeps, trx, event) };
  const sink = options.print === undefined ? outbox : printingAlertSink(options.print, outbox);
  const outbound = createOutboundPolicy(deps.config.outboundAllow);
  const monitor = await startMonitor(
    {
      ...deps,
      alerts: sink,
      probe: {
        outbound,
        clock: deps.clock,
        store: deps.store,
        metricsIntervalMs: deps.config.metricsIntervalSeconds * 1000,
      },
    },
    { ...options, source },
  );
  const delivery = startAlertDelivery(
    {
      ...deps,
      get alerting() {
        return alerting;
      },
      outbound,
      secretBox: options.secretBox ?? secretBoxOrRefusal(deps),
    },
    {
      ...(options.deliveryPollMs === undefined ? {} : { pollMs: options.deliveryPollMs }),
      ...(options.sendTimeoutMs === undefined ? {} : { sendTimeoutMs: options.sendTimeoutMs }),
    },
  );

  let stopped = false;
  const guarded = (what: string, work: () => Promise<void>) => () => {
    if (stopped) return;
    work().catch((error: unknown) => deps.logger.error({ err: error }, `monitoring ${what} failed`));
  };
  let polling: Promise<void> = Promise.resolve();
  const pollRevision = async (): Promise<void> => {
    const latest = await latestRevisionId(deps);
    if (latest === revision) return;
    deps.logger.info({ revision: latest }, 'new inventory revision: checks derived again');
    await monitor.refresh();
  };
  const followUps = async (): Promise<void> => {
    const now = deps.clock.now();
    const enqueued = await enqueueDueFollowUps({ ...enqueueDeps, alerting, store: deps.store }, now, {
      held: (followUp) => {
        const check = monitor.core.get(followUp.event.subject.checkId);
        return check !== undefined && monitor.core.activeWindow(check.def, now.getTime()) !== undefined;
      },
    });
    if (enqueued > 0) delivery.wake();
  };
  const timers = [
    setInterval(
      guarded('revision poll', () => {
        polling = polling.then(pollRevision);
        return polling;
      }),
      options.revisionPollMs ?? 5000,
    ),
    setInterval(guarded('follow-ups', followUps), options.followUpsMs ?? 30_000),
  ];

  return {
    monitor,
    delivery,
    alerting: () => alerting,
    reload: () => monitor.refresh(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await polling.catch(() => undefined);
      await monitor.stop();
      // The monitor's last flush may have queued alerts: one more round sends them before stopping.
      delivery.wake();
      await delivery.stop();
    },
  };
}

/** The configured secret box; without a usable master key, a box that says so when a channel needs a secret. */
function secretBoxOrRefusal(deps: CoreDeps): SecretBox {
  try {
    return loadSecretBox(deps.config);
  } catch (error) {
    deps.logger.warn({ err: error }, 'no master key: channels that name a secret cannot send');
    const refuse = (): never => {
      throw new AppError(
        'CONFIG_INVALID',
        'The master key is missing, so notifier secrets cannot be opened.',
        {
          hint: 'Set VIGIE_MASTER_KEY or VIGIE_MASTER_KEY_FILE (docs/configuration.md).',
          cause: error,
        },
      );
    };
    return { keyId: 'none', seal: refuse, open: refuse };
  }
}
