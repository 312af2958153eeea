/** Option schemas shared by the check kinds: durations in milliseconds, host names, ports, the timeout. */
import net from 'node:net';
import { z } from 'zod';

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const DURATION_FACTORS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/** Reads `500ms`, `5s`, `1.5s`, `2m`, or a bare number of seconds, as milliseconds; undefined if invalid. */
export function parseDurationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * (DURATION_FACTORS[match[2] ?? ''] ?? Number.NaN);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

/** A positive duration such as `5s` or `500ms` (a bare number means seconds), parsed to milliseconds. */
export const durationMsSchema = z
  .union([z.number(), z.string()])
  .meta({
    description: 'A duration: 500ms, 5s, 1.5s, 2m, or a number of seconds.',
    examples: ['5s', '500ms'],
  })
  .transform((value, ctx) => {
    const ms = parseDurationMs(value);
    if (ms !== undefined) return ms;
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)} is not a duration`,
      input: value,
      params: { hint: 'write e.g. 500ms, 5s or 1m' },
    });
    return z.NEVER;
  });

const HOST_NAME_PATTERN =
  /^(?=.{1,253}\.?$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Whether `value` is an IP literal (brackets allowed for IPv6) or a DNS host name, and nothing else. */
export function isHostOrAddress(value: string): boolean {
  const literal = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return net.isIP(literal) !== 0 || HOST_NAME_PATTERN.test(value);
}

/** A host name or IP address; anything else (spaces, options such as `-f`, shell syntax) is refused. */
export const hostSchema = z
  .string()
  .meta({ description: 'A host name or an IP address.', examples: ['host03.lan', '10.20.0.13'] })
  .refine(isHostOrAddress, { message: 'Not a host name or an IP address' });

/** A TCP or UDP port. */
export const portSchema = z.number().int().min(1).max(65_535);

/** The default budget of one attempt. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The options every kind has. */
export const baseSpecShape = {
  timeout: durationMsSchema.default(DEFAULT_TIMEOUT_MS),
};

/** A regular expression given as text, compiled at parse time so that a bad one is a located error. */
export const regexSourceSchema = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      // The refusal is the answer: zod turns `false` into a located issue.
      return false;
    }
  },
  { message: 'Not a valid regular expression' },
);
