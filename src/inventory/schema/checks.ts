/**
 * The inventory's `checks:` (on websites, databases, VMs, devices and services) and `check_defaults:`
 * sections, as monitoring reads them (`src/monitoring/check-overrides.ts`), plus what only the kind
 * of each check knows: every option is validated by that kind's schema, so a bad URL or regular
 * expression is an error located in the file rather than a check silently left out.
 */
import { z } from 'zod';
import {
  CHECK_NAME_MESSAGE,
  CHECK_NAME_PATTERN,
  checkOverrideSchema,
  NON_PROBE_FIELDS,
  scheduleShape,
} from '../../monitoring/check-overrides.js';
import { findProbe, probeKinds } from '../../probes/registry.js';
import { didYouMean } from '../loading/did-you-mean.js';
import { asWritten } from './as-written.js';
import { isRecord } from './common.js';
import { slaSchema } from './sla.js';

/** An object's `checks:` section, with each entry's options checked against its kind. */
const checksSectionSchema = z
  .record(z.string().regex(CHECK_NAME_PATTERN, CHECK_NAME_MESSAGE), checkOverrideSchema)
  // Runs even when a scheduling field failed, so that every problem of the section shows at once.
  .superRefine(
    (entries, ctx) => {
      if (!isRecord(entries)) return;
      for (const [name, entry] of Object.entries(entries)) {
        if (!isRecord(entry)) continue;
        const declared = typeof entry.kind === 'string' ? entry.kind : undefined;
        const kind = declared ?? name;
        if (!probeKinds().includes(kind)) {
          ctx.addIssue({
            code: 'custom',
            path: declared === undefined ? [name] : [name, 'kind'],
            message:
              declared === undefined
                ? `there is no derived check named "${name}"`
                : `unknown check kind "${kind}"`,
            params: {
              expected: `a check kind: ${probeKinds().join(', ')}`,
              hint:
                declared === undefined
                  ? 'add kind: to declare a check of your own under this name'
                  : (didYouMean(kind, probeKinds()) ?? 'docs/checks.md lists the kinds'),
            },
          });
          continue;
        }
        const schema = findProbe(kind).specSchema;
        const shape: Record<string, z.ZodType> = schema instanceof z.ZodObject ? schema.shape : {};
        const options = Object.keys(shape);
        for (const [field, value] of Object.entries(entry)) {
          if (NON_PROBE_FIELDS.includes(field)) continue;
          const fieldSchema = shape[field];
          if (fieldSchema === undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [name, field],
              message: `unknown option "${field}" for a check of kind ${kind}`,
              params: {
                expected: `one of: ${[...NON_PROBE_FIELDS, ...options].join(', ')}`,
                hint: didYouMean(field, options) ?? 'docs/checks.md lists the options of each kind',
              },
            });
            continue;
          }
          const parsed = fieldSchema.safeParse(value);
          if (parsed.success) continue;
          for (const issue of parsed.error.issues) {
            const params = (issue as { params?: Record<string, unknown> }).params ?? {};
            ctx.addIssue({
              code: 'custom',
              path: [name, field, ...issue.path],
              message: issue.message,
              params: typeof params.hint === 'string' ? { hint: params.hint } : {},
            });
          }
        }
      }
    },
    { when: () => true },
  );

/** The `checks:` field of an object. */
export const objectChecksSchema = asWritten(
  checksSectionSchema,
  'Checks of this object: tune a derived check (http, tls, ping, ssh, postgres, mysql, host_metrics, backup), disable it (disabled: true), or add one with kind:. See docs/monitoring.md.',
);

/** The top-level `check_defaults:` section. */
export const checkDefaultsSectionSchema = asWritten(
  z.strictObject({
    ...scheduleShape,
    by_tag: z.record(z.string().min(1), checksSectionSchema).optional(),
    sla: slaSchema.optional(),
  }),
  'Defaults for derived checks: interval, retries, recoveries for every check, checks sections applied by tag (by_tag), and the availability target of websites and databases without their own (sla).',
);
