/** The HTTP check's expectations on a response: status codes, a keyword or regex, a JSON path's value. */
import { z } from 'zod';
import { regexSourceSchema } from './probe-spec.js';

const STATUS_CLASS = /^[1-5]xx$/;

/** One accepted status: `200`, or a class such as `2xx`. */
export const statusSchema = z.union([
  z.number().int().min(100).max(599),
  z.string().regex(STATUS_CLASS, 'Write a status code (200) or a class (2xx)'),
]);

export const httpExpectShape = {
  /** Accepted statuses; any 2xx unless told. */
  status: z.union([statusSchema, z.array(statusSchema).min(1)]).optional(),
  /** Text the body must contain. */
  keyword: z.string().min(1).optional(),
  /** A regular expression the body must match. */
  regex: regexSourceSchema.optional(),
  /** A dotted path into a JSON body (`status.db`, `items.0.state`) and the value expected there. */
  json: z.strictObject({ path: z.string().min(1), equals: z.unknown() }).optional(),
};

export interface HttpExpectations {
  readonly status?: number | string | readonly (number | string)[] | undefined;
  readonly keyword?: string | undefined;
  readonly regex?: string | undefined;
  readonly json?: { readonly path: string; readonly equals?: unknown } | undefined;
}

/** Whether `status` is accepted; `2xx` when nothing is configured. */
export function statusAccepted(expect: HttpExpectations, status: number): boolean {
  const wanted = expect.status === undefined ? ['2xx'] : [expect.status].flat();
  return wanted.some((entry) =>
    typeof entry === 'number' ? entry === status : Math.floor(status / 100) === Number(entry[0]),
  );
}

/** `200`, `2xx`, `200 or 204`, for messages. */
export function describeStatuses(expect: HttpExpectations): string {
  const wanted = expect.status === undefined ? ['2xx'] : [expect.status].flat();
  return wanted.map(String).join(' or ');
}

/** Whether a keyword, a regex or a JSON path is asked for, so the body must be read at all. */
export function needsBody(expect: HttpExpectations): boolean {
  return expect.keyword !== undefined || expect.regex !== undefined || expect.json !== undefined;
}

/** Why the body does not meet the expectations, or undefined when it does. */
export function bodyProblem(expect: HttpExpectations, body: string, truncated: boolean): string | undefined {
  const where = truncated ? ' (in the part read, the body exceeded the size cap)' : '';
  if (expect.keyword !== undefined && !body.includes(expect.keyword)) {
    return `keyword ${JSON.stringify(expect.keyword)} not found in the body${where}`;
  }
  if (expect.regex !== undefined && !new RegExp(expect.regex).test(body)) {
    return `body does not match /${expect.regex}/${where}`;
  }
  if (expect.json !== undefined) {
    if (truncated) return 'the JSON body exceeded the size cap: raise maxBodySize';
    let document: unknown;
    try {
      document = JSON.parse(body);
    } catch {
      return `body is not JSON (expected ${expect.json.path} = ${JSON.stringify(expect.json.equals)})`;
    }
    const found = valueAtPath(document, expect.json.path);
    if (!found.present) return `JSON path ${expect.json.path} not found`;
    if (!jsonEqual(found.value, expect.json.equals)) {
      return `JSON ${expect.json.path} is ${JSON.stringify(found.value)}, expected ${JSON.stringify(expect.json.equals)}`;
    }
  }
  return undefined;
}

/** Follows a dotted path (`a.b.0.c`: numbers index arrays). */
export function valueAtPath(document: unknown, path: string): { present: boolean; value?: unknown } {
  let current: unknown = document;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) {
      return { present: false };
    }
    current = (current as Record<string, unknown>)[key];
  }
  return { present: true, value: current };
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Inventories are YAML: `equals: "42"` and `equals: 42` should both match 42, as people write them.
  if (typeof a !== 'object' && typeof b !== 'object') return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}
