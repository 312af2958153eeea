/** Finds the zod schema that governs a document path, to explain a problem with that field's own words. */
import { z } from 'zod';
import type { FieldPath } from './field-path.js';

/** What the schema says about a field: how to describe a valid value, examples, known keys. */
export interface FieldInfo {
  /** The field's schema itself, to try a corrected value against it. */
  readonly schema?: z.ZodType;
  readonly expected?: string;
  readonly description?: string;
  readonly examples?: readonly unknown[];
  /** For a mapping: its known keys, in declaration order. */
  readonly keys?: readonly string[];
  /** For an enum: its accepted values. */
  readonly options?: readonly string[];
}

/** The schema and the wrappers around it (optional, default, pipe...), outermost first. */
function layersOf(schema: z.ZodType): z.ZodType[] {
  const layers: z.ZodType[] = [];
  let current: z.ZodType | undefined = schema;
  while (current && layers.length < 16) {
    layers.push(current);
    current = innerOf(current);
  }
  return layers;
}

function innerOf(schema: z.ZodType): z.ZodType | undefined {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodReadonly ||
    schema instanceof z.ZodNonOptional
  ) {
    return schema.unwrap() as z.ZodType;
  }
  if (schema instanceof z.ZodPipe) return schema.in as z.ZodType;
  return undefined;
}

/** The schema of the field at `path` under `root`, or undefined when the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: FieldPath): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    current = childOf(current, segment);
  }
  return current;
}

function childOf(schema: z.ZodType, segment: string | number | symbol): z.ZodType | undefined {
  for (const layer of layersOf(schema)) {
    if (layer instanceof z.ZodObject && typeof segment === 'string') {
      return (layer.shape as Record<string, z.ZodType>)[segment];
    }
    if (layer instanceof z.ZodArray && typeof segment === 'number') return layer.element as z.ZodType;
  }
  return undefined;
}

/** What the schema of the field at `path` says about it. */
export function fieldInfo(root: z.ZodType, path: FieldPath): FieldInfo {
  const schema = schemaAt(root, path);
  if (!schema) return {};
  let expected: string | undefined;
  let description: string | undefined;
  let examples: readonly unknown[] | undefined;
  let keys: readonly string[] | undefined;
  let options: readonly string[] | undefined;
  for (const layer of layersOf(schema)) {
    const meta = z.globalRegistry.get(layer);
    if (meta) {
      if (expected === undefined && typeof meta.expected === 'string') expected = meta.expected;
      if (description === undefined && typeof meta.description === 'string') description = meta.description;
      if (examples === undefined && Array.isArray(meta.examples)) examples = meta.examples;
    }
    if (keys === undefined && layer instanceof z.ZodObject) keys = Object.keys(layer.shape);
    if (options === undefined && layer instanceof z.ZodEnum) options = layer.options.map(String);
  }
  return {
    schema,
    ...(expected === undefined ? {} : { expected }),
    ...(description === undefined ? {} : { description }),
    ...(examples === undefined ? {} : { examples }),
    ...(keys === undefined ? {} : { keys }),
    ...(options === undefined ? {} : { options }),
  };
}
