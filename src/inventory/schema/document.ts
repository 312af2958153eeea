/** One inventory file as a whole: its top-level sections, which kind each holds, and the reserved future ones. */
import { z } from 'zod';
import { alertingConfigSchema } from '../../alerting/schema.js';
import { backupSectionSchema } from '../../backup/policy-schema.js';
import { AppError } from '../../errors/app-error.js';
import type { ObjectKind } from '../model.js';
import { asWritten } from './as-written.js';
import { checkDefaultsSectionSchema } from './checks.js';
import { contractSchema } from './contract.js';
import { databaseSchema } from './database.js';
import { deviceSchema } from './device.js';
import { networkSchema } from './network.js';
import { customerSchema, providerSchema } from './organisation.js';
import { personSchema } from './person.js';
import { rackSchema, siteSchema } from './rack.js';
import { serviceSchema } from './service.js';
import { vmSchema } from './vm.js';
import { websiteSchema } from './website.js';

/** A top-level key of an inventory file and the objects it declares. */
export interface InventorySection {
  readonly key: string;
  readonly kind: ObjectKind;
  /** Singletons (`customer:`) hold one mapping; the others a list of mappings. */
  readonly singleton: boolean;
  /** How messages name one object of this kind: `VM`, `device`. */
  readonly label: string;
  readonly schema: z.ZodType;
  /** For a singleton without an `id` of its own (`check_defaults:`, `alerting:`): the key it is stored under. */
  readonly fixedKey?: string;
}

/** The `alerting:` section: channels and routes, read by `src/alerting` (stored as written). */
export const alertingSectionSchema = asWritten(
  alertingConfigSchema,
  'Alerting: channels (e-mail, webhook, chat...) and routes (who is told what). See docs/alerting.md.',
);

/** The `backup:` section: destinations, defaults, accounts, drill servers, read by `src/backup` (stored as written). */
export const backupInventorySectionSchema = asWritten(
  backupSectionSchema,
  'Backups: destinations (restic repositories), defaults (schedule, retention, RPO target, drills), the accounts dumps log in with, and the servers drills restore on. See docs/backups.md.',
);

/** Every section, in the order of `OBJECT_KINDS`. */
export const INVENTORY_SECTIONS: readonly InventorySection[] = [
  { key: 'customer', kind: 'customer', singleton: true, label: 'customer', schema: customerSchema },
  { key: 'provider', kind: 'provider', singleton: true, label: 'provider', schema: providerSchema },
  { key: 'contract', kind: 'contract', singleton: true, label: 'contract', schema: contractSchema },
  { key: 'sites', kind: 'site', singleton: false, label: 'site', schema: siteSchema },
  { key: 'racks', kind: 'rack', singleton: false, label: 'rack', schema: rackSchema },
  { key: 'devices', kind: 'device', singleton: false, label: 'device', schema: deviceSchema },
  { key: 'networks', kind: 'network', singleton: false, label: 'network', schema: networkSchema },
  { key: 'vms', kind: 'vm', singleton: false, label: 'VM', schema: vmSchema },
  { key: 'services', kind: 'service', singleton: false, label: 'service', schema: serviceSchema },
  { key: 'websites', kind: 'website', singleton: false, label: 'website', schema: websiteSchema },
  { key: 'databases', kind: 'database', singleton: false, label: 'database', schema: databaseSchema },
  { key: 'people', kind: 'person', singleton: false, label: 'person', schema: personSchema },
  {
    key: 'check_defaults',
    kind: 'check_defaults',
    singleton: true,
    label: 'check defaults',
    schema: checkDefaultsSectionSchema,
    fixedKey: 'check_defaults',
  },
  {
    key: 'alerting',
    kind: 'alerting',
    singleton: true,
    label: 'alerting configuration',
    schema: alertingSectionSchema,
    fixedKey: 'alerting',
  },
  {
    key: 'backup',
    kind: 'backup',
    singleton: true,
    label: 'backup configuration',
    schema: backupInventorySectionSchema,
    fixedKey: 'backup',
  },
];

/** The section that declares objects of `kind`. */
export function sectionOf(kind: ObjectKind): InventorySection {
  const section = INVENTORY_SECTIONS.find((candidate) => candidate.kind === kind);
  if (!section) throw new AppError('INTERNAL', `No inventory section declares the kind ${kind}.`);
  return section;
}

/** Sections later versions of Vigie will read; named so that users get a precise message, not a typo hint. */
export const RESERVED_SECTIONS: readonly string[] = ['firewall_rules', 'vpn_peers', 'maintenance_windows'];

/** The version of the inventory format this code reads. */
export const INVENTORY_FORMAT_VERSION = 1;

/** One inventory file: any subset of the sections; objects of one kind may be spread over several files. */
export const inventoryDocumentSchema = z
  .strictObject({
    version: z
      .literal(INVENTORY_FORMAT_VERSION)
      .meta({ description: 'Version of the inventory format: 1.', expected: 'version: 1' })
      .optional(),
    customer: customerSchema.optional(),
    provider: providerSchema.optional(),
    contract: contractSchema.optional(),
    sites: z.array(siteSchema).meta({ description: 'Sites: datacenters, server rooms.' }).optional(),
    racks: z.array(rackSchema).meta({ description: 'Racks.' }).optional(),
    devices: z.array(deviceSchema).meta({ description: 'Physical devices in the racks.' }).optional(),
    networks: z.array(networkSchema).meta({ description: 'Networks and VLANs.' }).optional(),
    vms: z.array(vmSchema).meta({ description: 'Virtual machines.' }).optional(),
    services: z.array(serviceSchema).meta({ description: 'Services on VMs and devices.' }).optional(),
    websites: z.array(websiteSchema).meta({ description: 'Websites.' }).optional(),
    databases: z.array(databaseSchema).meta({ description: 'Databases.' }).optional(),
    people: z
      .array(personSchema)
      .meta({ description: 'People of the provider and the customer.' })
      .optional(),
    check_defaults: checkDefaultsSectionSchema.optional(),
    alerting: alertingSectionSchema.optional(),
    backup: backupInventorySectionSchema.optional(),
  })
  .meta({
    title: 'Vigie inventory file',
    description:
      'One file of a Vigie inventory. Objects of one kind may be spread over several files; customer, provider and contract are declared once.',
  });
