/**
 * The availability target (`sla:`) of a website or a database, and its default in `check_defaults`:
 * the monthly availability report shows each service's measured figure against it, met or missed.
 */
import { z } from 'zod';
import { percentSchema } from './metrics.js';

/** `sla: { target: 99.9% }`. */
export const slaSchema = z
  .strictObject({
    target: percentSchema.meta({
      description: 'The monthly availability promised, e.g. 99.9% (maintenance windows left out).',
      expected: 'a percentage such as 99.9%',
    }),
  })
  .meta({ description: 'Availability target of the service, shown against its monthly availability.' });

export type SlaSettings = z.output<typeof slaSchema>;

/** The target of a stored spec's `sla` field as a ratio (0.999), read leniently; undefined without one. */
export function slaTargetOf(spec: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const parsed = slaSchema.safeParse(spec?.sla);
  // Rounded so that 99.9% is exactly 0.999 (99.9 / 100 is not), and an exact hit counts as met.
  return parsed.success ? Math.round(parsed.data.target * 10_000) / 1_000_000 : undefined;
}
