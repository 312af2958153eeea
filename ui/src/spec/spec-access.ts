/** Typed reads of an object's spec (JSON from the API), tolerant of fields a kind does not have. */
import type { Spec } from '../api/types.js';

/** The value at a dotted path such as `tls.issuer`, or undefined. */
export function specValue(spec: Spec | undefined, path: string): unknown {
  let current: unknown = spec;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A string field, or undefined (numbers are turned into text, empty strings are undefined). */
export function specText(spec: Spec | undefined, path: string): string | undefined {
  const value = specValue(spec, path);
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function specNumber(spec: Spec | undefined, path: string): number | undefined {
  const value = specValue(spec, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function specBoolean(spec: Spec | undefined, path: string): boolean | undefined {
  const value = specValue(spec, path);
  return typeof value === 'boolean' ? value : undefined;
}

/** An array field, or an empty array. */
export function specList(spec: Spec | undefined, path: string): readonly unknown[] {
  const value = specValue(spec, path);
  return Array.isArray(value) ? value : [];
}

/** An array of strings, or an empty array (non-strings are dropped). */
export function specTexts(spec: Spec | undefined, path: string): readonly string[] {
  return specList(spec, path).filter((item): item is string => typeof item === 'string');
}

/** A nested object field, or undefined. */
export function specRecord(spec: Spec | undefined, path: string): Spec | undefined {
  const value = specValue(spec, path);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Spec) : undefined;
}

/**
 * The name people use for an object: its `name`, an organisation's trade or legal name, a contract's
 * title, a host's `hostname`, else its key.
 */
export function displayName(object: {
  readonly key: string;
  readonly name?: string;
  readonly spec: Spec;
}): string {
  if (object.name !== undefined && object.name !== '' && object.name !== object.key) return object.name;
  return (
    specText(object.spec, 'name') ??
    specText(object.spec, 'trade_name') ??
    specText(object.spec, 'legal_name') ??
    specText(object.spec, 'title') ??
    specText(object.spec, 'reference') ??
    specText(object.spec, 'hostname') ??
    object.key
  );
}
