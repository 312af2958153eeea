/**
 * How backups are written in the inventory: the `backup:` section (destinations, defaults, the
 * accounts dumps log in with, the servers drills restore on) and a `backup:` block on a database, a
 * website or a VM. Both are stored as written and parsed here again when used (durations in seconds).
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { idSchema, refSchema, textSchema } from '../inventory/schema/common.js';
import { durationSchema } from '../inventory/schema/units.js';

/** A five- or six-field cron expression, checked by the scheduler's own parser. */
const cronSchema = z
  .string()
  .trim()
  .min(1)
  .superRefine((pattern, ctx) => {
    try {
      new Cron(pattern, { paused: true });
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pattern}" is not a cron schedule: ${(error as Error).message}`,
        params: { expected: 'a cron schedule such as "0 2 * * *" (every day at 02:00)' },
      });
    }
  })
  .meta({
    description: 'When it runs: a cron schedule in the backup time zone, e.g. "0 2 * * *".',
    expected: 'a cron schedule such as "0 2 * * *"',
  });

const absolutePathSchema = z
  .string()
  .regex(/^\/[^\0]*$/, 'write an absolute path, e.g. /var/www/site')
  .refine(
    (value) => !value.split('/').includes('..'),
    'a path with .. parts is refused: write the plain path',
  )
  .meta({ description: 'An absolute path.', expected: 'an absolute path such as /var/www/site' });

const keepSchema = z.number().int().min(0).max(1000);

export const retentionSchema = z
  .strictObject({
    daily: keepSchema.optional(),
    weekly: keepSchema.optional(),
    monthly: keepSchema.optional(),
    yearly: keepSchema.optional(),
  })
  .meta({
    description:
      'How many backups to keep: the newest of each of the last N days, weeks, months and years. The newest good backup is always kept.',
  });

const drillSchema = z
  .strictObject({
    schedule: cronSchema.optional(),
    /** A query that must return one row whose first value is true, non-zero or non-empty. */
    query: textSchema(
      'A query the restored copy must answer with true (or a non-zero, non-empty value).',
    ).optional(),
    disabled: z.boolean().optional(),
  })
  .meta({ description: 'Restore drills: when, and a query the restored copy must pass.' });

const sharedShape = {
  schedule: cronSchema.optional(),
  retention: retentionSchema.optional(),
  destinations: z
    .array(refSchema('a backup destination'))
    .min(1)
    .optional()
    .meta({ description: 'Where backups go; the first gets the backup, the others a copy (off-site).' }),
  rpo_target: durationSchema.optional().meta({
    description: 'The oldest the last good backup may be before an alert, e.g. 26h.',
    expected: 'a duration such as 26h',
  }),
  drill: drillSchema.optional(),
};

/** `backup:` on a database, a website or a VM. */
export const objectBackupSchema = z
  .strictObject({
    ...sharedShape,
    disabled: z
      .boolean()
      .optional()
      .meta({ description: 'No backups of this object (write why in reason).' }),
    reason: textSchema('Why backups are off, shown by vigie validate.').optional(),
    /** Databases: roles and globals (PostgreSQL) or users and grants (MariaDB) too. */
    globals: z.boolean().optional(),
    /** Websites and VMs: the paths of the path set (a website defaults to its document_root). */
    paths: z.array(absolutePathSchema).min(1).optional(),
    exclude: z
      .array(z.string().min(1))
      .optional()
      .meta({ description: 'tar patterns left out, e.g. */var/cache.' }),
    sudo: z.boolean().optional().meta({ description: 'Read the files as root through sudo -n.' }),
  })
  .meta({
    description:
      'Backups of this object: schedule, retention, destinations, drills; defaults from the backup section.',
  });

export type ObjectBackupSettings = z.output<typeof objectBackupSchema>;

const destinationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    id: idSchema,
    type: z.literal('local'),
    path: absolutePathSchema.meta({
      description: 'The directory of the restic repository on the Vigie host.',
    }),
    description: textSchema('What this destination is.').optional(),
  }),
  z.strictObject({
    id: idSchema,
    type: z.literal('sftp'),
    host: refSchema(
      'the VM or device that stores the backups (reached with its ssh settings and its pinned host key)',
    ),
    path: absolutePathSchema
      // restic reads it as part of a URL and ssh passes it on: plain characters only.
      .regex(
        /^[A-Za-z0-9._~/+=@,-]+$/,
        'an sftp path may hold letters, digits and . _ ~ / + = @ , - only (no spaces, quotes, #, % or :)',
      )
      .meta({
        description: 'The directory of the restic repository on that host (created by vigie backup init).',
        expected: 'an absolute path of plain characters, such as /srv/restic/gip-paca',
      }),
    description: textSchema('What this destination is.').optional(),
  }),
]);

export type DestinationSettings = z.output<typeof destinationSchema>;

/** The top-level `backup:` section. */
export const backupSectionSchema = z
  .strictObject({
    time_zone: z
      .string()
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'not a time zone: write an IANA name such as Europe/Paris')
      .optional()
      .meta({ description: 'Time zone of schedules and of retention days (Europe/Paris unless told).' }),
    destinations: z.array(destinationSchema).optional(),
    defaults: z.strictObject(sharedShape).optional(),
    accounts: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
        z.strictObject({
          user: z.string().min(1).meta({ description: 'The account dumps log in with.' }),
          password_secret: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]*$/)
            .optional()
            .meta({
              description: 'Name of the stored secret holding its password (vigie backup set-password).',
            }),
        }),
      )
      .optional()
      .meta({ description: 'By database service id: the account backups and drills use on that server.' }),
    drill_servers: z
      .strictObject({
        postgresql: refSchema('the PostgreSQL service drills restore on').optional(),
        mariadb: refSchema('the MariaDB service drills restore on').optional(),
      })
      .optional()
      .meta({ description: 'Where restore drills create their scratch databases.' }),
    work_dir: absolutePathSchema
      .optional()
      .meta({ description: 'Where parallel restores keep a private copy of an archive.' }),
  })
  .meta({ description: 'Backups: destinations, defaults, accounts and drill servers. See docs/backups.md.' });

export type BackupSectionSettings = z.output<typeof backupSectionSchema>;
