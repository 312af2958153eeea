/** Applies inventory objects to the store in one transaction, recorded as a revision and in the audit trail. */
import { sql, type Transaction } from 'kysely';
import { appendAuditEvent } from '../audit/append.js';
import { AppError } from '../errors/app-error.js';
import type { CoreDeps } from '../runtime/deps.js';
import type { Database } from '../store/database.js';
import type { DesiredObject } from './model.js';
import { computePlan, type InventoryPlan, type PlanEntry } from './plan.js';
import {
  deleteObject,
  insertObject,
  insertRevision,
  selectObjects,
  updateObject,
  updateObjectSource,
} from './store.js';

export interface ApplyInput {
  readonly objects: readonly DesiredObject[];
  /** Who applies, as written to the audit trail: `user:alice`, `cli:root`. */
  readonly actor: string;
  /** The `digest` of the plan the user saw; the apply is refused if the plan is no longer the same. */
  readonly expectedDigest?: string | undefined;
}

export interface ApplyResult {
  /** False when the store already matched: nothing was written. */
  readonly applied: boolean;
  /** The new revision, or null when nothing was applied. */
  readonly revisionId: number | null;
  /** The plan as recomputed inside the transaction, i.e. exactly what was written. */
  readonly plan: InventoryPlan;
}

/** Audit actions written per object, with `target_kind`/`target_key` so object pages show their history. */
export const OBJECT_AUDIT_ACTIONS = {
  add: 'inventory.add',
  change: 'inventory.change',
  remove: 'inventory.remove',
} as const;
/** The one event per apply, targeting the revision. */
export const APPLY_AUDIT_ACTION = 'inventory.apply';

/**
 * Recomputes the plan against the store inside one transaction and writes it: a revision row, the
 * objects, one audit event per object and one for the revision. Any failure rolls all of it back.
 */
export async function applyInventory(deps: CoreDeps, input: ApplyInput): Promise<ApplyResult> {
  return deps.store.transaction(async (trx) => {
    if (deps.store.dialect === 'postgres') {
      // Two applies at once would each plan against the same store; the second waits and replans.
      await sql`SELECT pg_advisory_xact_lock(hashtext('vigie.inventory_apply'))`.execute(trx);
    }
    const current = await selectObjects(trx);
    const plan = computePlan(input.objects, current);
    if (input.expectedDigest !== undefined && input.expectedDigest !== plan.digest) {
      throw new AppError(
        'CONFLICT',
        'The plan changed since it was shown: the files or the store are no longer the same.',
        {
          hint: 'Compute the plan again (`vigie plan`), review it, then apply.',
          details: {
            expectedDigest: input.expectedDigest,
            currentDigest: plan.digest,
            summary: plan.summary,
          },
        },
      );
    }
    if (plan.entries.length === 0) return { applied: false, revisionId: null, plan };

    const at = deps.clock.now().toISOString();
    const { add, change, remove } = plan.summary;
    const revisionId = await insertRevision(trx, {
      appliedAt: at,
      actor: input.actor,
      summary: { add, change, remove },
      changes: plan.entries,
      digest: plan.desiredDigest,
    });
    for (const entry of plan.entries) {
      await writeEntry(trx, entry, revisionId, at);
      await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
        actor: input.actor,
        action: OBJECT_AUDIT_ACTIONS[entry.action],
        targetKind: entry.kind,
        targetKey: entry.key,
        before: entry.before,
        after: entry.after,
        meta: { revisionId, source: entry.source, fields: entry.changes.map((c) => c.path) },
      });
    }
    await refreshMovedSources(trx, input.objects, current, plan);
    await appendAuditEvent({ clock: deps.clock, dialect: deps.store.dialect }, trx, {
      actor: input.actor,
      action: APPLY_AUDIT_ACTION,
      targetKind: 'inventory_revision',
      targetKey: String(revisionId),
      meta: {
        revisionId,
        summary: plan.summary,
        desiredDigest: plan.desiredDigest,
        objects: plan.entries.map(({ action, kind, key }) => ({ action, kind, key })),
      },
    });
    return { applied: true, revisionId, plan };
  });
}

type Trx = Transaction<Database>;

async function writeEntry(trx: Trx, entry: PlanEntry, revisionId: number, at: string): Promise<void> {
  switch (entry.action) {
    case 'add':
      await insertObject(trx, { ...entry, spec: entry.after ?? {} }, revisionId, at);
      return;
    case 'change':
      await updateObject(trx, { ...entry, spec: entry.after ?? {} }, revisionId, at);
      return;
    case 'remove':
      await deleteObject(trx, entry.kind, entry.key);
      return;
  }
}

/**
 * Objects whose spec is unchanged but whose declaration moved (lines edited above them) get their
 * new location, so object pages point at the right line; this alone is not a change worth a revision.
 */
async function refreshMovedSources(
  trx: Trx,
  desired: readonly DesiredObject[],
  current: readonly { kind: string; key: string; source: string }[],
  plan: InventoryPlan,
): Promise<void> {
  const written = new Set(plan.entries.map((e) => `${e.kind}/${e.key}`));
  const storedSource = new Map(current.map((o) => [`${o.kind}/${o.key}`, o.source]));
  for (const object of desired) {
    const ref = `${object.kind}/${object.key}`;
    const source = storedSource.get(ref);
    if (!written.has(ref) && source !== undefined && source !== object.source) {
      await updateObjectSource(trx, object.kind, object.key, object.source);
    }
  }
}
