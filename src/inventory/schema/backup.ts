/** `backup:` on a database, a website or a VM: validated by the backup domain's schema, stored as written. */
import { objectBackupSchema } from '../../backup/policy-schema.js';
import { asWritten } from './as-written.js';

export const objectBackupSectionSchema = asWritten(
  objectBackupSchema,
  'Backups of this object: schedule, retention, destinations, RPO target, drills, paths (websites, VMs); off with disabled: true and a reason. Defaults come from the backup section. See docs/backups.md.',
);
