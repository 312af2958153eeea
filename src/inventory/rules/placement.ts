/** Rules on where devices sit: inside their rack's height, and never two in the same units. */
import {
  type InventoryRule,
  type LocatedObject,
  nameOf,
  numberField,
  stringField,
  whereIs,
} from './rule-context.js';

interface Placement {
  readonly device: LocatedObject;
  readonly bottom: number;
  readonly top: number;
  readonly face: string;
  readonly fullDepth: boolean;
}

function unitsOf(placement: Placement): string {
  return placement.bottom === placement.top
    ? `U${placement.bottom}`
    : `U${placement.bottom}-U${placement.top}`;
}

const withinRackAndApart: InventoryRule = (context) => {
  const racks = context.byKind('rack');
  const placedByRack = new Map<string, Placement[]>();
  for (const device of context.objects) {
    if (device.kind !== 'device') continue;
    const rackKey = stringField(device.data, 'rack');
    const bottom = numberField(device.data, 'position');
    if (rackKey === undefined || bottom === undefined || !Number.isInteger(bottom)) continue;
    const height = numberField(device.data, 'height') ?? 1;
    const placement: Placement = {
      device,
      bottom,
      top: bottom + Math.max(1, Math.trunc(height)) - 1,
      face: stringField(device.data, 'face') ?? 'front',
      fullDepth: device.data.full_depth !== false,
    };
    const rack = racks.get(rackKey);
    const rackHeight = rack ? (numberField(rack.data, 'height') ?? 42) : undefined;
    if (rack && rackHeight !== undefined && placement.top > rackHeight) {
      context.report(
        device,
        ['position'],
        'error',
        `${nameOf(device)} occupies ${unitsOf(placement)}, but rack "${rackKey}" has ${rackHeight} units`,
        {
          expected: `a position from 1 to ${Math.max(1, rackHeight - (placement.top - placement.bottom))}`,
          hint: 'U1 is the bottom unit; position is the lowest unit the device occupies',
        },
      );
    }
    const placed = placedByRack.get(rackKey) ?? [];
    const clash = placed.find(
      (other) =>
        other.bottom <= placement.top &&
        placement.bottom <= other.top &&
        (other.face === placement.face || other.fullDepth || placement.fullDepth),
    );
    if (clash) {
      context.report(
        device,
        ['position'],
        'error',
        `${nameOf(device)} (${unitsOf(placement)}) overlaps ${nameOf(clash.device)} (${unitsOf(clash)}, ${whereIs(clash.device, ['position'])}) in rack "${rackKey}"`,
        {
          hint: 'change the position or the height of one of them; half-depth devices on opposite faces may share units (full_depth: false)',
        },
      );
    }
    placed.push(placement);
    placedByRack.set(rackKey, placed);
  }
};

export const placementRules: readonly InventoryRule[] = [withinRackAndApart];
