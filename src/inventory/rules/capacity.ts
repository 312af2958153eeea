/** Rules on sums: VMs' memory against their hypervisor's, the contract's fees against its ceiling. */
import { formatSize } from '../schema/units.js';
import { type InventoryRule, numberField, stringField } from './rule-context.js';

const hypervisorMemory: InventoryRule = (context) => {
  const given = new Map<string, number>();
  for (const vm of context.byKind('vm').values()) {
    const hypervisor = stringField(vm.data, 'hypervisor');
    const memory = numberField(vm.data, 'memory');
    if (hypervisor !== undefined && memory !== undefined)
      given.set(hypervisor, (given.get(hypervisor) ?? 0) + memory);
  }
  for (const [key, total] of given) {
    const device = context.byKind('device').get(key);
    const installed = device ? numberField(device.data, 'memory') : undefined;
    if (device && installed !== undefined && total > installed) {
      context.report(
        device,
        ['memory'],
        'warning',
        `the VMs on "${key}" are given ${formatSize(total)} of memory, more than its ${formatSize(installed)}`,
        {
          hint: "overcommitted memory makes the hypervisor swap or kill VMs; check the VMs' memory",
        },
      );
    }
  }
};

/** Whole months from `start` to `end` inclusive (a started month counts). */
function monthsBetween(start: string, end: string): number {
  const [startYear, startMonth] = start.split('-').map(Number);
  const [endYear, endMonth] = end.split('-').map(Number);
  return ((endYear ?? 0) - (startYear ?? 0)) * 12 + ((endMonth ?? 0) - (startMonth ?? 0)) + 1;
}

const contractCeiling: InventoryRule = (context) => {
  for (const contract of context.byKind('contract').values()) {
    const fee = contract.data.monthly_fee as { amount?: unknown; currency?: unknown } | undefined;
    const ceiling = contract.data.maximum_total as { amount?: unknown } | undefined;
    const renewal = contract.data.renewal as { period?: unknown; max_renewals?: unknown } | undefined;
    const start = stringField(contract.data, 'start');
    const end = stringField(contract.data, 'first_term_end');
    if (
      typeof fee?.amount !== 'number' ||
      typeof ceiling?.amount !== 'number' ||
      !start ||
      !end ||
      !contract.valid
    )
      continue;
    const renewedMonths =
      typeof renewal?.period === 'number' && typeof renewal.max_renewals === 'number'
        ? renewal.period * renewal.max_renewals
        : 0;
    const months = monthsBetween(start, end) + renewedMonths;
    const total = fee.amount * months;
    if (total > ceiling.amount) {
      context.report(
        contract,
        ['maximum_total', 'amount'],
        'warning',
        `${months} months at ${fee.amount} ${String(fee.currency)} come to ${total.toFixed(2)}, above the maximum ${ceiling.amount}`,
        {
          hint: 'the first term and every renewal must fit under the ceiling of the contract',
        },
      );
    }
  }
};

export const capacityRules: readonly InventoryRule[] = [hypervisorMemory, contractCeiling];
