/** The plan: what applying the inventory files would add, change and remove in the store. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import { AppError } from '../errors/app-error.js';
import { type DesiredObject, OBJECT_KINDS, type ObjectKind } from './model.js';
import { compareStrings, diffSpecs, type FieldChange, jsonEqual } from './plan-diff.js';
import type { StoredObject } from './store.js';

export type { FieldChange } from './plan-diff.js';
// The text form lives in its own module; re-exported so callers find it next to the plan.
export { type FormatPlanOptions, formatPlan } from './plan-format.js';

export type PlanAction = 'add' | 'change' | 'remove';

/** One object the apply would write. */
export interface PlanEntry {
  readonly action: PlanAction;
  readonly kind: ObjectKind;
  readonly key: string;
  /** Where the object is declared (or, for a removal, was declared when last applied). */
  readonly source: string;
  /** The stored spec; null for an addition. */
  readonly before: Readonly<Record<string, unknown>> | null;
  /** The desired spec; null for a removal. */
  readonly after: Readonly<Record<string, unknown>> | null;
  /** Field-level differences of a change; empty for additions and removals. */
  readonly changes: FieldChange[];
}

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
  readonly unchanged: number;
}

export interface InventoryPlan {
  /** Sorted by the order of `OBJECT_KINDS`, then by key. */
  readonly entries: PlanEntry[];
  readonly summary: PlanSummary;
  /**
   * Identifies this exact plan: the desired set and the changes it makes to the store as it was.
   * `applyInventory` refuses an `expectedDigest` that no longer matches (files or store changed).
   */
  readonly digest: string;
  /** SHA-256 of the desired object set alone (kind, key, spec), recorded with the revision. */
  readonly desiredDigest: string;
}

/** Compares the desired objects with the stored ones; pure, so a plan can be shown and recomputed. */
export function computePlan(
  desired: readonly DesiredObject[],
  current: readonly StoredObject[],
): InventoryPlan {
  const desiredByRef = indexByRef(desired, 'desired');
  const currentByRef = indexByRef(current, 'stored');
  const entries: PlanEntry[] = [];
  let unchanged = 0;
  for (const [ref, wanted] of desiredByRef) {
    const stored = currentByRef.get(ref);
    if (stored === undefined) {
      entries.push(entry('add', wanted, null, wanted.spec, []));
    } else if (jsonEqual(stored.spec, wanted.spec)) {
      unchanged += 1;
    } else {
      entries.push(entry('change', wanted, stored.spec, wanted.spec, diffSpecs(stored.spec, wanted.spec)));
    }
  }
  for (const [ref, stored] of currentByRef) {
    if (!desiredByRef.has(ref)) entries.push(entry('remove', stored, stored.spec, null, []));
  }
  entries.sort(compareObjects);
  const summary: PlanSummary = {
    add: count(entries, 'add'),
    change: count(entries, 'change'),
    remove: count(entries, 'remove'),
    unchanged,
  };
  const desiredDigest = desiredSetDigest(desired);
  const digest = sha256(
    canonicalJson({
      desired: desiredDigest,
      entries: entries.map(({ action, kind, key, before, after }) => ({ action, kind, key, before, after })),
    }),
  );
  return { entries, summary, digest, desiredDigest };
}

/** True when applying the plan would write nothing. */
export function planIsEmpty(plan: InventoryPlan): boolean {
  return plan.entries.length === 0;
}

/** SHA-256 of the canonical JSON of the desired set, sorted, without source locations. */
export function desiredSetDigest(desired: readonly DesiredObject[]): string {
  const sorted = [...desired].sort(compareObjects).map(({ kind, key, spec }) => ({ kind, key, spec }));
  return sha256(canonicalJson(sorted));
}

/** Kind order of `OBJECT_KINDS` (unknown kinds last), then key in code-point order. */
export function compareObjects(a: { kind: string; key: string }, b: { kind: string; key: string }): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) || compareStrings(a.kind, b.kind) || compareStrings(a.key, b.key)
  );
}

function kindRank(kind: string): number {
  const index = (OBJECT_KINDS as readonly string[]).indexOf(kind);
  return index === -1 ? OBJECT_KINDS.length : index;
}

function indexByRef<T extends { kind: ObjectKind; key: string }>(
  objects: readonly T[],
  what: string,
): Map<string, T> {
  const byRef = new Map<string, T>();
  for (const object of objects) {
    const ref = `${object.kind}/${object.key}`;
    if (byRef.has(ref)) {
      // The loader reports duplicate ids with their locations; reaching here is a caller's bug.
      throw new AppError('BAD_INPUT', `The ${what} objects contain ${object.kind} "${object.key}" twice.`, {
        hint: 'Each id must be unique within its kind; run `vigie validate` to locate both declarations.',
        details: { kind: object.kind, key: object.key },
      });
    }
    byRef.set(ref, object);
  }
  return byRef;
}

function entry(
  action: PlanAction,
  object: { kind: ObjectKind; key: string; source: string },
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
  changes: FieldChange[],
): PlanEntry {
  return { action, kind: object.kind, key: object.key, source: object.source, before, after, changes };
}

function count(entries: readonly PlanEntry[], action: PlanAction): number {
  return entries.filter((e) => e.action === action).length;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
