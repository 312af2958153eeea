/** The height in units of a rack as the elevation reports it, 42 when nothing says otherwise. */
import type { RackElevation } from '../api/types.js';

export const DEFAULT_RACK_HEIGHT = 42;

export function rackHeightOf(elevation: RackElevation): number {
  const declared = elevation.rack.height > 0 ? elevation.rack.height : DEFAULT_RACK_HEIGHT;
  // A device declared above the top would otherwise be drawn outside the frame.
  const highest = Math.max(0, ...elevation.devices.map((device) => device.position + device.height - 1));
  return Math.max(declared, highest);
}
