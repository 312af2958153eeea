/** The inventory as drift detection reads it: the hosts Vigie looks at and the services declared on them. */
import type { DeviceSpec } from '../../inventory/schema/device.js';
import type { ServiceSpec } from '../../inventory/schema/service.js';
import type { VmSpec } from '../../inventory/schema/vm.js';
import { getInventoryObjects } from '../../inventory/service.js';
import type { CoreDeps } from '../../runtime/deps.js';

/** A stored inventory object: its key, its spec and where it is declared (`file:line:column`). */
export interface InventoryEntry<T> {
  readonly key: string;
  readonly spec: T;
  readonly source: string;
}

export interface DriftInventory {
  readonly vms: readonly InventoryEntry<VmSpec>[];
  readonly devices: readonly InventoryEntry<DeviceSpec>[];
  readonly services: readonly InventoryEntry<ServiceSpec>[];
}

/** A host of the inventory, VM or device, as drift detection compares it with its facts. */
export type DeclaredHost =
  | ({ readonly kind: 'vm' } & InventoryEntry<VmSpec>)
  | ({ readonly kind: 'device' } & InventoryEntry<DeviceSpec>);

/** Reads the VMs, devices and services of the store as they are now. */
export async function readDriftInventory(deps: Pick<CoreDeps, 'store'>): Promise<DriftInventory> {
  const [vms, devices, services] = await Promise.all([
    getInventoryObjects<VmSpec>(deps, 'vm'),
    getInventoryObjects<DeviceSpec>(deps, 'device'),
    getInventoryObjects<ServiceSpec>(deps, 'service'),
  ]);
  return { vms, devices, services };
}

/** The VM or device `key`, or undefined. */
export function declaredHost(inventory: DriftInventory, key: string): DeclaredHost | undefined {
  const vm = inventory.vms.find((entry) => entry.key === key);
  if (vm !== undefined) return { kind: 'vm', ...vm };
  const device = inventory.devices.find((entry) => entry.key === key);
  return device === undefined ? undefined : { kind: 'device', ...device };
}

/** Services declared on `host`, ordered by key. */
export function servicesOn(inventory: DriftInventory, host: string): InventoryEntry<ServiceSpec>[] {
  return inventory.services
    .filter((service) => service.spec.host === host)
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** `vms.yaml:24` from a stored source `vms.yaml:24:5`: where people should look. */
export function sourceLine(source: string): string {
  const match = /^(.*):(\d+):\d+$/.exec(source);
  return match === null ? source : `${match[1]}:${match[2]}`;
}

/** The file part of a stored source. */
export function sourceFile(source: string): string {
  return /^(.*?)(?::\d+)*$/.exec(source)?.[1] ?? source;
}

/** The host's display name (its `name`, else its key). */
export function hostName(host: DeclaredHost): string {
  return host.spec.name ?? host.key;
}
