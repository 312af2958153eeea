/** Databases: engine, the server (a service) that holds them, owner and visibility. */
import { z } from 'zod';
import { objectBackupSectionSchema } from './backup.js';
import { objectChecksSchema } from './checks.js';
import { idSchema, refSchema, textSchema } from './common.js';
import { slaSchema } from './sla.js';

export const DATABASE_ENGINES = ['postgresql', 'mariadb'] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

/** A database on a database server. */
export const databaseSchema = z
  .strictObject({
    id: idSchema,
    engine: z.enum(DATABASE_ENGINES).meta({ description: 'Database engine.' }),
    server: refSchema('the database service (of the same engine) that holds it'),
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/)
      .meta({
        description: 'Name of the database on the server.',
        expected: 'a database name: letters, digits, _ and -, up to 63 characters',
      }),
    owner: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_$.-]{0,62}$/)
      .meta({
        description: 'Role or user that owns it.',
        expected: 'a role name: letters, digits, _ . and -',
      }),
    visibility: z.enum(['public', 'internal']).default('internal').meta({
      description:
        'public: reachable from outside the rack; internal: only from its hosts. internal by default.',
    }),
    description: textSchema('What the database holds.').optional(),
    checks: objectChecksSchema.optional(),
    backup: objectBackupSectionSchema.optional(),
    sla: slaSchema.optional(),
  })
  .meta({ title: 'Database', description: 'A database on a PostgreSQL or MariaDB server.' });

export type DatabaseSpec = Omit<z.output<typeof databaseSchema>, 'id'>;
