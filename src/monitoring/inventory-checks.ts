/** The checks derived from the applied inventory (read through the inventory's service functions). */
import { getInventoryObject, getInventoryObjects } from '../inventory/service.js';
import type { CoreDeps } from '../runtime/deps.js';
import { type DerivedChecks, deriveChecks } from './derive-checks.js';
import type { InventoryObjectInput } from './topology.js';

/** The kinds that give checks or say where things sit. */
const KINDS = ['device', 'vm', 'network', 'service', 'website', 'database', 'backup'] as const;

export async function inventoryObjectsForChecks(
  deps: Pick<CoreDeps, 'store'>,
): Promise<InventoryObjectInput[]> {
  const lists = await Promise.all(
    KINDS.map(async (kind) => (await getInventoryObjects(deps, kind)).map((object) => ({ kind, ...object }))),
  );
  return lists.flat();
}

/** Derives the checks of the stored inventory, with its `check_defaults` unless `defaults` is given. */
export async function inventoryChecks(
  deps: Pick<CoreDeps, 'store'>,
  defaults?: unknown,
): Promise<DerivedChecks> {
  const objects = await inventoryObjectsForChecks(deps);
  const applied = defaults ?? (await getInventoryObject(deps, 'check_defaults', 'check_defaults'))?.spec;
  return deriveChecks(objects, applied ?? {});
}
