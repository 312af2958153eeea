/** Rules on addresses: each inside its network, with its prefix length, never assigned twice; networks apart. */
import { cidrOf, ipOf, isInPrefix, isReservedInPrefix, prefixesOverlap } from '../schema/addresses.js';
import {
  type InventoryRule,
  type LocatedObject,
  nameOf,
  recordsField,
  stringField,
  whereIs,
} from './rule-context.js';

interface Assignment {
  readonly object: LocatedObject;
  readonly field: readonly (string | number)[];
  readonly address: string;
}

/** Every address held by a device or a VM: interface addresses and management addresses. */
function assignmentsOf(objects: readonly LocatedObject[]): Assignment[] {
  const assignments: Assignment[] = [];
  for (const object of objects) {
    if (object.kind !== 'device' && object.kind !== 'vm') continue;
    recordsField(object.data, 'interfaces').forEach((entry, index) => {
      const address = stringField(entry, 'address');
      if (address !== undefined)
        assignments.push({ object, field: ['interfaces', index, 'address'], address });
    });
    const management = stringField(object.data, 'management_address');
    if (management !== undefined)
      assignments.push({ object, field: ['management_address'], address: management });
  }
  return assignments;
}

const insideNetwork: InventoryRule = (context) => {
  const networks = context.byKind('network');
  for (const object of context.objects) {
    if (object.kind !== 'device' && object.kind !== 'vm') continue;
    recordsField(object.data, 'interfaces').forEach((entry, index) => {
      const address = stringField(entry, 'address');
      const network = networks.get(stringField(entry, 'network') ?? '');
      const prefix = network ? stringField(network.data, 'prefix') : undefined;
      const cidr = address === undefined ? undefined : cidrOf(address);
      const prefixCidr = prefix === undefined ? undefined : cidrOf(prefix);
      if (!network || !cidr || !prefix || !prefixCidr || address === undefined) return;
      const field = ['interfaces', index, 'address'];
      const ip = address.split('/')[0] ?? address;
      if (!isInPrefix(address, prefix)) {
        context.report(
          object,
          field,
          'error',
          `address ${address} is outside network "${network.key}" (${prefix})`,
          {
            expected: `an address inside ${prefix}`,
            hint: `use an address of ${prefix}, or the network this address belongs to`,
          },
        );
      } else if (cidr.length !== prefixCidr.length) {
        context.report(
          object,
          field,
          'error',
          `address ${address} has prefix length /${cidr.length}, but network "${network.key}" is a /${prefixCidr.length}`,
          {
            hint: `write ${ip}/${prefixCidr.length}`,
          },
        );
      } else if (isReservedInPrefix(ip, prefix)) {
        context.report(
          object,
          field,
          'error',
          `address ${address} is the network or broadcast address of "${network.key}"`,
          {
            expected: `a host address of ${prefix}`,
          },
        );
      }
    });
  }
};

const assignedOnce: InventoryRule = (context) => {
  const owners = new Map<string, Assignment>();
  for (const assignment of assignmentsOf(context.objects)) {
    const ip = ipOf(assignment.address.split('/')[0] ?? '');
    if (!ip) continue;
    const key = ip.toNormalizedString();
    const earlier = owners.get(key);
    if (!earlier) {
      owners.set(key, assignment);
      continue;
    }
    // A device's management address may be one of its own interfaces' addresses.
    if (earlier.object === assignment.object) continue;
    context.report(
      assignment.object,
      assignment.field,
      'error',
      `address ${ip.toString()} is already assigned to ${nameOf(earlier.object)} (${whereIs(earlier.object, earlier.field)})`,
      { hint: 'each address belongs to one interface; pick a free one' },
    );
  }
};

const networksApart: InventoryRule = (context) => {
  const seen: LocatedObject[] = [];
  for (const network of context.byKind('network').values()) {
    const prefix = stringField(network.data, 'prefix');
    if (prefix === undefined || !cidrOf(prefix)) continue;
    const overlapping = seen.find((other) =>
      prefixesOverlap(prefix, stringField(other.data, 'prefix') ?? ''),
    );
    if (overlapping) {
      context.report(
        network,
        ['prefix'],
        'warning',
        `network "${network.key}" (${prefix}) overlaps network "${overlapping.key}" (${String(overlapping.data.prefix)}, ${whereIs(overlapping, ['prefix'])})`,
        {
          hint: 'networks of one inventory are usually disjoint; check the prefix length',
        },
      );
    }
    const vlan = network.data.vlan;
    const site = network.data.site;
    const sameVlan = seen.find(
      (other) => vlan !== undefined && other.data.vlan === vlan && other.data.site === site,
    );
    if (sameVlan) {
      context.report(
        network,
        ['vlan'],
        'warning',
        `VLAN ${String(vlan)} is also used by network "${sameVlan.key}" (${whereIs(sameVlan, ['vlan'])})`,
        {
          hint: 'two networks on one VLAN is unusual; check the VLAN id',
        },
      );
    }
    seen.push(network);
  }
};

export const addressingRules: readonly InventoryRule[] = [insideNetwork, assignedOnce, networksApart];
