/** The field-by-field difference between an audit event's `before` and `after`, for people to read. */
import { isMoney } from './value-format.js';

export interface FieldChange {
  /** Dotted path with indexes, e.g. `disks[0].size`; empty for a scalar before/after. */
  readonly path: string;
  readonly op: 'add' | 'change' | 'remove';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Leaves of a JSON value by path; arrays of scalars are kept whole (a list of domains reads better so). */
export function flatten(
  value: unknown,
  prefix = '',
  into = new Map<string, unknown>(),
): Map<string, unknown> {
  if (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null)) {
    value.forEach((item, index) => {
      flatten(item, `${prefix}[${index}]`, into);
    });
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isMoney(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix !== '') into.set(prefix, value);
    for (const [key, child] of entries) flatten(child, prefix === '' ? key : `${prefix}.${key}`, into);
  } else if (value !== undefined) {
    into.set(prefix, value);
  }
  return into;
}

/** Every leaf that differs between `before` and `after`, in the order of `after` then removed ones. */
export function diffValues(before: unknown, after: unknown): FieldChange[] {
  const old = before === null || before === undefined ? new Map<string, unknown>() : flatten(before);
  const next = after === null || after === undefined ? new Map<string, unknown>() : flatten(after);
  const changes: FieldChange[] = [];
  for (const [path, value] of next) {
    if (!old.has(path)) changes.push({ path, op: 'add', after: value });
    else if (JSON.stringify(old.get(path)) !== JSON.stringify(value)) {
      changes.push({ path, op: 'change', before: old.get(path), after: value });
    }
  }
  for (const [path, value] of old) {
    if (!next.has(path)) changes.push({ path, op: 'remove', before: value });
  }
  return changes;
}
