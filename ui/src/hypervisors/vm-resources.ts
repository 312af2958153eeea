/** What a VM is given (vCPU, memory, disk), and the sums per hypervisor. */
import type { InventoryObject } from '../api/types.js';
import { specList, specNumber, specText } from '../spec/spec-access.js';

export interface Allocation {
  readonly vcpu: number;
  readonly memory: number;
  readonly disk: number;
}

/** The sum of a VM's disk sizes, in bytes. */
export function diskTotalOf(vm: InventoryObject): number {
  return specList(vm.spec, 'disks').reduce<number>((sum, disk) => {
    const size =
      typeof disk === 'object' && disk !== null ? (disk as Record<string, unknown>).size : undefined;
    return sum + (typeof size === 'number' ? size : 0);
  }, 0);
}

export function allocationOf(vm: InventoryObject): Allocation {
  return {
    vcpu: specNumber(vm.spec, 'vcpu') ?? 0,
    memory: specNumber(vm.spec, 'memory') ?? 0,
    disk: diskTotalOf(vm),
  };
}

export function sumAllocations(vms: readonly InventoryObject[]): Allocation {
  return vms.map(allocationOf).reduce(
    (sum, one) => ({
      vcpu: sum.vcpu + one.vcpu,
      memory: sum.memory + one.memory,
      disk: sum.disk + one.disk,
    }),
    { vcpu: 0, memory: 0, disk: 0 },
  );
}

/** `Debian 12`, or the OS's full name when given. */
export function osLabelOf(vm: InventoryObject): string | undefined {
  const name = specText(vm.spec, 'os.name');
  if (name !== undefined) return name;
  const family = specText(vm.spec, 'os.family');
  if (family === undefined) return undefined;
  const pretty =
    family === 'rhel'
      ? 'RHEL'
      : family === 'freebsd'
        ? 'FreeBSD'
        : family.charAt(0).toUpperCase() + family.slice(1);
  return [pretty, specText(vm.spec, 'os.version')].filter(Boolean).join(' ');
}
