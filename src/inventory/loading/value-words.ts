/** Words for values in problem messages: what a value is (`a list`), how to show it, how to name a field. */
import type { FieldPath } from './field-path.js';

/** How messages name the types zod expects. */
export const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/** The head of an expectation: `a size such as 16GiB` → `a size`. */
export function nounOf(expected: string): string {
  return expected.split(' such as ')[0]?.split(': ')[0]?.split(', ')[0] ?? expected;
}

/** The name of the field a path ends in (`disks` for `vms[0].disks[1]`), or `value`. */
export function lastName(path: FieldPath): string {
  const named = [...path].reverse().find((segment) => typeof segment === 'string');
  return named === undefined ? 'value' : String(named);
}

/** True for a mapping (not a list, not null). */
export function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, in words: `text`, `a number`, `a list`... */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** Shows a value briefly, the way it could be written in YAML. */
export function show(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  return String(value);
}
