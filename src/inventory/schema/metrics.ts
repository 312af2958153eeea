/**
 * Per-host metric thresholds (`metrics:` on a VM or a device): when CPU, memory, swap, load per core,
 * a filesystem's use or its forecast fill date should warn, and when it is critical. Every field is
 * optional; what is left out keeps Vigie's default (docs/metrics.md).
 */
import { z } from 'zod';
import { type ObjectRule, quote, withRules } from './common.js';

const PERCENT_EXPECTED = 'a percentage such as 85%';

/** `85%` or `85`, from 0 to 100, stored as the number 85. */
export const percentSchema = z
  .union([z.number(), z.string().trim()])
  .meta({ description: 'A percentage, e.g. 85%.', expected: PERCENT_EXPECTED })
  .transform((value, ctx) => {
    const text = String(value);
    const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text);
    const percent = match === null ? Number.NaN : Number(match[1]);
    if (Number.isFinite(percent) && percent >= 0 && percent <= 100) return percent;
    ctx.addIssue({
      code: 'custom',
      message: `${quote(value)} is not a percentage from 0% to 100%`,
      input: value,
      params: { expected: PERCENT_EXPECTED, hint: 'write e.g. 85%' },
    });
    return z.NEVER;
  });

/** A warning level must come before the critical one: lower for use, higher for days left. */
function ordered(direction: 'rising' | 'falling'): ObjectRule {
  return (value, report) => {
    const { warning, critical } = value;
    if (typeof warning !== 'number' || typeof critical !== 'number') return;
    const wrong = direction === 'rising' ? warning >= critical : warning <= critical;
    if (wrong)
      report(
        ['warning'],
        direction === 'rising'
          ? `the warning level (${warning}) must be below the critical one (${critical})`
          : `the warning level (${warning} days) must be more days than the critical one (${critical})`,
        { hint: 'swap the two values, or fix one of them' },
      );
  };
}

function percentLevels(what: string) {
  return withRules(
    z
      .strictObject({
        warning: percentSchema.meta({ description: `Warn when ${what} reaches this, e.g. 85%.` }).optional(),
        critical: percentSchema
          .meta({ description: `Critical when ${what} reaches this, e.g. 95%.` })
          .optional(),
      })
      .meta({ description: `Thresholds of ${what}.` }),
    ordered('rising'),
  );
}

const loadLevels = withRules(
  z
    .strictObject({
      warning: z
        .number()
        .positive()
        .meta({
          description: 'Warn when the 5-minute load per core reaches this, e.g. 1.5.',
          expected: 'a positive number such as 1.5',
        })
        .optional(),
      critical: z
        .number()
        .positive()
        .meta({
          description: 'Critical when the 5-minute load per core reaches this, e.g. 3.',
          expected: 'a positive number such as 3',
        })
        .optional(),
    })
    .meta({ description: 'Thresholds of the 5-minute load average divided by the number of cores.' }),
  ordered('rising'),
);

const fillDaysLevels = withRules(
  z
    .strictObject({
      warning: z
        .int()
        .min(1)
        .meta({
          description: 'Warn when a filesystem is forecast full within this many days, e.g. 30.',
          expected: 'a whole number of days',
        })
        .optional(),
      critical: z
        .int()
        .min(1)
        .meta({
          description: 'Critical when a filesystem is forecast full within this many days, e.g. 7.',
          expected: 'a whole number of days',
        })
        .optional(),
    })
    .meta({ description: 'Thresholds of the forecast days until a filesystem is full.' }),
  ordered('falling'),
);

const filesystemKeys: ObjectRule = (value, report) => {
  for (const key of Object.keys(value)) {
    if (key !== 'default' && !key.startsWith('/'))
      report([key], `${quote(key)} is neither a mountpoint nor "default"`, {
        expected: 'a mountpoint such as /var/lib/postgresql, or default for every other filesystem',
        hint: `write the mountpoint as df shows it, starting with /, e.g. "/${key}"`,
      });
  }
};

const thresholdsSchema = z
  .strictObject({
    cpu: percentLevels('CPU use').optional(),
    memory: percentLevels('memory use').optional(),
    swap: percentLevels('swap use').optional(),
    load_per_core: loadLevels.optional(),
    filesystems: withRules(
      z.record(z.string(), percentLevels('the filesystem use')).meta({
        description:
          'Filesystem use thresholds by mountpoint ("/var/lib/postgresql"), and "default" for every other filesystem.',
        expected: 'mountpoints, each with warning and critical percentages',
      }),
      filesystemKeys,
    ).optional(),
    fill_days: fillDaysLevels.optional(),
  })
  .meta({ description: 'Where each reading warns and turns critical; what is left out keeps the default.' });

/** The `metrics:` block of a VM or a device. */
export const hostMetricsSchema = z
  .strictObject({ thresholds: thresholdsSchema.optional() })
  .meta({ description: 'Host metrics settings: thresholds per host (see docs/metrics.md).' });

export type HostMetricsSettings = z.output<typeof hostMetricsSchema>;

/** The `metrics` field of a stored VM or device spec, read leniently (the inventory was validated on apply). */
export function metricsSettingsOf(spec: Readonly<Record<string, unknown>>): HostMetricsSettings | undefined {
  const parsed = hostMetricsSchema.safeParse(spec.metrics);
  return parsed.success ? parsed.data : undefined;
}
