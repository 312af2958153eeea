/** Sites (datacenters, server rooms) and the racks they hold. */
import { z } from 'zod';
import { idSchema, refSchema, textSchema } from './common.js';
import { postalAddressSchema } from './postal-address.js';
import { bitRateSchema } from './units.js';

/** A place that holds racks. */
export const siteSchema = z
  .strictObject({
    id: idSchema,
    name: textSchema('Name of the site, e.g. "Marseille datacenter".'),
    operator: textSchema('Who runs the building, e.g. the datacenter company.').optional(),
    address: postalAddressSchema.optional(),
    description: textSchema('Access conditions, room, anything useful on site.').optional(),
  })
  .meta({ title: 'Site', description: 'A site: a datacenter or server room that holds racks.' });

const uplinkSchema = z
  .strictObject({
    carrier: textSchema('Who provides the link, e.g. the operator of the transit.').optional(),
    bandwidth: bitRateSchema.meta({ description: 'Committed bandwidth, e.g. 1Gbps.' }).optional(),
    device: refSchema('the device the uplink lands on, usually the firewall or router').optional(),
    port: textSchema('Port of that device, e.g. wan0.').optional(),
    description: textSchema('Circuit reference, handover, anything useful.').optional(),
  })
  .meta({ description: "The rack's link to the outside world." });

/** A rack, its height in units (U1 at the bottom) and its uplink. */
export const rackSchema = z
  .strictObject({
    id: idSchema,
    site: refSchema('the site that holds this rack'),
    name: textSchema('Name on the rack label.').optional(),
    height: z.int().min(1).max(60).default(42).meta({
      description: 'Height in rack units (U), 42 by default.',
      expected: 'a number of rack units from 1 to 60',
    }),
    location: textSchema('Room, row and position in the site.').optional(),
    uplink: uplinkSchema.optional(),
    description: textSchema('Anything useful about this rack.').optional(),
  })
  .meta({ title: 'Rack', description: 'A rack: units are numbered from 1 at the bottom.' });

export type SiteSpec = Omit<z.output<typeof siteSchema>, 'id'>;
export type RackSpec = Omit<z.output<typeof rackSchema>, 'id'>;
