/** The restore plan's options, one schema for the CLI and the API. */
import { z } from 'zod';

export const restorePlanOptionsSchema = z.strictObject({
  lang: z.enum(['fr', 'en']).default('fr'),
  format: z.enum(['html', 'pdf']).default('html'),
});
