/** Which inventory objects `vigie facts` gathers from: every VM, and the devices that run an OS Vigie can log in to. */
import type { DeviceType } from '../inventory/schema/device.js';
import { getInventoryObjects } from '../inventory/service.js';
import type { CoreDeps } from '../runtime/deps.js';

/** Device types with a shell over SSH; switches, PDUs and patch panels have none worth reading. */
export const FACT_DEVICE_TYPES: readonly DeviceType[] = ['firewall', 'hypervisor', 'server'];

interface HostSpec {
  readonly type?: string;
  readonly ssh?: { readonly address?: string };
  readonly interfaces?: ReadonlyArray<{ readonly address?: string }>;
  readonly management_address?: string;
}

/** Ids of every host `vigie facts` covers when none is named: VMs, then devices, each sorted by id. */
export async function allFactHosts(deps: Pick<CoreDeps, 'store'>): Promise<string[]> {
  const vms = await getInventoryObjects<HostSpec>(deps, 'vm');
  const devices = await getInventoryObjects<HostSpec>(deps, 'device');
  const reachable = devices.filter(
    (device) =>
      (FACT_DEVICE_TYPES as readonly string[]).includes(device.spec.type ?? '') && hasAddress(device.spec),
  );
  return [...vms.map((vm) => vm.key).sort(), ...reachable.map((device) => device.key).sort()];
}

function hasAddress(spec: HostSpec): boolean {
  return (
    spec.ssh?.address !== undefined ||
    (spec.interfaces ?? []).some((entry) => entry.address !== undefined) ||
    spec.management_address !== undefined
  );
}
