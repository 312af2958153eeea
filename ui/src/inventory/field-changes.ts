/** The rows a plan entry shows: one per changed leaf field, whole sub-objects opened up into their fields. */
import type { PlanEntry, PlanFieldChange } from '../api/types.js';
import { diffValues } from '../object/change-diff.js';

/** Leaf-level changes of `entry`: every field of an added or removed object, each changed leaf otherwise. */
export function fieldRowsOf(entry: PlanEntry): PlanFieldChange[] {
  if (entry.action === 'add') return diffValues(null, entry.after);
  if (entry.action === 'remove') return diffValues(entry.before, null);
  return entry.changes.flatMap(openUp);
}

/** A change whose values are objects (a `tls` block added) becomes one row per field inside. */
function openUp(change: PlanFieldChange): PlanFieldChange[] {
  if (!isStructured(change.before) && !isStructured(change.after)) return [change];
  return diffValues(change.before ?? null, change.after ?? null).map((inner) => ({
    ...inner,
    path: joinPaths(change.path, inner.path),
  }));
}

function isStructured(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null);
  // Money (`{amount, currency}`) reads as one value.
  const keys = Object.keys(value);
  return !(keys.length === 2 && keys.includes('amount') && keys.includes('currency'));
}

/** `tls` + `mode` → `tls.mode`; `disks` + `[1].size` → `disks[1].size`. */
export function joinPaths(parent: string, child: string): string {
  if (child === '') return parent;
  if (parent === '') return child;
  return child.startsWith('[') ? `${parent}${child}` : `${parent}.${child}`;
}
