/** A rack drawn unit by unit, as operators know it from DCIM tools: which device sits in which U. */
import type { Principal } from '../auth/principal.js';
import { AppError } from '../errors/app-error.js';
import type { CoreDeps } from '../runtime/deps.js';
import { compareStrings } from './plan-diff.js';
import { type StoredObject, selectObject, selectObjects } from './store.js';
import { canSee, visibilityOf } from './visibility.js';

export interface ElevationDevice {
  readonly key: string;
  readonly name: string;
  readonly type: string | null;
  /** Lowest unit the device occupies, 1-based from the bottom. */
  readonly position: number;
  /** Units it occupies. */
  readonly height: number;
  /** Highest unit it occupies: `position + height - 1`. */
  readonly top: number;
}

export interface ElevationUnit {
  /** Unit number, 1 at the bottom. */
  readonly unit: number;
  /** The device in this unit, or null when the unit is free. */
  readonly device: string | null;
}

export interface RackElevation {
  readonly rack: {
    readonly key: string;
    readonly name: string;
    readonly height: number;
    readonly site: string | null;
    readonly spec: Readonly<Record<string, unknown>>;
  };
  /** Devices placed in the rack, the topmost first. */
  readonly devices: ElevationDevice[];
  /** Every unit, from the top (`height`) down to 1. */
  readonly units: ElevationUnit[];
  /** Devices assigned to the rack without a position, listed so they are not silently missing. */
  readonly unplaced: string[];
  readonly freeUnits: number;
}

/** The elevation of one rack; NOT_FOUND when there is no such rack or the caller may not see racks. */
export async function rackElevation(
  deps: CoreDeps,
  principal: Principal,
  rackKey: string,
): Promise<RackElevation> {
  const visibility = await visibilityOf(deps.store.db, principal);
  const rack = canSee(visibility, 'rack', rackKey)
    ? await selectObject(deps.store.db, 'rack', rackKey)
    : undefined;
  if (rack === undefined) {
    throw new AppError('NOT_FOUND', `There is no rack "${rackKey}" in the inventory.`, {
      hint: 'Check the id; the list of racks shows those you can see.',
      details: { kind: 'rack', key: rackKey },
    });
  }
  const height = positiveInteger(rack.spec.height) ?? 0;
  const inRack = (await selectObjects(deps.store.db, { kind: 'device' })).filter(
    (d) => d.spec.rack === rackKey,
  );
  const devices: ElevationDevice[] = [];
  const unplaced: string[] = [];
  for (const device of inRack) {
    const placed = placement(device);
    if (placed === undefined) unplaced.push(device.key);
    else devices.push(placed);
  }
  devices.sort((a, b) => b.top - a.top || compareStrings(a.key, b.key));
  const units: ElevationUnit[] = [];
  for (let unit = height; unit >= 1; unit--) {
    const device = devices.find((d) => d.position <= unit && unit <= d.top);
    units.push({ unit, device: device?.key ?? null });
  }
  return {
    rack: {
      key: rack.key,
      name: stringOr(rack.spec.name, rack.key),
      height,
      site: typeof rack.spec.site === 'string' ? rack.spec.site : null,
      spec: rack.spec,
    },
    devices,
    units,
    unplaced,
    freeUnits: units.filter((u) => u.device === null).length,
  };
}

function placement(device: StoredObject): ElevationDevice | undefined {
  const position = positiveInteger(device.spec.position);
  if (position === undefined) return undefined;
  const height = positiveInteger(device.spec.height) ?? 1;
  return {
    key: device.key,
    name: stringOr(device.spec.name, device.key),
    type: typeof device.spec.type === 'string' ? device.spec.type : null,
    position,
    height,
    top: position + height - 1,
  };
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
