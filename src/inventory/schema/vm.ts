/** Virtual machines and the hypervisor that runs each. */
import { z } from 'zod';
import { objectBackupSectionSchema } from './backup.js';
import { objectChecksSchema } from './checks.js';
import {
  idSchema,
  refSchema,
  tagsSchema,
  textSchema,
  uniqueWithin,
  versionSchema,
  withRules,
} from './common.js';
import { hostMetricsSchema } from './metrics.js';
import { vmInterfaceSchema } from './network.js';
import { sshAccessSchema } from './ssh.js';
import { sizeSchema } from './units.js';

export const OS_FAMILIES = [
  'debian',
  'ubuntu',
  'rhel',
  'rocky',
  'almalinux',
  'centos',
  'suse',
  'alpine',
  'freebsd',
  'windows',
  'other',
] as const;

const diskSchema = z
  .strictObject({
    name: textSchema('Disk name as the VM sees it, e.g. vda, sda.'),
    size: sizeSchema.meta({ description: 'Disk size, e.g. 100GiB.' }),
    storage: textSchema('Where the disk lives on the hypervisor, e.g. a datastore or pool name.').optional(),
    description: textSchema('What the disk holds, e.g. system, data, backups.').optional(),
  })
  .meta({ description: 'A virtual disk.' });

const osSchema = z
  .strictObject({
    family: z.enum(OS_FAMILIES).meta({ description: 'Operating system family.' }),
    version: versionSchema.meta({ description: 'Version, e.g. 12 for Debian 12.' }),
    name: textSchema('Full name, e.g. "Debian GNU/Linux 12 (bookworm)".').optional(),
  })
  .meta({ description: 'Operating system of the VM.' });

/** A virtual machine on a hypervisor (a device of type hypervisor). */
export const vmSchema = withRules(
  z
    .strictObject({
      id: idSchema,
      name: textSchema('Name as operators know it, e.g. DB03.').optional(),
      hypervisor: refSchema('the hypervisor (a device of type hypervisor) that runs this VM'),
      vcpu: z
        .int()
        .min(1)
        .max(1024)
        .meta({ description: 'Virtual CPUs.', expected: 'a whole number of vCPUs, 1 or more' }),
      memory: sizeSchema.meta({ description: 'Memory, e.g. 16GiB.' }),
      disks: z.array(diskSchema).min(1).meta({ description: 'Virtual disks, at least one.' }),
      os: osSchema,
      interfaces: z
        .array(vmInterfaceSchema)
        .meta({ description: 'Network interfaces and their addresses.' })
        .optional(),
      ssh: sshAccessSchema.optional(),
      metrics: hostMetricsSchema.optional(),
      role: textSchema('What the VM is for, e.g. "database server".').optional(),
      description: textSchema('Anything useful about this VM.').optional(),
      tags: tagsSchema.optional(),
      checks: objectChecksSchema.optional(),
      backup: objectBackupSectionSchema.optional(),
    })
    .meta({ title: 'VM', description: 'A virtual machine, on a hypervisor.' }),
  uniqueWithin('disks', 'name', 'disk'),
  uniqueWithin('interfaces', 'name', 'interface'),
);

export type VmSpec = Omit<z.output<typeof vmSchema>, 'id'>;
