/** How Vigie reaches a VM or device over SSH: address, port, user, stored key, and an optional jump host. */
import { z } from 'zod';
import { refSchema, textSchema } from './common.js';

export const sshAccessSchema = z
  .strictObject({
    address: textSchema(
      'Address or DNS name to connect to; default: the first interface address (or the management address).',
    ).optional(),
    port: z
      .int()
      .min(1)
      .max(65535)
      .meta({ description: 'SSH port, default 22.', expected: 'a port number from 1 to 65535' })
      .optional(),
    user: textSchema('User Vigie logs in as; default VIGIE_SSH_USER (root).').optional(),
    key: textSchema(
      'Name of the stored SSH key (vigie secret set-ssh-key); default VIGIE_SSH_KEY.',
    ).optional(),
    jump: refSchema('the VM or device to go through (e.g. the edge firewall)').optional(),
  })
  .meta({ description: 'SSH access for remote operations.' });

export type SshAccess = z.output<typeof sshAccessSchema>;
