/** Networks (prefix, VLAN, gateway) and the interfaces that attach devices and VMs to them. */
import { z } from 'zod';
import {
  interfaceAddressSchema,
  ipAddressSchema,
  isInPrefix,
  isReservedInPrefix,
  macSchema,
  networkPrefixSchema,
} from './addresses.js';
import { idSchema, type ObjectRule, refSchema, tagsSchema, textSchema, withRules } from './common.js';

const gatewayInPrefix: ObjectRule = (value, report) => {
  const { prefix, gateway } = value;
  if (typeof prefix !== 'string' || typeof gateway !== 'string' || !prefix.includes('/')) return;
  if (!isInPrefix(gateway, prefix)) {
    report(['gateway'], `gateway ${gateway} is outside the network's prefix ${prefix}`, {
      expected: `an address inside ${prefix}`,
    });
  } else if (isReservedInPrefix(gateway, prefix)) {
    report(['gateway'], `gateway ${gateway} is the network or broadcast address of ${prefix}`, {
      hint: 'a gateway is a host address, usually the first one',
    });
  }
};

/** A layer-3 network (and its VLAN) of the rack. */
export const networkSchema = withRules(
  z
    .strictObject({
      id: idSchema,
      name: textSchema('Human name, e.g. "DMZ web".').optional(),
      prefix: networkPrefixSchema,
      vlan: z
        .int()
        .min(1)
        .max(4094)
        .meta({ description: 'VLAN id, 1-4094.', expected: 'a VLAN id from 1 to 4094' })
        .optional(),
      gateway: ipAddressSchema
        .meta({ description: 'Default gateway of the network, inside its prefix.' })
        .optional(),
      dns_servers: z
        .array(ipAddressSchema)
        .meta({ description: 'DNS resolvers given to hosts of this network.' })
        .optional(),
      site: refSchema('the site where this network lives').optional(),
      description: textSchema('What this network is for.').optional(),
      tags: tagsSchema.optional(),
    })
    .meta({ title: 'Network', description: 'A network of the rack: prefix, VLAN, gateway.' }),
  gatewayInPrefix,
);

const interfaceFields = {
  name: textSchema('Interface name on the host, e.g. eth0, ens18, port1.'),
  address: interfaceAddressSchema.optional(),
  mac: macSchema.optional(),
  description: textSchema('What this interface connects to.').optional(),
};

/** A device's network interface; the network is optional for ports that carry no address. */
export const deviceInterfaceSchema = z
  .strictObject({ ...interfaceFields, network: refSchema('the network this interface is on').optional() })
  .meta({ description: 'A network interface of the device.' });

/** A VM's network interface: always on a declared network, with its address. */
export const vmInterfaceSchema = z
  .strictObject({
    ...interfaceFields,
    network: refSchema('the network this interface is on'),
    address: interfaceAddressSchema,
  })
  .meta({ description: 'A network interface of the VM.' });

export type NetworkSpec = Omit<z.output<typeof networkSchema>, 'id'>;
