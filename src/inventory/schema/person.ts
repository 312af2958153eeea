/** People of the provider and the customer, their roles, and what developers have access to. */
import { z } from 'zod';
import { emailSchema, phoneSchema } from './addresses.js';
import { idSchema, refSchema, textSchema, uniqueWithin, withRules } from './common.js';

export const PERSON_ROLES = [
  'referent',
  'substitute',
  'engineer',
  'customer_manager',
  'technical_contact',
  'developer',
  'administration',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** Roles held by the provider's people; the others belong to the customer (technical_contact: either). */
export const PROVIDER_ROLES: readonly PersonRole[] = ['referent', 'substitute', 'engineer'];
export const CUSTOMER_ROLES: readonly PersonRole[] = ['customer_manager', 'developer', 'administration'];

const accessSchema = z
  .strictObject({
    websites: z
      .array(refSchema('a website'))
      .meta({ description: 'Websites this developer works on.' })
      .optional(),
    databases: z
      .array(refSchema('a database'))
      .meta({ description: 'Databases this developer works on.' })
      .optional(),
  })
  .meta({ description: 'What a developer sees and files requests about.' });

/** A person, with their roles in the contract. */
export const personSchema = withRules(
  z
    .strictObject({
      id: idSchema,
      name: textSchema('Full name.'),
      organisation: z
        .enum(['provider', 'customer'])
        .meta({ description: 'Which side of the contract they work for.' }),
      roles: z
        .array(z.enum(PERSON_ROLES))
        .min(1)
        .meta({ description: 'Their roles in the contract, at least one.' }),
      title: textSchema('Job title.').optional(),
      company: textSchema('Their employer, when it is a third party (e.g. a web agency).').optional(),
      email: emailSchema.optional(),
      phone: phoneSchema.optional(),
      access: accessSchema.optional(),
    })
    .meta({ title: 'Person', description: 'A person of the provider or the customer.' }),
  uniqueWithin('roles', '', 'role'),
);

export type PersonSpec = Omit<z.output<typeof personSchema>, 'id'>;
