/** A check drift detection could not make on a host, and why: shown beside the findings so silence is not read as "all is well". */

export const DRIFT_CHECKS = ['ports', 'services', 'memory', 'cpu', 'os', 'addresses'] as const;
export type DriftCheck = (typeof DRIFT_CHECKS)[number];

export interface DriftSkip {
  readonly check: DriftCheck;
  /** The inventory object the skip is about, when it is one service rather than the whole check. */
  readonly object?: { readonly kind: string; readonly key: string };
  /** True when the check ran on a part of what it needs (a section read in part): findings may be missing. */
  readonly partial: boolean;
  readonly reason: string;
}
