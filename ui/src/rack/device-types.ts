/** Device types as the rack drawing colours them, and the legend's order. */

export const DEVICE_TYPES = [
  'firewall',
  'router',
  'switch',
  'hypervisor',
  'server',
  'storage',
  'patch-panel',
  'kvm',
  'pdu',
  'ups',
  'other',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** The drawing's type for a device's `spec.type` (unknown types are `other`). */
export function deviceTypeOf(type: unknown): DeviceType {
  if (typeof type !== 'string') return 'other';
  const normalised = type.toLowerCase().replace(/[_\s]+/g, '-');
  if (normalised === 'patch' || normalised === 'patchpanel') return 'patch-panel';
  return (DEVICE_TYPES as readonly string[]).includes(normalised) ? (normalised as DeviceType) : 'other';
}
