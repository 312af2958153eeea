/** What every process role is built from: frozen configuration, the store, a clock and a logger. */
import type { VigieConfig } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../time/clock.js';

export interface CoreDeps {
  readonly config: VigieConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
}
