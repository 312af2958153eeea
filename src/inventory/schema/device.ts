/** Physical devices, placed in rack units: firewalls, hypervisors, switches, PDUs... */
import { z } from 'zod';
import { ipAddressSchema } from './addresses.js';
import { objectChecksSchema } from './checks.js';
import {
  idSchema,
  type ObjectRule,
  refSchema,
  tagsSchema,
  textSchema,
  uniqueWithin,
  withRules,
} from './common.js';
import { hostMetricsSchema } from './metrics.js';
import { deviceInterfaceSchema } from './network.js';
import { sshAccessSchema } from './ssh.js';
import { sizeSchema } from './units.js';

export const DEVICE_TYPES = [
  'firewall',
  'router',
  'switch',
  'hypervisor',
  'server',
  'storage',
  'pdu',
  'ups',
  'patch_panel',
  'kvm',
  'other',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

const placementTogether: ObjectRule = (value, report) => {
  if (value.rack !== undefined && value.position === undefined) {
    report(['position'], 'a device in a rack needs its position', {
      expected: 'the lowest rack unit the device occupies, e.g. position: 20',
    });
  }
  if (value.rack === undefined && value.position !== undefined) {
    report(['rack'], 'a position was given but no rack', {
      expected: 'the id of the rack this device is in',
    });
  }
};

/** A physical device; `position` is the lowest unit it occupies and `height` its size in units. */
export const deviceSchema = withRules(
  z
    .strictObject({
      id: idSchema,
      name: textSchema('Name as operators know it, e.g. VirtualWAN03.').optional(),
      type: z.enum(DEVICE_TYPES).meta({ description: 'What the device is.' }),
      rack: refSchema('the rack this device is mounted in').optional(),
      position: z
        .int()
        .min(1)
        .meta({
          description: 'Lowest rack unit the device occupies (U1 is at the bottom).',
          expected: 'a rack unit, 1 or more',
        })
        .optional(),
      height: z.int().min(1).max(60).default(1).meta({
        description: 'Height in rack units, 1 by default.',
        expected: 'a number of rack units, 1 or more',
      }),
      face: z
        .enum(['front', 'rear'])
        .default('front')
        .meta({ description: 'The face of the rack it is mounted on.' }),
      full_depth: z.boolean().default(true).meta({
        description: 'Whether it takes the whole depth, so nothing fits behind it.',
        expected: 'true or false',
      }),
      vendor: textSchema('Manufacturer, e.g. Dell, Fortinet.').optional(),
      model: textSchema('Model, e.g. PowerEdge R650.').optional(),
      serial: textSchema('Serial number or service tag.').optional(),
      asset_tag: textSchema("The customer's inventory tag.").optional(),
      platform: textSchema('Operating system or firmware, e.g. "Proxmox VE 8", "FortiOS 7.4".').optional(),
      cpu_cores: z
        .int()
        .min(1)
        .meta({
          description: 'Physical CPU cores (hypervisors, servers).',
          expected: 'a whole number of cores',
        })
        .optional(),
      memory: sizeSchema
        .meta({ description: 'Installed memory (hypervisors, servers), e.g. 256GiB.' })
        .optional(),
      management_address: ipAddressSchema
        .meta({ description: 'Address of its management interface (iDRAC, iLO, web UI).' })
        .optional(),
      interfaces: z
        .array(deviceInterfaceSchema)
        .meta({ description: 'Network interfaces and their addresses.' })
        .optional(),
      ssh: sshAccessSchema.optional(),
      metrics: hostMetricsSchema.optional(),
      description: textSchema('What this device does.').optional(),
      tags: tagsSchema.optional(),
      checks: objectChecksSchema.optional(),
    })
    .meta({ title: 'Device', description: 'A physical device, placed in rack units.' }),
  placementTogether,
  uniqueWithin('interfaces', 'name', 'interface'),
);

export type DeviceSpec = Omit<z.output<typeof deviceSchema>, 'id'>;
