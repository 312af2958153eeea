/** What the auth services need: the store and a clock (tests move the clock to expire sessions). */
import type { AuditDeps } from '../audit/append.js';
import type { CoreDeps } from '../runtime/deps.js';

export type AuthDeps = Pick<CoreDeps, 'store' | 'clock'>;

/** The audit trail's deps, taken from the auth deps. */
export function auditDepsOf(deps: AuthDeps): AuditDeps {
  return { clock: deps.clock, dialect: deps.store.dialect };
}
