/** The long-running delivery loop of `vigie serve`: a round of `deliverDue` every poll interval. */
import { type DeliveryDeps, type DeliveryOptions, deliverDue, newWorkerId } from './delivery.js';

export interface AlertDeliveryWorker {
  readonly workerId: string;
  /** Runs a round now instead of at the next tick (e.g. right after enqueueing). */
  wake(): void;
  /** Stops taking work and waits for the round in progress to finish its sends and marks. */
  stop(): Promise<void>;
}

export interface WorkerOptions extends DeliveryOptions {
  /** Pause between rounds; 1 s unless told. */
  readonly pollMs?: number;
}

/** Starts delivering the outbox until `stop()`. A round's failure is logged, and the loop goes on. */
export function startAlertDelivery(deps: DeliveryDeps, options: WorkerOptions = {}): AlertDeliveryWorker {
  const workerId = options.workerId ?? newWorkerId();
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;

  /** Whether the round found work: then the next one starts at once, the outbox may hold more. */
  const runRound = async (): Promise<boolean> => {
    try {
      const done = await deliverDue(deps, deps.clock.now(), { ...options, workerId });
      return done.sent + done.retrying + done.failed > 0;
    } catch (error) {
      deps.logger.error(
        { err: error, workerId },
        'alert delivery round failed; trying again at the next tick',
      );
      return false;
    }
  };
  const tick = (): void => {
    timer = undefined;
    if (stopped || round !== undefined) return;
    round = runRound().then((busy) => {
      round = undefined;
      if (!stopped) timer = setTimeout(tick, busy ? 0 : pollMs);
    });
  };
  timer = setTimeout(tick, 0);

  return {
    workerId,
    wake: () => {
      if (stopped || round !== undefined) return;
      clearTimeout(timer);
      tick();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
