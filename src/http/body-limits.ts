/** Request body limits: small by default; inventory plan and apply routes carry whole inventories. */

/** Every route unless it says otherwise: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** For routes that receive inventory files (plan, apply, validate): set `bodyLimit: LARGE_BODY_LIMIT`. */
export const LARGE_BODY_LIMIT = 5 * 1024 * 1024;
