/** The inventory as the rest of Vigie reads it: objects, relations, history, revisions, plans. */
import { type AuditEventView, listAuditEvents } from '../audit/list-events.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../errors/app-error.js';
import type { CoreDeps } from '../runtime/deps.js';
import { parseInventorySources } from './load.js';
import {
  type DesiredObject,
  type InventoryProblem,
  type InventorySource,
  OBJECT_KINDS,
  type ObjectKind,
} from './model.js';
import { compareObjects, computePlan, type InventoryPlan, type PlanEntry } from './plan.js';
import { relationsOf } from './relations.js';
import {
  countObjectsByKind,
  type RevisionRow,
  type StoredObject,
  selectObject,
  selectObjects,
  selectRevision,
  selectRevisions,
} from './store.js';
import { canSee, visibilityOf } from './visibility.js';

export { type RackElevation, rackElevation } from './rack-elevation.js';

/** An object as pages and the API show it. */
export interface InventoryObjectView {
  readonly kind: ObjectKind;
  readonly key: string;
  /** The object's `name` when it has one, else its key. */
  readonly name: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly source: string;
  readonly revisionId: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A link to or from another object, with that object's name when it exists. */
export interface RelationView {
  readonly relation: string;
  readonly kind: ObjectKind;
  readonly key: string;
  readonly name: string;
  /** False for a dangling reference (the loader refuses them, but an old store may hold one). */
  readonly exists: boolean;
}

export interface ObjectDetail {
  readonly object: InventoryObjectView;
  /** Objects this one refers to (its VM's hypervisor, its website's host...). */
  readonly outgoing: RelationView[];
  /** Objects that refer to this one; `relation` is the field of the referring object. */
  readonly incoming: RelationView[];
  /** Audit events about this object, newest first. */
  readonly history: AuditEventView[];
}

export interface InventorySummary {
  readonly counts: Readonly<Record<ObjectKind, number>>;
  readonly total: number;
  /** The latest apply; null before the first, and for callers who may not see revisions. */
  readonly lastRevision: RevisionRow | null;
}

const HISTORY_LIMIT = 100;

/** Objects the caller may see, optionally of one kind, ordered by kind then key. */
export async function listObjects(
  deps: CoreDeps,
  principal: Principal,
  filter: { kind?: ObjectKind | undefined } = {},
): Promise<InventoryObjectView[]> {
  const visibility = await visibilityOf(deps.store.db, principal);
  const objects = await selectObjects(deps.store.db, filter);
  return objects
    .filter((o) => canSee(visibility, o.kind, o.key))
    .sort(compareObjects)
    .map(toView);
}

/** One object with its relations and audit history; NOT_FOUND when absent or not visible to the caller. */
export async function getObject(
  deps: CoreDeps,
  principal: Principal,
  kind: ObjectKind,
  key: string,
): Promise<ObjectDetail> {
  const visibility = await visibilityOf(deps.store.db, principal);
  const object = canSee(visibility, kind, key) ? await selectObject(deps.store.db, kind, key) : undefined;
  if (object === undefined) throw objectNotFound(kind, key);
  const all = await selectObjects(deps.store.db);
  const byRef = new Map(all.map((o) => [`${o.kind}/${o.key}`, o]));
  const visible = (r: { kind: string; key: string }): boolean => canSee(visibility, r.kind, r.key);
  const outgoing = relationsOf(kind, object.spec)
    .filter(visible)
    .map((r) => {
      const target = byRef.get(`${r.kind}/${r.key}`);
      return {
        relation: r.relation,
        kind: r.kind,
        key: r.key,
        name: target ? nameOf(target) : r.key,
        exists: target !== undefined,
      };
    });
  const incoming: RelationView[] = [];
  for (const other of all) {
    if (!visible(other)) continue;
    for (const r of relationsOf(other.kind, other.spec)) {
      if (r.kind === kind && r.key === key) {
        incoming.push({
          relation: r.relation,
          kind: other.kind,
          key: other.key,
          name: nameOf(other),
          exists: true,
        });
      }
    }
  }
  incoming.sort(compareObjects);
  const history = await listAuditEvents(deps.store.db, {
    targetKind: kind,
    targetKey: key,
    limit: HISTORY_LIMIT,
  });
  return { object: toView(object), outgoing, incoming, history };
}

/** Counts per kind of the objects the caller may see, and the latest revision. */
export async function inventorySummary(deps: CoreDeps, principal: Principal): Promise<InventorySummary> {
  const visibility = await visibilityOf(deps.store.db, principal);
  const counts = Object.fromEntries(OBJECT_KINDS.map((kind) => [kind, 0])) as Record<ObjectKind, number>;
  if (visibility.all) {
    for (const [kind, n] of await countObjectsByKind(deps.store.db)) {
      if (kind in counts) counts[kind as ObjectKind] = n;
    }
  } else {
    for (const object of await selectObjects(deps.store.db)) {
      if (canSee(visibility, object.kind, object.key)) counts[object.kind] += 1;
    }
  }
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const lastRevision = visibility.all
    ? ((await selectRevisions(deps.store.db, { limit: 1 }))[0] ?? null)
    : null;
  return { counts, total, lastRevision };
}

/**
 * Applied revisions, newest first. Revisions describe the whole inventory, so a caller scoped to a
 * few objects (a customer developer) gets none.
 */
export async function listRevisions(
  deps: CoreDeps,
  principal: Principal,
  options: { limit?: number | undefined; beforeId?: number | undefined } = {},
): Promise<RevisionRow[]> {
  const visibility = await visibilityOf(deps.store.db, principal);
  if (!visibility.all) return [];
  return selectRevisions(deps.store.db, { limit: options.limit ?? 50, beforeId: options.beforeId });
}

/** One revision with the plan entries it applied; NOT_FOUND when absent or not visible. */
export async function getRevision(
  deps: CoreDeps,
  principal: Principal,
  id: number,
): Promise<RevisionRow & { readonly entries: PlanEntry[] }> {
  const visibility = await visibilityOf(deps.store.db, principal);
  const revision = visibility.all ? await selectRevision(deps.store.db, id) : undefined;
  if (revision === undefined) {
    throw new AppError('NOT_FOUND', `There is no inventory revision ${id}.`, {
      hint: 'The list of revisions shows every apply, newest first.',
    });
  }
  const { changes, ...row } = revision;
  return { ...row, entries: (changes ?? []) as PlanEntry[] };
}

/** The plan that applying `objects` would carry out on the store as it is now. */
export async function planInventory(
  deps: CoreDeps,
  objects: readonly DesiredObject[],
): Promise<InventoryPlan> {
  return computePlan(objects, await selectObjects(deps.store.db));
}

/** Parses inventory file contents; throws INVENTORY_INVALID carrying every problem when they do not validate. */
export function desiredObjectsFrom(sources: readonly InventorySource[]): {
  objects: readonly DesiredObject[];
  warnings: readonly InventoryProblem[];
} {
  const result = parseInventorySources(sources);
  if (!result.ok) throw inventoryInvalid(result.errors, result.warnings);
  return { objects: result.objects, warnings: result.warnings };
}

/** The error for invalid inventory files: its details carry every located problem. */
export function inventoryInvalid(
  errors: readonly InventoryProblem[],
  warnings: readonly InventoryProblem[],
): AppError {
  const n = errors.length;
  return new AppError(
    'INVENTORY_INVALID',
    `The inventory has ${n} error${n === 1 ? '' : 's'}; nothing was planned or applied.`,
    {
      hint: 'Fix the problems listed (each names its file, line and field), then try again.',
      details: { errors, warnings },
    },
  );
}

/** Every stored object of one kind, typed by the caller; for other domains (checks, backups...), unscoped. */
export async function getInventoryObjects<T = Readonly<Record<string, unknown>>>(
  deps: Pick<CoreDeps, 'store'>,
  kind: ObjectKind,
): Promise<Array<{ readonly key: string; readonly spec: T; readonly source: string }>> {
  const objects = await selectObjects(deps.store.db, { kind });
  return objects.map((o) => ({ key: o.key, spec: o.spec as T, source: o.source }));
}

/** The id of the latest applied inventory revision, or null before the first apply; for other domains. */
export async function latestRevisionId(deps: Pick<CoreDeps, 'store'>): Promise<number | null> {
  const [latest] = await selectRevisions(deps.store.db, { limit: 1 });
  return latest?.id ?? null;
}

/** One stored object typed by the caller, or undefined; for other domains, unscoped. */
export async function getInventoryObject<T = Readonly<Record<string, unknown>>>(
  deps: Pick<CoreDeps, 'store'>,
  kind: ObjectKind,
  key: string,
): Promise<{ readonly key: string; readonly spec: T; readonly source: string } | undefined> {
  const object = await selectObject(deps.store.db, kind, key);
  return object === undefined
    ? undefined
    : { key: object.key, spec: object.spec as T, source: object.source };
}

export function objectNotFound(kind: string, key: string): AppError {
  return new AppError('NOT_FOUND', `There is no ${kind} "${key}" in the inventory.`, {
    hint: `Check the id; the list of ${kind} objects shows those you can see.`,
    details: { kind, key },
  });
}

/** The object's `name` when it is a non-empty string, else its key. */
export function nameOf(object: Pick<StoredObject, 'key' | 'spec'>): string {
  const name = object.spec.name;
  return typeof name === 'string' && name !== '' ? name : object.key;
}

function toView(object: StoredObject): InventoryObjectView {
  return { ...object, name: nameOf(object) };
}
