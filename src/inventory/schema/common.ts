/** Building blocks shared by every inventory section: ids, references, text, checked values, cross-field rules. */
import { z } from 'zod';

/** Object ids: lowercase letters, digits and dashes, starting with a letter or digit. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const ID_MAX_LENGTH = 63;

/** The result of reading a text value: its normal form, or why it is not valid. */
export type ParseOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly hint?: string | undefined };

/** Shorthand for a successful {@link ParseOutcome}. */
export function parsed<T>(value: T): ParseOutcome<T> {
  return { ok: true, value };
}

/** Shorthand for a failed {@link ParseOutcome}. */
export function refused(message: string, hint?: string): ParseOutcome<never> {
  return { ok: false, message, hint };
}

/** Quotes a value the way the user typed it, for messages. */
export function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export interface CheckedTextOptions<T> {
  /** What a valid value looks like, for error messages: `a size such as 16GiB or 512MiB`. */
  readonly expected: string;
  /** Help shown by editors through the JSON Schema. */
  readonly description: string;
  /** A pattern for editors; the real check is `parse`. */
  readonly pattern?: RegExp;
  readonly examples?: readonly string[];
  readonly parse: (text: string) => ParseOutcome<T>;
}

/**
 * A text value checked and normalised by `parse`; its failures become one located problem carrying
 * `expected` and the parser's hint.
 */
export function checkedText<T>(options: CheckedTextOptions<T>) {
  const { expected, parse } = options;
  return z
    .string()
    .meta({
      description: options.description,
      expected,
      ...(options.pattern === undefined ? {} : { pattern: options.pattern.source }),
      ...(options.examples === undefined ? {} : { examples: [...options.examples] }),
    })
    .transform((text, ctx) => {
      const outcome = parse(text);
      if (outcome.ok) return outcome.value;
      ctx.addIssue({
        code: 'custom',
        message: outcome.message,
        input: text,
        params: { expected, ...(outcome.hint === undefined ? {} : { hint: outcome.hint }) },
      });
      return z.NEVER;
    });
}

function parseId(text: string): ParseOutcome<string> {
  if (ID_PATTERN.test(text) && text.length <= ID_MAX_LENGTH) return parsed(text);
  if (text.length > ID_MAX_LENGTH)
    return refused(`${quote(text)} is longer than ${ID_MAX_LENGTH} characters`);
  const suggestion = text
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const hint = ID_PATTERN.test(suggestion) ? `did you mean "${suggestion}"?` : undefined;
  return refused(`${quote(text)} is not a valid id`, hint);
}

const ID_EXPECTED = 'an id: lowercase letters, digits and dashes, such as db03 or host-03';

/** The `id` of an object: unique within its kind, used by references. */
export const idSchema = checkedText({
  expected: ID_EXPECTED,
  description: 'Identifier of this object, unique within its kind: lowercase letters, digits and dashes.',
  pattern: ID_PATTERN,
  examples: ['db03'],
  parse: parseId,
});

/** A reference to another object by its id; `what` says which kind, for editors. */
export function refSchema(what: string) {
  return checkedText({
    expected: `the id of ${what}`,
    description: `The id of ${what}.`,
    pattern: ID_PATTERN,
    parse: parseId,
  });
}

/** Non-empty text, trimmed. */
export function textSchema(description: string) {
  return z.string().trim().min(1).meta({ description, expected: 'some text' });
}

/** Free labels for filtering: `[production, php]`. */
export const tagsSchema = z
  .array(z.string().trim().min(1).max(64))
  .meta({ description: 'Free labels, e.g. [production, php].', expected: 'a list of labels' });

/** A version number written as text (`"8.2"`) or a whole number (`12`); stored as text. */
export const versionSchema = z
  .union([z.string().trim().min(1), z.number()])
  .meta({
    description: 'A version, e.g. "8.2" or 12. Quote versions with a dot.',
    expected: 'a version such as "8.2" or 12',
  })
  .transform((value, ctx) => {
    if (typeof value === 'string') return value;
    if (Number.isInteger(value)) return String(value);
    // YAML reads 8.10 as the number 8.1: refuse numbers with a fraction rather than store a wrong version.
    ctx.addIssue({
      code: 'custom',
      message: `${value} is a number, and YAML drops trailing zeros from numbers (8.10 becomes 8.1)`,
      input: value,
      // The loader replaces the hint's value with the text as written (8.10, not 8.1).
      params: {
        expected: 'a version in quotes, such as "8.2"',
        hint: `write it in quotes: "${value}"`,
        quoteAsWritten: true,
      },
    });
    return z.NEVER;
  });

/** Reports one problem at `path` (relative to the object the rule checks). */
export type RuleReport = (
  path: readonly (string | number)[],
  message: string,
  extra?: { readonly expected?: string; readonly hint?: string },
) => void;

/** A check across the fields of one object; it must tolerate fields that failed their own checks. */
export type ObjectRule = (value: Readonly<Record<string, unknown>>, report: RuleReport) => void;

/**
 * Adds cross-field rules to an object schema. They run even when some fields failed, so that every
 * problem of a file shows at once; hence they read `unknown` values and skip what they cannot judge.
 */
export function withRules<S extends z.ZodType>(schema: S, ...rules: readonly ObjectRule[]): S {
  return schema.superRefine(
    (value, ctx) => {
      if (!isRecord(value)) return;
      const report: RuleReport = (path, message, extra = {}) => {
        ctx.addIssue({
          code: 'custom',
          path: [...path],
          message,
          params: { ...extra },
        });
      };
      for (const rule of rules) rule(value, report);
    },
    { when: () => true },
  );
}

/** True for a plain mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A rule: within the list `listKey`, the field `field` of each item is unique (interface names, disk names...). */
export function uniqueWithin(listKey: string, field: string, what: string): ObjectRule {
  return (value, report) => {
    const list = value[listKey];
    if (!Array.isArray(list)) return;
    const seen = new Map<unknown, number>();
    list.forEach((item: unknown, index) => {
      const name = isRecord(item) ? item[field] : item;
      if (typeof name !== 'string' && typeof name !== 'number') return;
      const first = seen.get(name);
      if (first === undefined) seen.set(name, index);
      else
        report(
          [listKey, index, ...(field === '' ? [] : [field])],
          `${what} ${quote(name)} is already listed at ${listKey}[${first}]`,
          { hint: 'remove or rename one of them' },
        );
    });
  };
}
