/**
 * A section validated by another domain's schema but stored as written: monitoring and alerting parse
 * their sections again when they read them (durations become milliseconds there), so the inventory
 * keeps the text the user wrote and only reports, located, what that schema refuses.
 */
import { z } from 'zod';
import { didYouMean } from '../loading/did-you-mean.js';
import type { FieldPath } from '../loading/field-path.js';
import { fieldInfo } from '../loading/schema-walk.js';

/** Accepts what `schema` accepts, outputs the input unchanged, and describes itself as `schema` to editors. */
export function asWritten(schema: z.ZodType, description: string): z.ZodType<unknown> {
  const { $schema: _draft, ...jsonSchema } = z.toJSONSchema(schema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
    // `expected` is metadata for Vigie's own messages, not JSON Schema (see json-schema.ts).
    override: ({ jsonSchema }) => {
      delete (jsonSchema as Record<string, unknown>).expected;
    },
  }) as Record<string, unknown>;
  return z
    .unknown()
    .superRefine((value, ctx) => {
      const result = schema.safeParse(value);
      if (result.success) return;
      for (const issue of result.error.issues) {
        const path = issue.path as FieldPath;
        if (issue.code === 'unrecognized_keys') {
          const known = fieldInfo(schema, path).keys ?? [];
          for (const key of issue.keys) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, key],
              message: `unknown field "${key}"`,
              params: {
                expected: `one of the fields: ${known.join(', ')}`,
                hint: didYouMean(key, known) ?? 'check its spelling and indentation, or remove it',
              },
            });
          }
          continue;
        }
        const params = (issue as { params?: Record<string, unknown> }).params ?? {};
        const expected = params.expected ?? fieldInfo(schema, path).expected;
        ctx.addIssue({
          code: 'custom',
          path: [...path],
          message: issue.message,
          params: {
            ...(typeof expected === 'string' ? { expected } : {}),
            ...(typeof params.hint === 'string' ? { hint: params.hint } : {}),
          },
        });
      }
    })
    .meta({ ...jsonSchema, description });
}
